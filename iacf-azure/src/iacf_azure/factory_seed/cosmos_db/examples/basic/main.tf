# The smallest useful call of the cosmos_db module; the identifiers it is given are placeholders of
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

module "cosmos_db" {
  source = "../.."

  name                       = "cosmos-example-dev"
  location                   = "francecentral"
  resource_group_name        = "rg-example-dev"
  container_name             = "orders"
  key_vault_key_id           = "https://kv-example.vault.azure.net/keys/orders"
  key_vault_key_resource_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/orders"
  private_endpoint_subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  private_dns_zone_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  clients                    = { app = { principal_id = "11111111-1111-1111-1111-111111111111", role_definition = "00000000-0000-0000-0000-000000000001" } }
  tags                       = { Project = "example", Environment = "dev", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

output "id" {
  description = "The module's id output."
  value       = module.cosmos_db.id
}

output "endpoint" {
  description = "The module's endpoint output."
  value       = module.cosmos_db.endpoint
}
