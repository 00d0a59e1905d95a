variable "project_id" {
  type        = string
  description = "Project of the database."
}

variable "name" {
  type        = string
  description = "Database ID (4-63 lowercase letters, digits or dashes, starting with a letter)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,61}[a-z0-9]$", var.name))
    error_message = "name must be 4-63 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "Regional location of the database (the region of its key)."
}

variable "kms_key" {
  type        = string
  description = "Cloud KMS key of the database (Firestore's service agent must hold encrypter/decrypter on it)."
}

variable "concurrency_mode" {
  type        = string
  description = "PESSIMISTIC (default in Native mode) or OPTIMISTIC transactions."
  default     = "PESSIMISTIC"

  validation {
    condition     = contains(["PESSIMISTIC", "OPTIMISTIC"], var.concurrency_mode)
    error_message = "concurrency_mode must be PESSIMISTIC or OPTIMISTIC."
  }
}

variable "point_in_time_recovery" {
  type        = bool
  description = "Keep 7 days of versions readable at any minute."
  default     = true
}

variable "delete_protection" {
  type        = bool
  description = "Refuse the database's deletion (and let Terraform only forget it)."
  default     = true
}

variable "weekly_backup_weeks" {
  type        = number
  description = "Weeks a weekly backup is kept (0: none, at most 14); a daily backup is always kept 7 days."
  default     = 0

  validation {
    condition     = var.weekly_backup_weeks >= 0 && var.weekly_backup_weeks <= 14
    error_message = "weekly_backup_weeks must be between 0 and 14."
  }
}

variable "clients" {
  type = map(object({
    email  = string
    access = string
  }))
  description = "Workload => its service account email and access (read, write or read_write), conditioned on this database."
  default     = {}

  validation {
    condition     = alltrue([for c in values(var.clients) : contains(["read", "write", "read_write"], c.access)])
    error_message = "each client's access must be read, write or read_write."
  }
}
