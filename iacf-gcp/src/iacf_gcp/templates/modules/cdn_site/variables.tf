variable "name" {
  type        = string
  description = "Globally unique name of the site bucket, prefix of the load balancer's resources; the usage-log bucket is NAME-logs."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$", var.name))
    error_message = "name must be 3-50 lowercase letters, digits or dashes (the log bucket adds -logs, the certificate -cert)."
  }
}

variable "location" {
  type        = string
  description = "Region of the buckets (the region of the key too)."
}

variable "kms_key" {
  type        = string
  description = "Cloud KMS key ID encrypting both buckets (Cloud Storage's service agent must hold encrypter/decrypter on it)."
}

variable "domains" {
  type        = list(string)
  description = "Domain names of the managed certificate (their DNS A records must point at the load balancer's address)."

  validation {
    condition     = length(var.domains) >= 1 && alltrue([for d in var.domains : can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", d))])
    error_message = "domains must be one or more lowercase DNS names."
  }
}

variable "index_document" {
  type        = string
  description = "Object served for a directory path (and, for a single-page application, for every unknown path)."
  default     = "index.html"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+$", var.index_document))
    error_message = "index_document must be a file name without a path."
  }
}

variable "error_document" {
  type        = string
  description = "Object served with status 404 for a missing file."
  default     = "404.html"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+$", var.error_document))
    error_message = "error_document must be a file name without a path."
  }
}

variable "spa" {
  type        = bool
  description = "Single-page application: a missing path serves index_document with status 200."
  default     = false
}

variable "default_ttl" {
  type        = number
  description = "Seconds Cloud CDN and browsers keep a file that sets no Cache-Control of its own."
  default     = 3600

  validation {
    condition     = var.default_ttl >= 0 && var.default_ttl <= 86400
    error_message = "default_ttl must be between 0 and 86400 seconds."
  }
}

variable "max_ttl" {
  type        = number
  description = "Upper bound of the seconds a file is cached, whatever its Cache-Control says."
  default     = 86400
}

variable "blocked_ip_ranges" {
  type        = list(string)
  description = "Address ranges (CIDR) the edge policy answers with 403."
  default     = []

  validation {
    condition     = length(var.blocked_ip_ranges) <= 10 && alltrue([for r in var.blocked_ip_ranges : can(cidrhost(r, 0))])
    error_message = "blocked_ip_ranges takes at most 10 CIDR ranges (one basic match condition)."
  }
}

variable "blocked_regions" {
  type        = list(string)
  description = "ISO 3166-1 alpha-2 region codes the edge policy answers with 403."
  default     = []

  validation {
    condition     = length(var.blocked_regions) <= 5 && alltrue([for r in var.blocked_regions : can(regex("^[A-Z]{2}$", r))])
    error_message = "blocked_regions takes at most 5 two-letter uppercase region codes (one expression's subexpressions)."
  }
}

variable "publishers" {
  type        = list(string)
  description = "IAM members (serviceAccount: or group:) that publish the site: objectAdmin on the site bucket only."
  default     = []

  validation {
    condition     = alltrue([for m in var.publishers : can(regex("^(serviceAccount|group):[^@]+@[^@]+$", m))])
    error_message = "publishers must be serviceAccount: or group: members (never allUsers or a user)."
  }
}

variable "noncurrent_version_days" {
  type        = number
  description = "Days a replaced or deleted file version is kept before deletion."
  default     = 30
}

variable "soft_delete_days" {
  type        = number
  description = "Days a deleted file stays restorable (soft delete, 7 to 90)."
  default     = 7

  validation {
    condition     = var.soft_delete_days >= 7 && var.soft_delete_days <= 90
    error_message = "soft_delete_days must be between 7 and 90."
  }
}

variable "access_log_days" {
  type        = number
  description = "Days the usage logs are kept."
  default     = 400
}

variable "force_destroy" {
  type        = bool
  description = "Let Terraform delete the buckets with their objects (never in prod)."
  default     = false
}

variable "labels" {
  type        = map(string)
  description = "Labels of the buckets (the provider's default_labels are added)."
  default     = {}
}
