variable "name" {
  type        = string
  description = "Globally unique bucket name; the usage-log bucket is NAME-logs."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]{1,56}[a-z0-9]$", var.name))
    error_message = "name must be 3-58 lowercase letters, digits, dashes or underscores (the log bucket adds -logs)."
  }
}

variable "location" {
  type        = string
  description = "Region of the buckets (the region of the key too)."
}

variable "storage_class" {
  type        = string
  description = "Default storage class of new objects."
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE"], var.storage_class)
    error_message = "storage_class must be STANDARD, NEARLINE, COLDLINE or ARCHIVE."
  }
}

variable "kms_key" {
  type        = string
  description = "Cloud KMS key ID encrypting both buckets (Cloud Storage's service agent must hold encrypter/decrypter on it)."
}

variable "noncurrent_version_days" {
  type        = number
  description = "Days a replaced or deleted object version is kept before deletion."
}

variable "retention_days" {
  type        = number
  description = "Retention policy in days (0: none). Objects cannot be deleted or replaced before it; versioning is off then (Cloud Storage refuses both)."
  default     = 0

  validation {
    condition     = var.retention_days >= 0 && var.retention_days <= 36500 && floor(var.retention_days) == var.retention_days
    error_message = "retention_days must be a whole number of days between 0 and 36500."
  }
}

variable "expiration_days" {
  type        = number
  description = "Days after which live objects are deleted (0: never)."
  default     = 0
}

variable "soft_delete_days" {
  type        = number
  description = "Days a deleted object stays restorable (soft delete, 7 to 90)."
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

variable "clients" {
  type = map(object({
    email  = string
    access = string
  }))
  description = "Workload => its service account email and access (read, write or read_write), granted on this bucket only."
  default     = {}

  validation {
    condition     = alltrue([for c in values(var.clients) : contains(["read", "write", "read_write"], c.access)])
    error_message = "each client's access must be read, write or read_write."
  }
}

variable "labels" {
  type        = map(string)
  description = "Labels of the buckets (the provider's default_labels are added)."
  default     = {}
}
