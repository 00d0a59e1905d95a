variable "name" {
  description = "Account name: 3 to 44 lower-case letters, digits and hyphens, unique in Azure."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,42}[a-z0-9]$", var.name))
    error_message = "A Cosmos DB account name is 3 to 44 lower-case letters, digits and hyphens."
  }
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the account."
  type        = string
}

variable "zone_redundant" {
  description = "Replicate the account across the region's availability zones."
  type        = bool
  default     = false
}

variable "backup_tier" {
  description = "Continuous backup window: Continuous7Days or Continuous30Days."
  type        = string
  default     = "Continuous7Days"

  validation {
    condition     = contains(["Continuous7Days", "Continuous30Days"], var.backup_tier)
    error_message = "Use Continuous7Days or Continuous30Days."
  }
}

variable "database_name" {
  description = "Name of the SQL database."
  type        = string
  default     = "app"
}

variable "container_name" {
  description = "Name of the container."
  type        = string
}

variable "partition_key" {
  description = "Property the container is partitioned by (path /NAME)."
  type        = string
  default     = "pk"
}

variable "max_throughput" {
  description = "Autoscale ceiling of the container in RU/s (a multiple of 1000)."
  type        = number
  default     = 1000

  validation {
    condition     = var.max_throughput >= 1000 && var.max_throughput % 1000 == 0
    error_message = "Autoscale throughput is a multiple of 1000 RU/s, at least 1000."
  }
}

variable "ttl_seconds" {
  description = "Seconds after its last write an item is deleted (0: never)."
  type        = number
  default     = 0
}

variable "clients" {
  description = "Data-plane grants by name: the principal and the built-in role definition id (…0001 reader, …0002 contributor)."
  type = map(object({
    principal_id    = string
    role_definition = string
  }))
  default = {}

  validation {
    condition     = alltrue([for c in values(var.clients) : contains(["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"], c.role_definition)])
    error_message = "Grant the built-in Data Reader or Data Contributor role only."
  }
}

variable "key_vault_key_id" {
  description = "Versionless id of the Key Vault key encrypting the account (customer-managed key)."
  type        = string
}

variable "key_vault_key_resource_id" {
  description = "Azure resource id of that key: the scope of the account identity's role assignment."
  type        = string
}

variable "private_endpoint_subnet_id" {
  description = "Subnet of the account's private endpoint."
  type        = string
}

variable "private_dns_zone_id" {
  description = "Id of the privatelink.documents.azure.com private DNS zone."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace receiving the account's logs."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
