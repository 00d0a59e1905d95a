variable "name" {
  description = "Name of the Log Analytics workspace (and prefix of the action group and budget)."
  type        = string
}

variable "short_name" {
  description = "Short name of the action group (up to 12 characters once hyphens are removed)."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the workspace and action group."
  type        = string
}

variable "resource_group_id" {
  description = "Resource group the budget watches."
  type        = string
}

variable "retention_days" {
  description = "Days the workspace keeps logs (30 to 730)."
  type        = number

  validation {
    condition     = var.retention_days >= 30 && var.retention_days <= 730
    error_message = "Log Analytics keeps 30 to 730 days of interactive retention."
  }
}

variable "monthly_budget" {
  description = "Monthly budget of the resource group, in the billing currency."
  type        = number

  validation {
    condition     = var.monthly_budget > 0
    error_message = "The budget must be positive."
  }
}

variable "alert_emails" {
  description = "Addresses receiving alerts and budget notifications through the action group."
  type        = list(string)
  default     = []
}

variable "budget_emails" {
  description = "Extra addresses the budget notifies directly (finance)."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
