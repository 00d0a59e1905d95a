# The smallest useful call of the key_vault module; the identifiers it is given are placeholders of
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

module "key_vault" {
  source = "../.."

  name                       = "kv-example-dev"
  location                   = "francecentral"
  resource_group_name        = "rg-example-dev"
  tenant_id                  = "00000000-0000-0000-0000-000000000000"
  keys                       = ["storage", "database"]
  deployer_object_id         = "11111111-1111-1111-1111-111111111111"
  private_endpoint_subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  private_dns_zone_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                       = { Project = "example", Environment = "dev", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

output "id" {
  description = "The module's id output."
  value       = module.key_vault.id
}

output "vault_uri" {
  description = "The module's vault_uri output."
  value       = module.key_vault.vault_uri
}
