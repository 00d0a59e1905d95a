variable "name" {
  description = "Prefix of the subscription-level settings' names."
  type        = string
}

variable "subscription_id" {
  description = "Subscription (GUID) the settings apply to."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-fA-F-]{36}$", var.subscription_id))
    error_message = "Give the subscription's GUID."
  }
}

variable "location" {
  description = "Region of the policy assignment's managed identity."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace receiving the activity log."
  type        = string
}

variable "defender_plans" {
  description = "Defender for Cloud plans to turn on (resource type → sub-plan, empty for the default)."
  type        = map(string)
}

variable "security_contact_email" {
  description = "Address Defender for Cloud sends security alerts to."
  type        = string
}

variable "security_contact_phone" {
  description = "Phone number of the security contact."
  type        = string
}
