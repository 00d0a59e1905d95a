variable "project_id" {
  type        = string
  description = "ID of the Google Cloud project."
}

variable "project_number" {
  type        = string
  description = "Number of the project (the budget filter names it by number)."
}

variable "name" {
  type        = string
  description = "Prefix of resource names (project-environment)."
}

variable "region" {
  type        = string
  description = "Region of the log bucket and of the topics' message storage."
}

variable "labels" {
  type        = map(string)
  description = "Labels of resources whose labels the provider's default_labels do not reach (notification channels)."
}

variable "log_retention_days" {
  type        = number
  description = "Days the audit log bucket keeps entries."

  validation {
    condition     = var.log_retention_days >= 1 && var.log_retention_days <= 3650
    error_message = "log_retention_days must be between 1 and 3650."
  }
}

variable "lock_log_bucket" {
  type        = bool
  description = "Lock the audit log bucket: irreversible (no deletion, no shorter retention, ever)."
}

variable "logs_kms_key" {
  type        = string
  description = "Cloud KMS key of the audit log bucket (same region)."
}

variable "pubsub_kms_key" {
  type        = string
  description = "Cloud KMS key of the findings and asset-change topics."
}

variable "billing_account" {
  type        = string
  description = "Billing account ID (XXXXXX-XXXXXX-XXXXXX) the budget is created on."

  validation {
    condition     = can(regex("^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$", var.billing_account))
    error_message = "billing_account must look like 012345-6789AB-CDEF01."
  }
}

variable "budget_amount" {
  type        = number
  description = "Monthly budget, in the billing account's currency."

  validation {
    condition     = var.budget_amount > 0
    error_message = "budget_amount must be positive."
  }
}

variable "notification_emails" {
  type        = list(string)
  description = "Addresses of the budget alerts (besides the billing account's budget recipients)."
  default     = []
}

variable "enforce_public_access_prevention" {
  type        = bool
  description = "Enforce storage.publicAccessPrevention on the project (false only when a static site's bucket must be publicly readable; every bucket then enforces it itself)."
  default     = true
}
