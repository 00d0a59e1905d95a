# ---------------------------------------------------------------------------------------------------------
# Naming
# ---------------------------------------------------------------------------------------------------------

variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name (e.g. <project>-<environment>). Bucket names become <name_prefix>-<purpose>-<account id>-<region>, hence the 28-character limit."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,26}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-28 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "name_overrides" {
  type = object({
    cloudtrail              = optional(string)
    config_recorder         = optional(string)
    config_delivery_channel = optional(string)
    access_analyzer         = optional(string)
    budget                  = optional(string)
  })
  description = "Exact names for singletons whose name cannot change in place, so that an existing one can be imported without being replaced (e.g. a Config recorder named \"default\"). Unset attributes use <name_prefix>-based names."
  default     = {}
}

variable "permissions_boundary_arn" {
  type        = string
  description = "ARN of the permissions boundary every IAM role of this module carries (the project's workload boundary, created by bootstrap/). null: none."
  default     = null
}

variable "notifications_topic_arn" {
  type        = string
  description = "SNS topic that receives the budget alerts and the CIS alarms (its key and policy must let budgets.amazonaws.com and cloudwatch.amazonaws.com publish). Required when enable_budget or the CIS alarms are on, unless budget_notification_emails receive the budget alerts."
  default     = null

  validation {
    condition     = var.notifications_topic_arn == null ? true : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", var.notifications_topic_arn))
    error_message = "notifications_topic_arn must be the ARN of a standard SNS topic."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every taggable resource of the module (the provider's default_tags carry the mandatory Project/Environment/Owner/CostCenter/ManagedBy tags)."
  default     = {}
}

# ---------------------------------------------------------------------------------------------------------
# One switch per account-level singleton. Set a switch to false when another baseline (Control Tower,
# Landing Zone Accelerator, another Terraform project) already owns that singleton in this account/region.
# ---------------------------------------------------------------------------------------------------------

variable "enable_cloudtrail" {
  type        = bool
  description = "Create the multi-region CloudTrail trail with its KMS key, S3 bucket, CloudWatch Logs group and SNS topic."
  default     = true
}

variable "enable_guardduty" {
  type        = bool
  description = "Create the GuardDuty detector of this region and manage its protection plans (features)."
  default     = true
}

variable "enable_securityhub" {
  type        = bool
  description = "Enable Security Hub in this region and subscribe to the standards in securityhub_standards."
  default     = true
}

variable "enable_config" {
  type        = bool
  description = "Create the AWS Config recorder, its IAM role, delivery channel and KMS-encrypted delivery bucket in this region."
  default     = true
}

variable "enable_budget" {
  type        = bool
  description = "Create the monthly cost budget and its alerts (to notifications_topic_arn and budget_notification_emails)."
  default     = true
}

variable "enable_access_analyzer" {
  type        = bool
  description = "Create an IAM Access Analyzer of type ACCOUNT in this region."
  default     = true
}

variable "enable_ebs_default_encryption" {
  type        = bool
  description = "Turn on EBS encryption by default in this region, with a customer managed KMS key as the default key."
  default     = true
}

variable "enable_s3_account_public_access_block" {
  type        = bool
  description = "Block all public access to S3 at the account level (all four settings true). Global: manage it from one root only."
  default     = true
}

variable "enable_password_policy" {
  type        = bool
  description = "Manage the IAM account password policy (CIS AWS Foundations). Global: manage it from one root only."
  default     = true
}

# ---------------------------------------------------------------------------------------------------------
# Shared settings: KMS, CloudWatch Logs and log buckets
# ---------------------------------------------------------------------------------------------------------

variable "kms_deletion_window_in_days" {
  type        = number
  description = "Waiting period (7-30 days) before a KMS key of this module is deleted after a destroy."
  default     = 30

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30
    error_message = "kms_deletion_window_in_days must be between 7 and 30."
  }
}

variable "kms_key_administrator_arns" {
  type        = list(string)
  description = "Extra IAM principal ARNs allowed to administer the module's KMS keys, in addition to the account root (which delegates to IAM policies)."
  default     = []

  validation {
    condition     = alltrue([for a in var.kms_key_administrator_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:", a))])
    error_message = "kms_key_administrator_arns must contain IAM principal ARNs."
  }
}

variable "cloudwatch_log_retention_days" {
  type        = number
  description = "Retention of every CloudWatch Logs group of the module (the CloudTrail log group), in days. The groups are encrypted with the module's KMS key."
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudwatch_log_retention_days)
    error_message = "cloudwatch_log_retention_days must be a value accepted by CloudWatch Logs (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

variable "log_bucket_expiration_days" {
  type        = number
  description = "Days after which current objects of the CloudTrail, Config and access-log buckets expire (they move to STANDARD_IA after 30 days and GLACIER_IR after 90). null keeps them forever."
  default     = 365

  validation {
    condition     = var.log_bucket_expiration_days == null ? true : var.log_bucket_expiration_days >= 180
    error_message = "log_bucket_expiration_days must be null or at least 180 (after the GLACIER_IR transition and its 90-day minimum storage duration)."
  }
}

variable "log_bucket_noncurrent_version_expiration_days" {
  type        = number
  description = "Days after which noncurrent versions of objects in the module's buckets are permanently deleted."
  default     = 90

  validation {
    condition     = var.log_bucket_noncurrent_version_expiration_days >= 1
    error_message = "log_bucket_noncurrent_version_expiration_days must be at least 1."
  }
}

variable "force_destroy_buckets" {
  type        = bool
  description = "Allow terraform destroy to delete the module's non-empty buckets (audit logs are lost). Keep false outside throw-away accounts."
  default     = false
}

# ---------------------------------------------------------------------------------------------------------
# CloudTrail
# ---------------------------------------------------------------------------------------------------------

variable "cloudtrail_s3_data_events" {
  type        = string
  description = "S3 object-level (data) events recorded by the trail: None, WriteOnly (CIS AWS 3.8) or All (reads too, CIS AWS 3.9). Billed per event; see cloudtrail_s3_data_events_bucket_arns for the scope."
  default     = "WriteOnly"

  validation {
    condition     = contains(["None", "WriteOnly", "All"], var.cloudtrail_s3_data_events)
    error_message = "cloudtrail_s3_data_events must be None, WriteOnly or All."
  }
}

variable "cloudtrail_s3_data_events_bucket_arns" {
  type        = list(string)
  description = "Bucket ARNs (arn:aws:s3:::name) whose object-level events are recorded. Empty records every bucket of the account except the trail's own bucket and the access-log bucket (their deliveries would feed the trail with its own writes)."
  default     = []

  validation {
    condition     = alltrue([for a in var.cloudtrail_s3_data_events_bucket_arns : can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", a))])
    error_message = "cloudtrail_s3_data_events_bucket_arns must contain bucket ARNs such as arn:aws:s3:::my-bucket (no trailing slash or key)."
  }
}

variable "cloudtrail_lambda_data_events_function_name_prefixes" {
  type        = list(string)
  description = "Record the Invoke (data) events of the Lambda functions of this region whose names start with one of these prefixes. Empty: no Lambda data events."
  default     = []

  validation {
    condition     = alltrue([for p in var.cloudtrail_lambda_data_events_function_name_prefixes : can(regex("^[A-Za-z0-9_-]{1,64}$", p))])
    error_message = "cloudtrail_lambda_data_events_function_name_prefixes must hold function name prefixes (letters, digits, - and _)."
  }
}

variable "cloudtrail_insights" {
  type        = bool
  description = "Turn on CloudTrail Insights (ApiCallRateInsight and ApiErrorRateInsight): unusual rates of write calls and of errors. Billed per 100,000 events analysed."
  default     = false
}

variable "enable_cis_alarms" {
  type        = bool
  description = "Create the CIS AWS Foundations 4.1-4.16 metric filters and alarms on the trail's CloudWatch Logs group (needs enable_cloudtrail and notifications_topic_arn)."
  default     = true
}

variable "audit_object_lock_mode" {
  type        = string
  description = "S3 Object Lock retention mode of the CloudTrail and Config buckets: GOVERNANCE, COMPLIANCE or null (no lock). Only takes effect on new buckets: changing it replaces them."
  default     = null

  validation {
    condition     = var.audit_object_lock_mode == null ? true : contains(["GOVERNANCE", "COMPLIANCE"], var.audit_object_lock_mode)
    error_message = "audit_object_lock_mode must be GOVERNANCE, COMPLIANCE or null."
  }
}

variable "audit_object_lock_retention_days" {
  type        = number
  description = "Days every object version of the audit buckets stays locked (at most log_bucket_expiration_days)."
  default     = 365

  validation {
    condition     = var.audit_object_lock_retention_days >= 1 && var.audit_object_lock_retention_days <= 36500
    error_message = "audit_object_lock_retention_days must be between 1 and 36500."
  }
}

# ---------------------------------------------------------------------------------------------------------
# AWS Config
# ---------------------------------------------------------------------------------------------------------

variable "create_config_service_linked_role" {
  type        = bool
  description = "Create the account's AWS Config service-linked role (AWSServiceRoleForConfig) used by the recorder. Set false when the account already has it (one per account)."
  default     = true
}

variable "config_include_global_resource_types" {
  type        = bool
  description = "Record global resource types (IAM users, roles, policies...). Keep true in exactly one region per account to avoid duplicate configuration items."
  default     = true
}

variable "config_recording_frequency" {
  type        = string
  description = "Default recording frequency of the Config recorder: CONTINUOUS or DAILY (cheaper, periodic)."
  default     = "CONTINUOUS"

  validation {
    condition     = contains(["CONTINUOUS", "DAILY"], var.config_recording_frequency)
    error_message = "config_recording_frequency must be CONTINUOUS or DAILY."
  }
}

variable "config_snapshot_delivery_frequency" {
  type        = string
  description = "How often AWS Config delivers configuration snapshots to the delivery bucket."
  default     = "TwentyFour_Hours"

  validation {
    condition     = contains(["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"], var.config_snapshot_delivery_frequency)
    error_message = "config_snapshot_delivery_frequency must be One_Hour, Three_Hours, Six_Hours, Twelve_Hours or TwentyFour_Hours."
  }
}

# ---------------------------------------------------------------------------------------------------------
# GuardDuty
# ---------------------------------------------------------------------------------------------------------

variable "guardduty_finding_publishing_frequency" {
  type        = string
  description = "How often GuardDuty publishes updated findings to EventBridge (and Security Hub)."
  default     = "FIFTEEN_MINUTES"

  validation {
    condition     = contains(["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"], var.guardduty_finding_publishing_frequency)
    error_message = "guardduty_finding_publishing_frequency must be FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS."
  }
}

variable "guardduty_features" {
  type        = map(bool)
  description = "GuardDuty protection plans (detector features) and whether each is ENABLED (true) or explicitly DISABLED (false)."
  default = {
    S3_DATA_EVENTS         = true
    EKS_AUDIT_LOGS         = true
    EBS_MALWARE_PROTECTION = true
    RDS_LOGIN_EVENTS       = true
    LAMBDA_NETWORK_LOGS    = true
    RUNTIME_MONITORING     = true
  }

  validation {
    condition     = alltrue([for k in keys(var.guardduty_features) : contains(["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING"], k)])
    error_message = "guardduty_features keys must be among S3_DATA_EVENTS, EKS_AUDIT_LOGS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS, LAMBDA_NETWORK_LOGS and RUNTIME_MONITORING (EKS_RUNTIME_MONITORING is superseded by RUNTIME_MONITORING and cannot be combined with it)."
  }
}

variable "guardduty_runtime_monitoring_agent_management" {
  type        = map(bool)
  description = "Automated security-agent management of RUNTIME_MONITORING, per compute type (GuardDuty installs and updates the agent itself)."
  default = {
    EKS_ADDON_MANAGEMENT         = true
    ECS_FARGATE_AGENT_MANAGEMENT = true
    EC2_AGENT_MANAGEMENT         = true
  }

  validation {
    condition     = alltrue([for k in keys(var.guardduty_runtime_monitoring_agent_management) : contains(["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"], k)])
    error_message = "guardduty_runtime_monitoring_agent_management keys must be among EKS_ADDON_MANAGEMENT, ECS_FARGATE_AGENT_MANAGEMENT and EC2_AGENT_MANAGEMENT."
  }
}

# ---------------------------------------------------------------------------------------------------------
# Security Hub
# ---------------------------------------------------------------------------------------------------------

variable "securityhub_standards" {
  type        = list(string)
  description = "Security Hub standards to subscribe to, as the part of the standard ARN after \"standards/\"."
  default = [
    "cis-aws-foundations-benchmark/v/3.0.0",
    "aws-foundational-security-best-practices/v/1.0.0",
  ]

  validation {
    condition     = alltrue([for s in var.securityhub_standards : can(regex("^[a-z0-9-]+/v/[0-9.]+$", s))])
    error_message = "securityhub_standards entries look like cis-aws-foundations-benchmark/v/3.0.0."
  }
}

variable "securityhub_control_finding_generator" {
  type        = string
  description = "SECURITY_CONTROL (one consolidated finding per control, recommended) or STANDARD_CONTROL (one finding per standard)."
  default     = "SECURITY_CONTROL"

  validation {
    condition     = contains(["SECURITY_CONTROL", "STANDARD_CONTROL"], var.securityhub_control_finding_generator)
    error_message = "securityhub_control_finding_generator must be SECURITY_CONTROL or STANDARD_CONTROL."
  }
}

# ---------------------------------------------------------------------------------------------------------
# Budget
# ---------------------------------------------------------------------------------------------------------

variable "budget_limit_amount" {
  type        = number
  description = "Monthly cost budget of the account, in USD. Required when enable_budget is true."
  default     = null

  validation {
    condition     = var.budget_limit_amount == null ? true : var.budget_limit_amount > 0
    error_message = "budget_limit_amount must be a positive amount of USD."
  }
}

variable "budget_notification_emails" {
  type        = list(string)
  description = "E-mail addresses alerted directly by AWS Budgets (at most 10), in addition to notifications_topic_arn."
  default     = []

  validation {
    condition     = length(var.budget_notification_emails) <= 10 && alltrue([for e in var.budget_notification_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "budget_notification_emails must hold at most 10 valid e-mail addresses."
  }
}

variable "budget_actual_thresholds_percent" {
  type        = list(number)
  description = "Alert when ACTUAL spend exceeds these percentages of the budget."
  default     = [80, 100]

  validation {
    condition     = alltrue([for t in var.budget_actual_thresholds_percent : t > 0 && t <= 1000])
    error_message = "budget_actual_thresholds_percent values must be in (0, 1000]."
  }
}

variable "budget_forecasted_thresholds_percent" {
  type        = list(number)
  description = "Alert when FORECASTED spend exceeds these percentages of the budget."
  default     = [100]

  validation {
    condition     = alltrue([for t in var.budget_forecasted_thresholds_percent : t > 0 && t <= 1000])
    error_message = "budget_forecasted_thresholds_percent values must be in (0, 1000]."
  }
}

# ---------------------------------------------------------------------------------------------------------
# IAM password policy (CIS AWS Foundations 1.8 / 1.9 minimums are enforced by the validations)
# ---------------------------------------------------------------------------------------------------------

variable "password_minimum_length" {
  type        = number
  description = "Minimum IAM user password length (CIS: at least 14)."
  default     = 14

  validation {
    condition     = var.password_minimum_length >= 14 && var.password_minimum_length <= 128
    error_message = "password_minimum_length must be between 14 and 128."
  }
}

variable "password_max_age_days" {
  type        = number
  description = "Days before an IAM user password expires (at most 90)."
  default     = 90

  validation {
    condition     = var.password_max_age_days >= 1 && var.password_max_age_days <= 90
    error_message = "password_max_age_days must be between 1 and 90."
  }
}
