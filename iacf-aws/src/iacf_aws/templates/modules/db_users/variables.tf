variable "name" {
  type        = string
  description = "Name prefix of the task family (<name>-db-users), its cluster (<name>-db-admin), log group and security group."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 characters of lowercase letters, digits and hyphens."
  }
}

variable "engine" {
  type        = string
  description = "Engine of the database: postgres, mysql, mariadb, aurora-postgresql or aurora-mysql (chooses the client and the statements)."

  validation {
    condition     = contains(["postgres", "mysql", "mariadb", "aurora-postgresql", "aurora-mysql"], var.engine)
    error_message = "engine must be postgres, mysql, mariadb, aurora-postgresql or aurora-mysql."
  }
}

variable "client_image" {
  type        = string
  description = "Container image holding the engine's client (psql, mysql or mariadb), e.g. public.ecr.aws/docker/library/postgres:16-alpine. A private mirror needs ECR pull rights on the execution role."
}

variable "users" {
  type        = list(string)
  description = "Database users to create, one per workload; each logs in with IAM authentication only."

  validation {
    condition     = alltrue([for u in var.users : can(regex("^[a-z][a-z0-9_]{0,31}$", u))])
    error_message = "Each user name is 1-32 characters of lowercase letters, digits and underscores, starting with a letter."
  }
}

variable "db_address" {
  type        = string
  description = "Host name of the database (writer endpoint)."
}

variable "db_port" {
  type        = number
  description = "Port of the database."
}

variable "db_name" {
  type        = string
  description = "Database the users get their rights on."

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,62}$", var.db_name))
    error_message = "db_name must start with a letter and contain only letters, digits and underscores."
  }
}

variable "db_security_group_id" {
  type        = string
  description = "Security group of the database; the task's group is admitted on db_port."
}

variable "master_secret_arn" {
  type        = string
  description = "ARN of the RDS-managed master user secret (JSON with username and password)."
}

variable "master_secret_kms_key_arn" {
  type        = string
  description = "CMK encrypting the master user secret."
}

variable "break_glass_role_arns" {
  type        = list(string)
  description = "IAM roles allowed to read the master password besides the task (the break-glass path of the DBAs). Empty: an administrator must change the secret's policy first."
  default     = []
}

variable "vpc_id" {
  type        = string
  description = "VPC of the task's security group."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets the task runs in (with a route to a NAT gateway for the image pull)."
}

variable "log_retention_in_days" {
  type        = number
  description = "Retention of the task's log group, in days."
}

variable "log_kms_key_arn" {
  type        = string
  description = "CMK encrypting the task's log group."
}

variable "guardduty_agent_pull" {
  type        = bool
  description = "Let the execution role pull GuardDuty's Runtime Monitoring agent (the sidecar GuardDuty adds to every task when the account's automated agent configuration for ECS Fargate is on), from AWS's repository of the region only."
  default     = false
}

variable "permissions_boundary_arn" {
  type        = string
  description = "Permissions boundary of the execution role (null: none)."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource (the provider's default_tags carry the mandatory ones)."
  default     = {}
}
