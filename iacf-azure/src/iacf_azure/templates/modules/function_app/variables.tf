variable "name" {
  description = "Function App name: unique in Azure (its host name), 2 to 60 letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,58}[a-z0-9]$", var.name))
    error_message = "A Function App name is 2 to 60 lower-case letters, digits and hyphens."
  }
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the function."
  type        = string
}

variable "sku_name" {
  description = "Functions Premium plan (EP1, EP2, EP3): the tier with VNet integration and private endpoints."
  type        = string
  default     = "EP1"

  validation {
    condition     = contains(["EP1", "EP2", "EP3"], var.sku_name)
    error_message = "Use a Functions Premium plan: EP1, EP2 or EP3."
  }
}

variable "min_instances" {
  description = "Always-ready instances (at least 3 when zone-redundant)."
  type        = number
  default     = 1
}

variable "max_instances" {
  description = "Instances the plan scales out to at most."
  type        = number
  default     = 3

  validation {
    condition     = var.max_instances >= 1 && var.max_instances <= 100
    error_message = "A Premium plan scales to 1 to 100 instances."
  }
}

variable "zone_redundant" {
  description = "Spread the plan's instances over the availability zones."
  type        = bool
  default     = false
}

variable "container_image" {
  description = "Image the function runs (NAME, without registry and tag)."
  type        = string
}

variable "container_image_tag" {
  description = "Tag of that image."
  type        = string
}

variable "container_registry_url" {
  description = "Registry of the image (https://NAME.azurecr.io), pulled with the function's identity."
  type        = string
}

variable "container_registry_id" {
  description = "Resource id of that Azure Container Registry, to grant AcrPull to the identity (empty: granted elsewhere)."
  type        = string
  default     = ""
}

variable "storage_account_name" {
  description = "The function's own storage account (AzureWebJobsStorage), reached with its identity."
  type        = string
}

variable "host_container_scopes" {
  description = "Resource ids of the host's blob containers by name: the scopes of the identity's storage role."
  type        = map(string)
}

variable "settings" {
  description = "Application settings without secret values."
  type        = map(string)
  default     = {}
}

variable "identity_connections" {
  description = "Connections of triggers and bindings made with the function's identity (NAME__credential, NAME__clientId), e.g. SERVICEBUS."
  type        = list(string)
  default     = []
}

variable "key_vault_references" {
  description = "Settings whose value is a Key Vault secret, read with the function's identity."
  type        = list(object({ setting = string, name = string }))
  default     = []
}

variable "key_vault_id" {
  description = "Key Vault holding the referenced secrets."
  type        = string
}

variable "key_vault_name" {
  description = "Name of that Key Vault."
  type        = string
}

variable "subnet_id" {
  description = "Subnet of the VNet integration (delegated to Microsoft.Web/serverFarms)."
  type        = string
}

variable "private_endpoint_subnet_id" {
  description = "Subnet of the function's private endpoint."
  type        = string
}

variable "sites_private_dns_zone_id" {
  description = "Id of the privatelink.azurewebsites.net private DNS zone."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace of Application Insights and of the function's platform logs."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
