variable "name" {
  type        = string
  description = "Key name; the alias becomes alias/<name>."

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.name)) && !startswith(var.name, "aws/")
    error_message = "name must use [a-zA-Z0-9/_-] and must not start with aws/."
  }
}

variable "description" {
  type        = string
  description = "Human-readable description of what the key protects."
}

variable "deletion_window_in_days" {
  type        = number
  description = "Waiting period before the key is deleted after a destroy (7-30 days)."
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "rotation_period_in_days" {
  type        = number
  description = "Automatic key rotation period (90-2560 days). Rotation itself is always enabled."
  default     = 365

  validation {
    condition     = var.rotation_period_in_days >= 90 && var.rotation_period_in_days <= 2560
    error_message = "rotation_period_in_days must be between 90 and 2560."
  }
}

variable "key_administrator_arns" {
  type        = list(string)
  description = "Extra IAM principal ARNs allowed to administer the key, in addition to the account root."
  default     = []
}

variable "allow_cloudwatch_logs" {
  type        = bool
  description = "Allow the regional CloudWatch Logs service to use the key for log groups of this account and region."
  default     = false
}

variable "service_principals" {
  type        = list(string)
  description = "Other AWS service principals (e.g. delivery.logs.amazonaws.com) allowed to use the key, restricted to this account with aws:SourceAccount. Services that act through grants on behalf of IAM principals (RDS, Secrets Manager, ECR) do not need to be listed."
  default     = []
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for the key (the provider's default_tags carry the mandatory ones)."
  default     = {}
}
