variable "name" {
  type        = string
  description = "Name prefix of the security groups (<name>-alb-, <name>-app-, <name>-db-)."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the security groups."
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

variable "db_port" {
  type        = number
  description = "Port of the database (5432 for PostgreSQL)."
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource (the provider's default_tags carry the mandatory ones)."
  default     = {}
}
