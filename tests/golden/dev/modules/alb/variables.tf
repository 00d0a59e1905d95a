variable "name" {
  type        = string
  description = "Name of the load balancer (also the prefix of its security group and target group)."

  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,27}[a-zA-Z0-9]$", var.name))
    error_message = "name must be 2-29 alphanumeric or hyphen characters (the target group appends -tg, limit 32)."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the load balancer and its target group."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Subnets of the load balancer (public subnets for an internet-facing ALB), in at least two AZs."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "An ALB needs subnets in at least two availability zones."
  }
}

variable "internal" {
  type        = bool
  description = "true for an internal ALB. An internet-facing ALB (false) is the only case where 0.0.0.0/0 ingress makes sense."
  default     = false
}

variable "https_enabled" {
  type        = bool
  description = "Create the HTTPS listener. false until the certificate is issued: AWS refuses a listener on a pending certificate. The HTTP listener redirects to HTTPS either way, so nothing is served before."
}

variable "certificate_arn" {
  type        = string
  description = "ARN of an issued ACM certificate for the HTTPS listener; take it from an aws_acm_certificate_validation (e.g. the acm_certificate module's validated_arn) so that the listener waits for the issuance. Required when https_enabled."
  default     = null
}

variable "ssl_policy" {
  type        = string
  description = "TLS security policy of the HTTPS listener."
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "deletion_protection" {
  type        = bool
  description = "Enable ALB deletion protection (true in production)."
}

variable "idle_timeout" {
  type        = number
  description = "Idle connection timeout, in seconds."
  default     = 60
}

variable "access_logs_bucket" {
  type        = string
  description = "Name of the S3 bucket (SSE-S3, with an ELB log delivery policy) receiving the access logs."
}

variable "access_logs_prefix" {
  type        = string
  description = "Key prefix of the access logs in the bucket."
  default     = "alb"
}

variable "target_port" {
  type        = number
  description = "Port the targets (containers) listen on."
}

variable "health_check_path" {
  type        = string
  description = "HTTP path of the target health check."
  default     = "/health/"
}

variable "health_check_matcher" {
  type        = string
  description = "HTTP codes considered healthy."
  default     = "200"
}

variable "deregistration_delay" {
  type        = number
  description = "Seconds to drain a deregistering target."
  default     = 30
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource (the provider's default_tags carry the mandatory ones)."
  default     = {}
}
