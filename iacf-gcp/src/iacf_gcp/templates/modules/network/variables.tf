variable "name" {
  type        = string
  description = "Name of the network and prefix of its parts."
}

variable "region" {
  type        = string
  description = "Region of the subnet, router and NAT."
}

variable "cidr" {
  type        = string
  description = "Primary range of the subnet."

  validation {
    condition     = can(cidrhost(var.cidr, 0))
    error_message = "cidr must be an IPv4 CIDR block."
  }
}

variable "flow_sampling" {
  type        = number
  description = "Share of flows the flow logs sample (0.0-1.0)."

  validation {
    condition     = var.flow_sampling > 0 && var.flow_sampling <= 1
    error_message = "flow_sampling must be in (0, 1]."
  }
}

variable "private_services_prefix_length" {
  type        = number
  description = "Prefix length of the range reserved for Private Service Access (16-24)."
  default     = 20
}

variable "egress" {
  type = map(object({
    description         = string
    target_tags         = list(string)
    ports               = list(string)
    to_private_services = optional(bool, false)
    to_google_apis      = optional(bool, false)
    destination_ranges  = optional(list(string), [])
  }))
  description = "Egress allowed over the deny-all rule: name => TCP ports from the tagged workloads to the private services range, to private.googleapis.com (to_google_apis) or to destination_ranges."
  default     = {}

  validation {
    condition     = alltrue([for e in values(var.egress) : length(e.destination_ranges) > 0 || e.to_private_services || e.to_google_apis])
    error_message = "Each egress entry names its destination: to_private_services, to_google_apis or destination_ranges."
  }
}

variable "cloud_nat" {
  type        = bool
  description = "Create a Cloud Router and Cloud NAT for the subnet: only when an egress entry reaches internet addresses."
  default     = false
}

variable "google_apis_domains" {
  type        = list(string)
  description = "Domains whose names resolve to private.googleapis.com inside the VPC (private DNS zones)."
  default     = ["googleapis.com", "pkg.dev", "gcr.io", "run.app", "cloudfunctions.net"]

  validation {
    condition     = contains(var.google_apis_domains, "googleapis.com")
    error_message = "google_apis_domains includes googleapis.com (the Google APIs themselves)."
  }
}

variable "secondary_ranges" {
  type        = map(string)
  description = "Secondary ranges of the subnet (alias IPs of GKE pods and services): name => CIDR block."
  default     = {}

  validation {
    condition     = alltrue([for r in values(var.secondary_ranges) : can(cidrhost(r, 0))])
    error_message = "secondary_ranges must be IPv4 CIDR blocks."
  }
}
