variable "project" {
  type        = string
  description = "Project name: prefix of the roles' names and of the IAM roles the apply roles may manage (<project>-<environment>-*)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.project))
    error_message = "project must be 3-32 lowercase letters, digits or hyphens."
  }
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
  description = "ARN of the state bucket (arn:<partition>:s3:::<name>, built from its name so that the policies are known at plan time)."
}

variable "state_key_prefix" {
  type        = string
  description = "Prefix of the project's state objects in the bucket (<project>/)."
}

variable "state_kms_key_alias" {
  type        = string
  description = "Alias of the KMS key encrypting the state and the lock table (alias/<name>); the roles reach the key through it."

  validation {
    condition     = startswith(var.state_kms_key_alias, "alias/") && !startswith(var.state_kms_key_alias, "alias/aws/")
    error_message = "state_kms_key_alias must be a customer-managed key alias (alias/<name>)."
  }
}

variable "lock_table_arn" {
  type        = string
  description = "ARN of the DynamoDB lock table; null when the backend locks with the S3 lock file only."
  default     = null
}

variable "regions" {
  type        = list(string)
  description = "Regions where the CI roles may call every service of apply_services and plan_actions, and the workload roles their calls that name no resource (aws:RequestedRegion): the project's region. us-east-1 is added for some services only, through us_east_1_services."

  validation {
    condition     = length(var.regions) > 0 && alltrue([for r in var.regions : can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", r))])
    error_message = "regions must list region names such as eu-west-3."
  }
}

variable "us_east_1_services" {
  type        = list(string)
  description = "Services of apply_services (and of plan_actions) the CI roles may also call in us-east-1 when it is not one of regions: the global services the stack uses, whose API answers there (cloudfront, route53, budgets), and the services of what the project creates there (a static site's ACM certificate, CLOUDFRONT-scope WAF web ACL, its log group and key: acm, wafv2, logs, kms). Any other service is refused in us-east-1. The workload roles get nothing there."
  default     = []

  validation {
    condition     = alltrue([for s in var.us_east_1_services : can(regex("^[a-z0-9-]+$", s)) && !contains(["iam", "sts", "organizations", "account", "*"], s)])
    error_message = "us_east_1_services must list service prefixes other than iam, sts, organizations and account (IAM is granted without a region condition)."
  }
}

variable "guardduty_agent" {
  type        = bool
  description = "Let the workload roles pull GuardDuty's Runtime Monitoring agent image (the sidecar GuardDuty adds to ECS Fargate tasks) from AWS's repository of each of var.regions (workload boundary)."
  default     = false
}

variable "apply_services" {
  type        = list(string)
  description = "IAM service prefixes the apply roles manage (the services of the stack's resources); iam and sts are never delegated as a whole."

  validation {
    condition     = alltrue([for s in var.apply_services : can(regex("^[a-z0-9-]+$", s)) && !contains(["iam", "sts", "organizations", "account", "*"], s)])
    error_message = "apply_services must list service prefixes other than iam, sts, organizations and account."
  }
}

variable "plan_actions" {
  type        = list(string)
  description = "Read actions of the plan role (Describe*/Get*/List* of the stack's services); data reads are denied whatever is listed."

  validation {
    condition     = length(var.plan_actions) > 0 && alltrue([for a in var.plan_actions : can(regex("^[a-z0-9-]+:[A-Za-z0-9*]+$", a)) && !endswith(a, ":*")])
    error_message = "plan_actions must list service:Action patterns, none of them service:*."
  }
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

variable "account_environment" {
  type        = string
  description = "Environment of the account (dev, staging or prod). Outside dev, and whenever apply_environments holds staging or prod, the CI boundary keeps the audit evidence out of the pipeline's reach: no deletion or stop of the trail, Config recorder, GuardDuty detector or Security Hub, no deletion of backup vaults, recovery points or their locks, no deletion or disabling of any KMS key, no deletion of the CloudTrail and VPC flow log groups (ci_boundary.tf, KeepTheEvidence). A change that needs one of them runs with a break-glass role, outside the pipeline."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.account_environment)
    error_message = "account_environment must be dev, staging or prod."
  }
}
