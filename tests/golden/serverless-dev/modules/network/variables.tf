variable "name" {
  type        = string
  description = "Name prefix for every network resource (e.g. <project>-<environment>)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 characters of lowercase letters, digits and hyphens."
  }
}

variable "cidr_block" {
  type        = string
  description = "IPv4 CIDR of the VPC. A /16 is expected by the address plan (public /24s, private /20s, database /24s)."

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && tonumber(split("/", var.cidr_block)[1]) <= 16
    error_message = "cidr_block must be a valid IPv4 CIDR of prefix length /16 or shorter."
  }
}

variable "az_count" {
  type        = number
  description = "Number of availability zones to spread the subnets over (2 or 3)."

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 3
    error_message = "az_count must be 2 or 3."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "true: one NAT gateway shared by all private subnets (cheaper, single-AZ egress). false: one NAT gateway per AZ (highly available)."
}

variable "flow_log_retention_in_days" {
  type        = number
  description = "Retention of the VPC flow log group, in days (a value CloudWatch Logs accepts)."

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_retention_in_days)
    error_message = "flow_log_retention_in_days must be a retention value accepted by CloudWatch Logs."
  }
}

variable "flow_log_kms_key_arn" {
  type        = string
  description = "ARN of the CMK that encrypts the flow log group (its policy must allow logs.<region>.amazonaws.com)."
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource (the provider's default_tags carry the mandatory ones)."
  default     = {}
}

variable "availability_zone_names" {
  type        = list(string)
  description = "Explicit availability zone names (exactly az_count of them). null pins <region>a, <region>b and <region>c (the first az_count)."
  default     = null
}

variable "permissions_boundary_arn" {
  type        = string
  description = "ARN of the permissions boundary every IAM role of this module carries (the project's workload boundary, created by bootstrap/). null: none."
  default     = null
}

variable "internet_ingress_ports" {
  type        = list(number)
  description = "TCP ports the public subnets accept from the internet (443 and 80 for an internet-facing load balancer; empty when only NAT gateways live there)."
  default     = []
}

variable "app_ports" {
  type        = list(number)
  description = "TCP ports the load balancer reaches in the private subnets (the containers' ports)."
  default     = []
}

variable "data_ports" {
  type        = list(number)
  description = "TCP ports of the databases and caches in the database subnets, reachable from the rest of the VPC but not from the public subnets."
  default     = []
}

variable "s3_endpoint" {
  type = object({
    bucket_arns      = list(string)
    ecr_image_layers = bool
  })
  description = "What the private subnets may reach through the S3 gateway endpoint: the stack's bucket ARNs (this account's principals only) and ECR's image layer bucket (for container images). null, or nothing to reach, creates no endpoint."
  default     = null
}
