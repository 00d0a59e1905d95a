variable "name" {
  description = "Server name (unique in Azure: NAME.mysql.database.azure.com)."
  type        = string
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
  description = "Entra ID tenant authenticating the database users."
  type        = string
}

variable "engine_version" {
  description = "MySQL version (8.0.21, 8.4)."
  type        = string
}

variable "sku_name" {
  description = "Compute SKU (B_Standard_B1ms, GP_Standard_D2ds_v5...); high availability needs General Purpose or Memory Optimized."
  type        = string
}

variable "storage_gb" {
  description = "Storage in GiB (grows automatically)."
  type        = number
}

variable "backup_retention_days" {
  description = "Days backups are kept (7 to 35)."
  type        = number

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "Backups are kept 7 to 35 days."
  }
}

variable "high_availability" {
  description = "Zone-redundant high availability (a standby in another zone)."
  type        = bool

  validation {
    condition     = !var.high_availability || !startswith(var.sku_name, "B_")
    error_message = "High availability needs a General Purpose or Memory Optimized SKU."
  }
}

variable "geo_redundant_backup" {
  description = "Copy backups to the paired region (needs a key there)."
  type        = bool
}

variable "database_name" {
  description = "Database created on the server."
  type        = string
}

variable "subnet_id" {
  description = "Subnet delegated to Microsoft.DBforMySQL/flexibleServers."
  type        = string
}

variable "private_dns_zone_id" {
  description = "Id of the private DNS zone (NAME.private.mysql.database.azure.com)."
  type        = string
}

variable "key_vault_key_id" {
  description = "Versionless id of the key encrypting the server."
  type        = string
}

variable "key_vault_key_resource_id" {
  description = "Azure resource id of that key (scope of the server identity's role)."
  type        = string
}

variable "geo_backup_key_vault_key_id" {
  description = "Versionless id of the key in the paired region encrypting geo-redundant backups; empty without them."
  type        = string
  default     = ""
}

variable "geo_backup_location" {
  description = "Region of the geo-redundant backups (the paired region), where the identity reading their key lives; empty without them."
  type        = string
  default     = ""
}

variable "geo_backup_key_vault_key_resource_id" {
  description = "Azure resource id of that key; empty without geo-redundant backups."
  type        = string
  default     = ""
}

variable "admin_object_id" {
  description = "Object id of the Entra ID administrator (a group of database administrators)."
  type        = string
}

variable "admin_principal_name" {
  description = "Display name of that administrator."
  type        = string
}

variable "administrator_password" {
  description = "Password of the administrator Azure requires at creation: write-only (never in the state), unusable once aad_auth_only is on."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace receiving the server's logs."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
