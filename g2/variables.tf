variable "project" {
  type        = string
  description = "Project name, used in resource names and the Project tag."
  default     = "static-site"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,13}[a-z0-9]$", var.project))
    error_message = "The project must be 3-15 lowercase letters, digits or dashes (it prefixes names with tight length limits, such as the load balancer's)."
  }
}

variable "environment" {
  type        = string
  description = "Deployment environment, used in names and the Environment tag. This configuration holds the decisions for dev only."
  default     = "dev"

  validation {
    condition     = contains(["dev"], var.environment)
    error_message = "This root module holds the dev configuration (DECISIONS.md); regenerate it for another environment."
  }
}

variable "region" {
  type        = string
  description = "AWS region to deploy to."
  default     = "eu-west-3"
}

variable "owner" {
  type        = string
  description = "Team or person accountable for the resources (Owner tag)."
  default     = "platform-team"
}

variable "cost_center" {
  type        = string
  description = "Cost center charged for the resources (CostCenter tag)."
  default     = "unassigned"
}

variable "site_domain_name" {
  type        = string
  description = "Public host name of the static site site (ACM certificate subject, CloudFront alias; point it at the distribution)."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.site_domain_name))
    error_message = "The domain name must be a lowercase fully qualified domain name."
  }
}

variable "site_content_security_policy" {
  type        = string
  description = "Content-Security-Policy header of the static site site; widen it for the origins the site loads from (APIs, fonts, analytics)."
  default     = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests"
}

variable "site_https_enabled" {
  type        = bool
  description = "Serve HTTPS for var.site_domain_name: creates the CloudFront distribution, which waits for the certificate to be issued. Without dns_zone_id, false until ACM shows the certificate ISSUED (README, first deployment); turned on earlier, plan stops with the records to create."
  default     = false
}

variable "dns_zone_id" {
  type        = string
  description = "Public Route 53 hosted zone of the domain names, in this account: Terraform creates the certificate validation and alias records there, and HTTPS can be on from the first apply. null: the records are outputs you create in the zone (another account, another DNS provider)."
  default     = null

  validation {
    condition     = var.dns_zone_id == null || can(regex("^Z[A-Z0-9]{1,31}$", var.dns_zone_id))
    error_message = "dns_zone_id must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ (or null)."
  }
}
