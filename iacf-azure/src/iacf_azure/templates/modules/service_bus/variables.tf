variable "name" {
  description = "Namespace name: 6 to 50 letters, digits and hyphens, unique in Azure."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$", var.name))
    error_message = "A Service Bus namespace name is 6 to 50 letters, digits and hyphens, starting with a letter."
  }
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the namespace."
  type        = string
}

variable "capacity" {
  description = "Messaging units of the Premium namespace."
  type        = number
  default     = 1

  validation {
    condition     = contains([1, 2, 4, 8, 16], var.capacity)
    error_message = "A Premium namespace runs 1, 2, 4, 8 or 16 messaging units."
  }
}

variable "queues" {
  description = "Queues by name."
  type = map(object({
    fifo                   = bool
    lock_duration_seconds  = number
    message_retention_days = number
    max_delivery_count     = number
  }))
  default = {}
}

variable "topics" {
  description = "Topics by name, each with the names of its subscriptions (one per consuming application)."
  type = map(object({
    fifo                   = bool
    message_retention_days = number
    max_delivery_count     = number
    subscriptions          = list(string)
  }))
  default = {}
}

variable "key_vault_key_id" {
  description = "Versionless id of the Key Vault key encrypting the namespace (customer-managed key)."
  type        = string
}

variable "key_vault_key_resource_id" {
  description = "Azure resource id of that key: the scope of the namespace identity's role assignment."
  type        = string
}

variable "private_endpoint_subnet_id" {
  description = "Subnet of the namespace's private endpoint."
  type        = string
}

variable "private_dns_zone_id" {
  description = "Id of the privatelink.servicebus.windows.net private DNS zone."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace receiving the namespace's logs."
  type        = string
}

variable "alert_action_group_id" {
  description = "Action group alerted while a dead-letter queue holds messages; empty: no alert."
  type        = string
  default     = ""
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
