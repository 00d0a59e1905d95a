variable "name" {
  description = "Name of the Front Door profile (letters, digits and hyphens)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,88}[A-Za-z0-9]$", var.name))
    error_message = "A Front Door profile name is 2 to 90 letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "endpoint_name" {
  description = "Name of the Front Door endpoint: its default host name is <name>-<hash>.z01.azurefd.net."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,44}[a-z0-9]$", var.endpoint_name))
    error_message = "An endpoint name is 2 to 46 lower-case letters, digits and hyphens."
  }
}

variable "waf_policy_name" {
  description = "Name of the WAF policy (letters and digits, a letter first)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9]{0,127}$", var.waf_policy_name))
    error_message = "A Front Door WAF policy name is letters and digits, a letter first, at most 128."
  }
}

variable "storage_account_name" {
  description = "Storage account name: 3 to 24 lower-case letters and digits, unique in Azure."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]{3,24}$", var.storage_account_name))
    error_message = "A storage account name is 3 to 24 lower-case letters and digits."
  }
}

variable "location" {
  description = "Azure region of the storage account (Front Door is global)."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of every resource."
  type        = string
}

variable "replication_type" {
  description = "Replication of the site's account: ZRS or GZRS keep a zone outage from stopping the origin."
  type        = string
  default     = "GZRS"

  validation {
    condition     = contains(["ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"], var.replication_type)
    error_message = "Use ZRS, GRS, RAGRS, GZRS or RAGZRS (no locally redundant storage)."
  }
}

variable "soft_delete_days" {
  description = "Days deleted files, the container and the change feed are kept."
  type        = number
  default     = 30

  validation {
    condition     = var.soft_delete_days >= 7 && var.soft_delete_days <= 365
    error_message = "Keep deleted files 7 to 365 days."
  }
}

variable "spa" {
  description = "Single-page application: paths without a file extension are served /index.html with status 200."
  type        = bool
  default     = true
}

variable "error_document" {
  description = "Page the web endpoint answers a missing file with (status 404)."
  type        = string
  default     = "404.html"
}

variable "content_security_policy" {
  description = "Content-Security-Policy header of every response."
  type        = string
  default     = "default-src 'self'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'; object-src 'none'"
}

variable "rate_limit_per_minute" {
  description = "Requests a client address may send per minute before the WAF blocks it."
  type        = number
  default     = 1000

  validation {
    condition     = var.rate_limit_per_minute >= 10 && var.rate_limit_per_minute <= 100000
    error_message = "Front Door rate limits take 10 to 100000 requests per minute."
  }
}

variable "domain_name" {
  description = "Custom domain served with a Front Door managed certificate; empty: the endpoint's azurefd.net name only."
  type        = string
  default     = ""
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
  description = "Subnet of the blob private endpoint (deployments and Terraform's data-plane calls)."
  type        = string
}

variable "blob_private_dns_zone_id" {
  description = "Id of the privatelink.blob.core.windows.net private DNS zone."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace receiving Front Door's and the blob service's logs."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
