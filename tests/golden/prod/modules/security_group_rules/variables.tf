variable "name" {
  type        = string
  description = "Name prefix used in the Name tags of the rules."
}

variable "alb_security_group_id" {
  type        = string
  description = "Security group of the load balancer."
}

variable "app_security_group_id" {
  type        = string
  description = "Security group of the application tasks."
}

variable "alb_ingress_cidr_ipv4" {
  type        = list(string)
  description = "IPv4 CIDRs allowed to reach the ALB on 443 and 80. 0.0.0.0/0 only for an internet-facing ALB."
  default     = []
}

variable "alb_ingress_cidr_ipv6" {
  type        = list(string)
  description = "IPv6 CIDRs allowed to reach the ALB on 443 and 80. ::/0 only for an internet-facing ALB."
  default     = []
}

variable "app_port" {
  type        = number
  description = "Port the application containers listen on."
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource (the provider's default_tags carry the mandatory ones)."
  default     = {}
}

variable "databases" {
  type = map(object({
    security_group_id = string
    port              = number
  }))
  description = "Databases the application reaches, keyed by a stable name: each gets app-to-db egress and db-from-app ingress on its port only."
  default     = {}
}
