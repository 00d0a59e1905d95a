variable "name" {
  description = "Name of the web app (unique in Azure: NAME.azurewebsites.net) and prefix of its companions."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the application."
  type        = string
}

variable "sku_name" {
  description = "App Service plan SKU (Premium v3: P0v3, P1v3, P1mv3...)."
  type        = string

  validation {
    condition     = can(regex("^P[0-9]m?v3$", var.sku_name))
    error_message = "Use a Premium v3 SKU (VNet integration, zone redundancy, private endpoints)."
  }
}

variable "worker_count" {
  description = "Instances of the plan (at least 2 when zone-redundant)."
  type        = number
}

variable "zone_redundant" {
  description = "Spread the plan's instances and the gateway across availability zones."
  type        = bool
}

variable "zones" {
  description = "Availability zones of the gateway and its public IP."
  type        = list(string)
}

variable "container_image" {
  description = "Image and tag to run (NAME:TAG), in the registry below."
  type        = string
}

variable "container_registry_url" {
  description = "Registry of the image (https://NAME.azurecr.io); pulled with the app's identity."
  type        = string
}

variable "container_registry_id" {
  description = "Resource id of an Azure Container Registry the app's identity may pull from (AcrPull); empty: none."
  type        = string
  default     = ""
}

variable "port" {
  description = "Port the container listens on."
  type        = number
}

variable "health_check_path" {
  description = "Path App Service and the gateway probe."
  type        = string
}

variable "settings" {
  description = "Plain application settings (no secret)."
  type        = map(string)
  default     = {}
}

variable "key_vault_references" {
  description = "Application settings read from Key Vault secrets: the setting's name and the secret's name."
  type = list(object({
    setting = string
    name    = string
  }))
  default = []
}

variable "key_vault_id" {
  description = "Key Vault holding the certificate and the application's secrets."
  type        = string
}

variable "key_vault_name" {
  description = "Name of that Key Vault."
  type        = string
}

variable "domain_name" {
  description = "Host name the gateway serves (the certificate's subject)."
  type        = string
}

variable "certificate_issuer" {
  description = "Key Vault certificate issuer: a CA issuer registered in the vault (read back before the certificate is requested), or Self (self-signed, dev only)."
  type        = string
}

variable "app_subnet_id" {
  description = "Subnet of the app's VNet integration (delegated to Microsoft.Web/serverFarms)."
  type        = string
}

variable "gateway_subnet_id" {
  description = "Subnet of the Application Gateway."
  type        = string
}

variable "private_endpoint_subnet_id" {
  description = "Subnet of the site's private endpoint."
  type        = string
}

variable "sites_private_dns_zone_id" {
  description = "Id of the privatelink.azurewebsites.net private DNS zone."
  type        = string
}

variable "gateway_min_capacity" {
  description = "Application Gateway autoscaling floor."
  type        = number
}

variable "gateway_max_capacity" {
  description = "Application Gateway autoscaling ceiling."
  type        = number
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace receiving the app's and the gateway's logs."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
