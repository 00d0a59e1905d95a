variable "name" {
  description = "Key Vault name: 3 to 24 letters, digits and hyphens, unique in Azure."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", var.name))
    error_message = "A Key Vault name is 3 to 24 letters, digits and hyphens, starting with a letter."
  }
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the vault."
  type        = string
}

variable "tenant_id" {
  description = "Entra ID tenant of the vault."
  type        = string
}

variable "soft_delete_retention_days" {
  description = "Days a deleted vault, key, secret or certificate can be recovered (7 to 90)."
  type        = number
  default     = 90

  validation {
    condition     = var.soft_delete_retention_days >= 7 && var.soft_delete_retention_days <= 90
    error_message = "Soft delete keeps 7 to 90 days."
  }
}

variable "allowed_ip_ranges" {
  description = "Public address ranges (CIDR) of the runners applying Terraform, when they have no private route to the vault; empty: private endpoint only."
  type        = list(string)
  default     = []
}

variable "keys" {
  description = "Names of the customer-managed keys to create (one per encrypted service)."
  type        = list(string)
  default     = []
}

variable "deployer_object_id" {
  description = "Object id of the identity applying Terraform (it creates the keys and certificates)."
  type        = string
}

variable "private_endpoint_subnet_id" {
  description = "Subnet of the vault's private endpoint."
  type        = string
}

variable "private_endpoint_location" {
  description = "Region of the private endpoint (the network's), when the vault is in another region; empty: the vault's."
  type        = string
  default     = ""
}

variable "private_dns_zone_id" {
  description = "Id of the privatelink.vaultcore.azure.net private DNS zone."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace receiving the vault's audit events."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
