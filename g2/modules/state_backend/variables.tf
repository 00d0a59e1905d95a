variable "name_prefix" {
  type        = string
  description = "Prefix of the default names (usually the project): <prefix>-tfstate-<account id> (bucket), <prefix>-tfstate-logs-<account id> (access logs), <prefix>-tflock (table), alias/<prefix>-tfstate (key)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,35}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-37 characters of lowercase letters, digits and hyphens, not starting or ending with a hyphen."
  }
}

variable "state_bucket_name" {
  type        = string
  description = "Exact name of the state bucket, to adopt an existing one. null uses <name_prefix>-tfstate-<account id>."
  default     = null

  validation {
    condition     = var.state_bucket_name == null ? true : can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name))
    error_message = "state_bucket_name must be a valid S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)."
  }
}

variable "access_log_bucket_name" {
  type        = string
  description = "Exact name of the bucket that receives the state bucket's S3 server access logs. null uses <name_prefix>-tfstate-logs-<account id>."
  default     = null

  validation {
    condition     = var.access_log_bucket_name == null ? true : can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_log_bucket_name))
    error_message = "access_log_bucket_name must be a valid S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)."
  }
}

variable "lock_table_name" {
  type        = string
  description = "Exact name of the DynamoDB lock table (created unless lock_mode is \"lockfile\"). null uses <name_prefix>-tflock."
  default     = null

  validation {
    condition     = var.lock_table_name == null ? true : can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.lock_table_name))
    error_message = "lock_table_name must be 3-255 characters of letters, digits, underscores, dots and hyphens."
  }
}

variable "kms_key_alias" {
  type        = string
  description = "Alias of the state KMS key, without the alias/ prefix. null uses <name_prefix>-tfstate."
  default     = null

  validation {
    condition     = var.kms_key_alias == null ? true : can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.kms_key_alias)) && !startswith(coalesce(var.kms_key_alias, "x"), "aws/")
    error_message = "kms_key_alias must use [a-zA-Z0-9/_-], must not start with aws/ and must not include the alias/ prefix."
  }
}

variable "lock_mode" {
  type        = string
  description = "State locking: \"dynamodb\" (lock table, works with every Terraform >= 1.5), \"lockfile\" (S3 native lock file use_lockfile = true, Terraform >= 1.10; no table is created; DynamoDB locking is deprecated since 1.11) or \"both\" (table + lock file, while migrating from one to the other)."
  default     = "dynamodb"

  validation {
    condition     = contains(["dynamodb", "lockfile", "both"], var.lock_mode)
    error_message = "lock_mode must be dynamodb, lockfile or both."
  }
}

variable "state_key" {
  type        = string
  description = "State object key written into the backend_hcl output (e.g. <project>/<environment>/terraform.tfstate); each root/environment uses its own key."
  default     = "CHANGE_ME/terraform.tfstate"

  validation {
    condition     = length(var.state_key) > 0 && !startswith(var.state_key, "/")
    error_message = "state_key must be a non-empty S3 key that does not start with /."
  }
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days after which noncurrent versions of state files are permanently deleted (the current version never expires)."
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  type        = number
  description = "Days after which incomplete multipart uploads are aborted in both buckets."
  default     = 7

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1
    error_message = "abort_incomplete_multipart_upload_days must be at least 1."
  }
}

variable "access_log_expiration_days" {
  type        = number
  description = "Days after which S3 server access logs of the state bucket expire. null keeps them forever."
  default     = 365

  validation {
    condition     = var.access_log_expiration_days == null ? true : var.access_log_expiration_days >= 1
    error_message = "access_log_expiration_days must be null or at least 1."
  }
}

variable "kms_deletion_window_in_days" {
  type        = number
  description = "Waiting period (7-30 days) before the state KMS key is deleted after a destroy."
  default     = 30

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30
    error_message = "kms_deletion_window_in_days must be between 7 and 30."
  }
}

variable "kms_key_administrator_arns" {
  type        = list(string)
  description = "Extra IAM principal ARNs allowed to administer the state key, in addition to the account root (which delegates to IAM policies)."
  default     = []

  validation {
    condition     = alltrue([for a in var.kms_key_administrator_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:", a))])
    error_message = "kms_key_administrator_arns must contain IAM principal ARNs."
  }
}

variable "lock_table_deletion_protection" {
  type        = bool
  description = "DynamoDB deletion protection on the lock table. Set false only to destroy the backend on purpose."
  default     = true
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every taggable resource (the provider's default_tags carry the mandatory ones)."
  default     = {}
}
