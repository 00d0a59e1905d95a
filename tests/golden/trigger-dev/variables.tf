variable "project" {
  type        = string
  description = "Project name, used in resource names and the Project tag."
  default     = "object-storage"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,13}[a-z0-9]$", var.project))
    error_message = "The project must be 3-15 lowercase letters, digits or dashes (it prefixes names with tight length limits, such as the load balancer's)."
  }
}

variable "environment" {
  type        = string
  description = "Deployment environment, used in names and the Environment tag. This configuration holds the decisions for dev only."
  default     = "dev"

  validation {
    condition     = contains(["dev"], var.environment)
    error_message = "This root module holds the dev configuration (DECISIONS.md); regenerate it for another environment."
  }
}

variable "region" {
  type        = string
  description = "AWS region to deploy to."
  default     = "eu-west-3"
}

variable "owner" {
  type        = string
  description = "Team or person accountable for the resources (Owner tag)."
  default     = "platform-team"
}

variable "cost_center" {
  type        = string
  description = "Cost center charged for the resources (CostCenter tag)."
  default     = "unassigned"
}

variable "code_signing_config_arn" {
  type        = string
  description = "ARN of a Lambda code signing configuration to enforce on every function (null: none, see DECISIONS.md)."
  default     = null
}

variable "notification_emails" {
  type        = list(string)
  description = "E-mail addresses subscribed to the notifications topic: budget alerts, security alarms, service events ([notifications] emails; value in iacf.auto.tfvars)."
  default     = []

  validation {
    condition     = alltrue([for e in var.notification_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "notification_emails must hold e-mail addresses (iacf.auto.tfvars)."
  }
}



variable "job_schedule_expression" {
  type        = string
  description = "When EventBridge Scheduler runs job: rate(...), cron(...) or at(...)."
  default     = "rate(1 day)"

  validation {
    condition     = can(regex("^(rate|cron|at)\\(.+\\)$", var.job_schedule_expression))
    error_message = "Use rate(...), cron(...) or at(...)."
  }
}


