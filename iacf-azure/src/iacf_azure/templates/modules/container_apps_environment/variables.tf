variable "name" {
  description = "Container Apps environment name: 2 to 60 lower-case letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,58}[a-z0-9]$", var.name))
    error_message = "A Container Apps environment name is 2 to 60 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the environment (its infrastructure gets a managed group named after both)."
  type        = string
}

variable "subnet_id" {
  description = "Infrastructure subnet, delegated to Microsoft.App/environments (a /27 at least)."
  type        = string
}

variable "zone_redundant" {
  description = "Spread the environment's replicas over the availability zones (fixed at creation)."
  type        = bool
  default     = false
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace of the environment's console and system logs."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
