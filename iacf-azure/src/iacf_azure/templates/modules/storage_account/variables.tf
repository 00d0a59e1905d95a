variable "name" {
  description = "Storage account name: 3 to 24 lower-case letters and digits, unique in Azure."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]{3,24}$", var.name))
    error_message = "A storage account name is 3 to 24 lower-case letters and digits."
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

variable "replication_type" {
  description = "Replication: ZRS or GZRS keep a zone outage from stopping the account."
  type        = string
  default     = "GZRS"

  validation {
    condition     = contains(["ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"], var.replication_type)
    error_message = "Use ZRS, GRS, RAGRS, GZRS or RAGZRS (no locally redundant storage)."
  }
}

variable "trusted_service_writers" {
  description = "A trusted Azure service writes to the account (Network Watcher's flow logs): public access in selected-networks mode with every address denied, the service passing as trusted."
  type        = bool
  default     = false
}

variable "containers" {
  description = "Private blob containers to create."
  type        = list(string)
  default     = []
}

variable "soft_delete_days" {
  description = "Days deleted blobs, containers and the change feed are kept."
  type        = number
  default     = 30
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
  description = "Subnet of the blob private endpoint."
  type        = string
}

variable "blob_private_dns_zone_id" {
  description = "Id of the privatelink.blob.core.windows.net private DNS zone."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace receiving the blob service's logs."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
