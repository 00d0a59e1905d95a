# The smallest useful call of the api_management module; the identifiers it is given are placeholders of
# the resources a project creates around it (see the project's main.tf).
terraform {
  required_version = ">= 1.5"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.81"
    }
  }
}

provider "azurerm" {
  features {}
}

module "api_management" {
  source = "../.."

  name                       = "apim-example-prod"
  location                   = "francecentral"
  resource_group_name        = "rg-example-prod"
  sku_name                   = "Premium_3"
  zones                      = ["1", "2", "3"]
  publisher_name             = "example"
  publisher_email            = "api-team@example.com"
  subnet_id                  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apim"
  virtual_network_id         = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet"
  api_name                   = "api"
  backend_host               = "func-example-prod.azurewebsites.net"
  backend_resource_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Web/sites/func-example-prod"
  backend_key_name           = "api-backend-key"
  key_vault_id               = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example"
  key_vault_uri              = "https://kv-example.vault.azure.net/"
  gateway_subnet_id          = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/gateway"
  domain_name                = "api.example.com"
  certificate_issuer         = "DigiCert"
  gateway_min_capacity       = 2
  gateway_max_capacity       = 10
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                       = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

output "id" {
  description = "The module's id output."
  value       = module.api_management.id
}

output "gateway_url" {
  description = "The module's gateway_url output."
  value       = module.api_management.gateway_url
}
