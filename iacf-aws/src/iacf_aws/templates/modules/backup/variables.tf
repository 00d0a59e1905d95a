variable "name" {
  type        = string
  description = "Name prefix of the vault (<name>-backups), plan, selection and role."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 characters of lowercase letters, digits and hyphens."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "CMK encrypting the vault's recovery points of fully managed types (S3); RDS, Aurora and DynamoDB snapshots keep their source key."
}

variable "resource_arns" {
  type        = list(string)
  description = "ARNs of the resources to protect (RDS instances, Aurora clusters, DynamoDB tables, S3 buckets...)."

  validation {
    condition     = length(var.resource_arns) > 0
    error_message = "Name at least one resource to protect."
  }
}

variable "s3_buckets" {
  type        = bool
  description = "Whether resource_arns include S3 buckets (the role then gets the S3 backup and restore policies; the buckets need versioning)."
  default     = false
}

variable "notifications_topic_arn" {
  type        = string
  description = "SNS topic receiving backup, restore and recovery-point events (its policy and key must let backup.amazonaws.com publish)."
}

variable "vault_lock" {
  type        = bool
  description = "Lock the vault (WORM): recovery points cannot be deleted early; in compliance mode after lock_changeable_for_days."
  default     = true
}

variable "lock_min_retention_days" {
  type        = number
  description = "Shortest retention a recovery point of the locked vault may have."
  default     = 7
}

variable "lock_changeable_for_days" {
  type        = number
  description = "Grace period (days, at least 3) during which the vault lock can still be removed; afterwards it is permanent."
  default     = 3

  validation {
    condition     = var.lock_changeable_for_days >= 3
    error_message = "AWS Backup requires at least 3 days before a compliance-mode lock becomes permanent."
  }
}

variable "daily_schedule" {
  type        = string
  description = "When the daily recovery point is taken (cron in UTC; outside the databases' backup and maintenance windows)."
  default     = "cron(0 5 * * ? *)"
}

variable "daily_retention_days" {
  type        = number
  description = "Days a daily recovery point is kept."
  default     = 35
}

variable "monthly_schedule" {
  type        = string
  description = "When the monthly recovery point is taken (cron in UTC)."
  default     = "cron(0 5 1 * ? *)"
}

variable "monthly_retention_days" {
  type        = number
  description = "Days a monthly recovery point is kept (also the vault lock's longest retention)."
  default     = 365
}

variable "permissions_boundary_arn" {
  type        = string
  description = "Permissions boundary of the AWS Backup role (null: none)."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource and recovery point (the provider's default_tags carry the mandatory ones)."
  default     = {}
}
