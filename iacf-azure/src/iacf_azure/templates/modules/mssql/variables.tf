variable "name" {
  description = "Server name: 1 to 63 lower-case letters, digits and hyphens, unique in Azure."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$", var.name))
    error_message = "An Azure SQL server name is 1 to 63 lower-case letters, digits and hyphens."
  }
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the server."
  type        = string
}

variable "tenant_id" {
  description = "Entra ID tenant of the administrators group."
  type        = string
}

variable "admin_object_id" {
  description = "Object id of the Entra ID group administering the server."
  type        = string
}

variable "admin_principal_name" {
  description = "Display name of that group."
  type        = string
}

variable "database_name" {
  description = "Database created on the server."
  type        = string
  default     = "app"
}

variable "sku_name" {
  description = "vCore SKU of the database (GP_Gen5_2, BC_Gen5_4...)."
  type        = string
  default     = "GP_Gen5_2"

  validation {
    condition     = can(regex("^(GP|BC|HS)_Gen5_[0-9]+$", var.sku_name))
    error_message = "Give a vCore SKU: GP_Gen5_2, BC_Gen5_4, HS_Gen5_2..."
  }
}

variable "max_size_gb" {
  description = "Maximum size of the database, in GiB."
  type        = number
  default     = 32
}

variable "zone_redundant" {
  description = "Spread the database's replicas over the region's availability zones."
  type        = bool
  default     = true
}

variable "backup_storage" {
  description = "Redundancy of the backups: Geo, GeoZone, Zone or Local."
  type        = string
  default     = "GeoZone"

  validation {
    condition     = contains(["Geo", "GeoZone", "Zone", "Local"], var.backup_storage)
    error_message = "The backup storage is Geo, GeoZone, Zone or Local."
  }
}

variable "backup_retention_days" {
  description = "Days of point-in-time restore (1 to 35)."
  type        = number
  default     = 35

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "Point-in-time restore keeps 1 to 35 days."
  }
}

variable "long_term_retention" {
  description = "Keep weekly (12 weeks), monthly (12 months) and yearly (5 years) full backups."
  type        = bool
  default     = true
}

variable "key_vault_key_id" {
  description = "Id of the Key Vault key protecting the server's TDE (customer-managed key)."
  type        = string
}

variable "key_vault_key_resource_id" {
  description = "Azure resource id of that key: the scope of the server identity's role assignment."
  type        = string
}

variable "private_endpoint_subnet_id" {
  description = "Subnet of the server's private endpoint."
  type        = string
}

variable "private_dns_zone_id" {
  description = "Id of the privatelink.database.windows.net private DNS zone."
  type        = string
}

variable "alert_emails" {
  description = "Addresses Defender for SQL alerts are sent to."
  type        = list(string)
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace receiving the audit events."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
