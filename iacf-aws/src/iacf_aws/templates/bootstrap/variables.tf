variable "aws_region" {
  type        = string
  description = "Region of the state bucket, lock table and key (usually the project's main region)."

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region name such as eu-west-3."
  }
}

variable "project" {
  type        = string
  description = "Project name: prefix of the backend resource names and value of the Project tag."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.project))
    error_message = "project must be 3-32 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "environment" {
  type        = string
  description = "Environment whose state key is written into backend_hcl (the backend itself serves every environment of the project in this account); also the Environment tag. Outside dev, the CI roles cannot delete, stop or disable the audit evidence, the backups or the KMS keys (modules/github_oidc, KeepTheEvidence)."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "owner" {
  type        = string
  description = "Team or person accountable for the backend (Owner tag)."

  validation {
    condition     = length(trimspace(var.owner)) > 0
    error_message = "owner must not be empty."
  }
}

variable "cost_center" {
  type        = string
  description = "Cost center the backend is billed to (CostCenter tag)."

  validation {
    condition     = length(trimspace(var.cost_center)) > 0
    error_message = "cost_center must not be empty."
  }
}

variable "lock_mode" {
  type        = string
  description = "State locking: \"dynamodb\" (lock table; any Terraform >= 1.5), \"lockfile\" (S3 lock file, Terraform >= 1.10; no table) or \"both\" (during a migration from the table to the lock file)."
  default     = "dynamodb"

  validation {
    condition     = contains(["dynamodb", "lockfile", "both"], var.lock_mode)
    error_message = "lock_mode must be dynamodb, lockfile or both."
  }
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days during which previous versions of every state file are kept."
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
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
  description = "Extra IAM principal ARNs allowed to administer the state key, in addition to the account root."
  default     = []
}

variable "lock_table_deletion_protection" {
  type        = bool
  description = "DynamoDB deletion protection on the lock table. Set false only to retire the backend."
  default     = true
}

variable "github_repository" {
  type        = string
  description = "GitHub repository (OWNER/NAME) of this project; only its workflows can assume the CI roles."

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must look like OWNER/NAME."
  }
}

variable "github_plan_branches" {
  type        = list(string)
  description = "Branches whose pushes may assume the plan role (pull requests of the repository always may)."
  default     = ["main"]
}

variable "github_environments" {
  type        = list(string)
  description = "GitHub environments that get an apply role (protect each with required reviewers)."
}

variable "github_oidc_provider_arn" {
  type        = string
  description = "ARN of the account's existing GitHub OIDC provider; empty creates it (one per account)."
  default     = ""
}

variable "ci_regions" {
  type        = list(string)
  description = "Regions where the CI roles may call every service of the stack, and the workload roles their calls that name no resource: the project's region (generated from the stack)."
}

variable "ci_us_east_1_services" {
  type        = list(string)
  description = "Services of ci_apply_services the CI roles may also call in us-east-1: the global services of the stack (their API answers there) and those of what it creates there, a static site's certificate, web ACL, log group and key (generated from the stack). Empty: nothing in us-east-1 unless it is the project's region."
  default     = []
}

variable "workload_guardduty_agent_pull" {
  type        = bool
  description = "Let the workload roles pull GuardDuty's Runtime Monitoring agent image (the sidecar of ECS Fargate tasks) from AWS's repositories of ci_regions (generated from the stack)."
  default     = false
}

variable "ci_apply_services" {
  type        = list(string)
  description = "IAM service prefixes of the stack's resources, which the apply roles manage (generated from the stack)."
}

variable "ci_plan_actions" {
  type        = list(string)
  description = "Configuration reads of the stack's services, which the plan role may call (generated from the stack)."
}
