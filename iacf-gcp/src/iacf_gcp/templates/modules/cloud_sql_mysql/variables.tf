variable "project_id" {
  type        = string
  description = "ID of the project (the IAM conditions name the instance by it)."
}

variable "name" {
  type        = string
  description = "Name of the instance."
}

variable "region" {
  type        = string
  description = "Region of the instance and of its backups."
}

variable "database_version" {
  type        = string
  description = "POSTGRES_15 to POSTGRES_18, MYSQL_8_0 or MYSQL_8_4."

  validation {
    condition     = can(regex("^MYSQL_8_[04]$", var.database_version))
    error_message = "database_version must be MYSQL_8_0 or MYSQL_8_4."
  }
}

variable "tier" {
  type        = string
  description = "Machine tier (db-custom-CPUS-MEMORY_MB)."
}

variable "availability_type" {
  type        = string
  description = "REGIONAL (a standby in another zone) or ZONAL."

  validation {
    condition     = contains(["REGIONAL", "ZONAL"], var.availability_type)
    error_message = "availability_type must be REGIONAL or ZONAL."
  }
}

variable "disk_size" {
  type        = number
  description = "Initial disk size in GB."
}

variable "disk_autoresize_limit" {
  type        = number
  description = "Ceiling of the automatic disk growth in GB (0: none)."
  default     = 0
}

variable "backup_retention_days" {
  type        = number
  description = "Daily backups kept."
}

variable "point_in_time_recovery" {
  type        = bool
  description = "Binary logs for point-in-time recovery."
}

variable "transaction_log_retention_days" {
  type        = number
  description = "Days of transaction logs kept for point-in-time recovery (1-7)."
  default     = 7
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the instance (Terraform and the Cloud SQL API)."
}

variable "kms_key" {
  type        = string
  description = "Cloud KMS key (same region) encrypting the instance, its backups and replicas."
}

variable "network" {
  type        = string
  description = "VPC peered with Private Service Access; the instance gets a private IP there and no public IP."
}

variable "database_name" {
  type        = string
  description = "Database created on the instance."
}

variable "iam_service_accounts" {
  type        = map(string)
  description = "Name => email of each service account that logs in with IAM database authentication."
  default     = {}
}

variable "labels" {
  type        = map(string)
  description = "Labels of the instance (settings.user_labels)."
}
