variable "project" {
  type        = string
  description = "Project name: prefix of the roles' names and of the IAM resources the apply roles may manage (<project>-<environment>-*)."
}

variable "github_repository" {
  type        = string
  description = "GitHub repository (OWNER/NAME) whose workflows may assume the roles. Nothing else can."

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must look like OWNER/NAME."
  }
}

variable "plan_branches" {
  type        = list(string)
  description = "Branches whose push runs may assume the plan role (pull requests of the repository always may)."
  default     = ["main"]

  validation {
    condition     = length(var.plan_branches) > 0 && alltrue([for b in var.plan_branches : can(regex("^[A-Za-z0-9._/-]+$", b)) && !strcontains(b, "*")])
    error_message = "plan_branches must list at least one branch name, without wildcards."
  }
}

variable "apply_environments" {
  type        = list(string)
  description = "GitHub environments (protected by required reviewers) whose jobs may assume the apply role of the same name. One apply role per environment."

  validation {
    condition     = length(var.apply_environments) > 0 && alltrue([for e in var.apply_environments : contains(["dev", "staging", "prod"], e)])
    error_message = "apply_environments must list dev, staging or prod."
  }
}

variable "oidc_provider_arn" {
  type        = string
  description = "ARN of an existing GitHub OIDC provider in the account (it is an account singleton). Empty: this module creates it."
  default     = ""

  validation {
    condition     = var.oidc_provider_arn == "" || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", var.oidc_provider_arn))
    error_message = "oidc_provider_arn must be empty or the ARN of the token.actions.githubusercontent.com OIDC provider."
  }
}

variable "state_bucket_arn" {
  type        = string
  description = "ARN of the state bucket."
}

variable "state_key_prefix" {
  type        = string
  description = "Prefix of the project's state objects in the bucket (<project>/)."
}

variable "state_kms_key_arn" {
  type        = string
  description = "ARN of the KMS key encrypting the state and the lock table."
}

variable "lock_table_arn" {
  type        = string
  description = "ARN of the DynamoDB lock table; null when the backend locks with the S3 lock file only."
  default     = null
}

variable "max_session_duration" {
  type        = number
  description = "Maximum session of the roles, in seconds (3600-43200)."
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "max_session_duration must be between 3600 and 43200."
  }
}
