variable "name" {
  description = "Name of the API Management service (and prefix of its identity, gateway and logs); <name>.azure-api.net is its gateway host."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the service."
  type        = string
}

variable "sku_name" {
  description = "SKU and units: Developer_1 (no SLA, no zones) or Premium_<units> (zones, VNet injection with an SLA)."
  type        = string

  validation {
    condition     = can(regex("^(Developer_1|Premium_[1-9][0-9]?)$", var.sku_name))
    error_message = "Internal VNet mode needs Developer_1 or Premium_<units>."
  }
}

variable "zones" {
  description = "Availability zones of the service and its gateway (Premium only; empty: no zones)."
  type        = list(string)
  default     = []
}

variable "publisher_name" {
  description = "Organisation shown on the developer portal and in notifications."
  type        = string
}

variable "publisher_email" {
  description = "Address receiving the service's system notifications."
  type        = string
}

variable "subnet_id" {
  description = "Dedicated subnet of the service (internal VNet mode; its security group carries the rules API Management requires)."
  type        = string
}

variable "api_name" {
  description = "Name of the API (and of its backend)."
  type        = string
}

variable "api_path" {
  description = "Path prefix of the API on the gateway (empty: the root)."
  type        = string
  default     = ""
}

variable "backend_host" {
  description = "Host name of the code behind the API (a Function App or a web app, called in HTTPS over its private endpoint)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9.-]+$", var.backend_host))
    error_message = "Give a host name only: the backend is called in HTTPS."
  }
}

variable "backend_resource_id" {
  description = "Resource id of that Function App or web app."
  type        = string
}

variable "backend_audience" {
  description = "Application ID URI of the backend's Entra ID app registration: API Management sends a token of its identity for it (empty: no token)."
  type        = string
  default     = ""
}

variable "backend_key_name" {
  description = "Key Vault secret holding the backend's key, sent as x-functions-key (empty: none)."
  type        = string
  default     = ""
}

variable "rate_limit_per_minute" {
  description = "Calls a subscription may make per minute before the gateway answers 429."
  type        = number
  default     = 600

  validation {
    condition     = var.rate_limit_per_minute >= 1
    error_message = "Give a positive rate."
  }
}

variable "key_vault_id" {
  description = "Resource id of the project's Key Vault (named values and the gateway certificate)."
  type        = string
}

variable "key_vault_uri" {
  description = "URI of that vault (https://NAME.vault.azure.net/)."
  type        = string
}

variable "internet_facing" {
  description = "Publish the API to the internet through an Application Gateway WAF_v2 (false: reachable from the virtual network only)."
  type        = bool
  default     = true
}

variable "gateway_subnet_id" {
  description = "Application Gateway subnet (internet_facing only)."
  type        = string
  default     = ""
}

variable "domain_name" {
  description = "Host name the API is published on through the Application Gateway (its certificate's subject)."
  type        = string
  default     = ""
}

variable "certificate_issuer" {
  description = "Key Vault issuer of the gateway's TLS certificate: a CA issuer registered in the vault (read back before the certificate is requested), or Self."
  type        = string
  default     = "Self"
}

variable "gateway_min_capacity" {
  description = "Minimum instances of the Application Gateway."
  type        = number
  default     = 1
}

variable "gateway_max_capacity" {
  description = "Maximum instances of the Application Gateway."
  type        = number
  default     = 2
}

variable "virtual_network_id" {
  description = "Virtual network resolving <name>.azure-api.net to the service's private address."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace of the service's and the gateway's logs and of Application Insights."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
