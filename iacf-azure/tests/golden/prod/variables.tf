variable "project" {
  type        = string
  description = "Project name, used in resource names and the Project tag."
  default     = "django-app"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,13}[a-z0-9]$", var.project))
    error_message = "The project must be 3-15 lowercase letters, digits or dashes (it prefixes names with tight length limits)."
  }
}

variable "environment" {
  type        = string
  description = "Deployment environment, used in names and the Environment tag. This configuration holds the decisions for prod only."
  default     = "prod"

  validation {
    condition     = contains(["prod"], var.environment)
    error_message = "This root module holds the prod configuration (DECISIONS.md); regenerate it for another environment."
  }
}

variable "location" {
  type        = string
  description = "Azure region to deploy to."
  default     = "francecentral"
}

variable "owner" {
  type        = string
  description = "Team or person accountable for the resources (Owner tag)."
  default     = "platform-team"
}

variable "cost_center" {
  type        = string
  description = "Cost center charged for the resources (CostCenter tag)."
  default     = "unassigned"
}

variable "subscription_id" {
  type        = string
  description = "Subscription (GUID) to deploy to."

  validation {
    condition     = can(regex("^[0-9a-fA-F-]{36}$", var.subscription_id))
    error_message = "Give the subscription's GUID."
  }
}

variable "resource_group_name" {
  type        = string
  description = "The project's resource group, created by bootstrap/."
  default     = "rg-django-app-prod"
}

variable "deployer_ip_ranges" {
  type        = list(string)
  description = "Public address ranges (CIDR) of the runners applying Terraform, let through the Key Vault firewall (empty: private endpoint only)."
  default     = []
}

variable "alert_emails" {
  type        = list(string)
  description = "Addresses receiving alerts and budget notifications."
  default     = []

  validation {
    condition     = length(var.alert_emails) > 0
    error_message = "Prod notifies someone: give at least one address (or [notifications] emails in the policy)."
  }
}

variable "certificate_issuer" {
  type        = string
  description = "Key Vault certificate issuer of the TLS certificates: a CA issuer registered in the vault."

  validation {
    condition     = var.certificate_issuer != "Self"
    error_message = "Prod serves a certificate of a CA: give the issuer registered in the vault."
  }
}

variable "database_admin_object_id" {
  type        = string
  description = "Object id of the Entra ID group administering the databases."
}

variable "database_admin_name" {
  type        = string
  description = "Display name of that group."
}

variable "management_prefixes" {
  type        = list(string)
  description = "Private address ranges of a peered runner network allowed to the private endpoints on HTTPS (Key Vault's data plane for keys and certificates)."
  default     = []
}

variable "app_image" {
  type        = string
  description = "Image and tag app runs (NAME:TAG), released by the application's pipeline."
}

variable "app_registry_url" {
  type        = string
  description = "Registry of app's image (https://NAME.azurecr.io), pulled with the app's identity."
}

variable "app_registry_id" {
  type        = string
  description = "Resource id of that Azure Container Registry, to grant AcrPull to the app's identity (empty: granted elsewhere)."
  default     = ""
}

variable "app_domain_name" {
  type        = string
  description = "Host name app is served on (its certificate's subject)."
}

variable "security_contact_email" {
  type        = string
  description = "Address Defender for Cloud sends security alerts to."
}

variable "security_contact_phone" {
  type        = string
  description = "Phone number of the security contact (international format)."
}
