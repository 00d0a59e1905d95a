variable "name" {
  description = "Cache name: 1 to 60 letters, digits and hyphens, unique in Azure."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$", var.name))
    error_message = "An Azure Managed Redis name is 1 to 60 letters, digits and hyphens."
  }
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the cache."
  type        = string
}

variable "sku_name" {
  description = "Azure Managed Redis SKU (Balanced_B0, Balanced_B1...)."
  type        = string
  default     = "Balanced_B0"
}

variable "high_availability" {
  description = "Keep a replica in another availability zone."
  type        = bool
  default     = true
}

variable "backup_frequency" {
  description = "RDB persistence: 1h, 6h or 12h; empty for none."
  type        = string
  default     = ""

  validation {
    condition     = contains(["", "1h", "6h", "12h"], var.backup_frequency)
    error_message = "Persist every 1h, 6h or 12h, or leave empty."
  }
}

variable "clustering_policy" {
  description = "How clients reach the cache: EnterpriseCluster (one endpoint, any Redis client), OSSCluster (the Redis Cluster protocol: cluster-aware clients only, which also connect to each shard on ports 8500-8599) or NoCluster (unsharded, SKUs of 25 GB and below). A change recreates the database."
  type        = string
  default     = "EnterpriseCluster"

  validation {
    condition     = contains(["EnterpriseCluster", "OSSCluster", "NoCluster"], var.clustering_policy)
    error_message = "The clustering policy is EnterpriseCluster, OSSCluster or NoCluster."
  }
}

variable "clients" {
  description = "Object ids of the identities allowed in (default access policy), by name."
  type        = map(string)
  default     = {}
}

variable "key_vault_key_id" {
  description = "Versionless id of the Key Vault key encrypting the cache (customer-managed key)."
  type        = string
}

variable "key_vault_key_resource_id" {
  description = "Azure resource id of that key: the scope of the cache identity's role assignment."
  type        = string
}

variable "private_endpoint_subnet_id" {
  description = "Subnet of the cache's private endpoint."
  type        = string
}

variable "private_dns_zone_id" {
  description = "Id of the privatelink.redis.azure.net private DNS zone."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace receiving the cache's connection events."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
