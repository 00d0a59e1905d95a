# The smallest useful call of the front_door_site module; the identifiers it is given are placeholders of
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

module "front_door_site" {
  source = "../.."

  name                       = "afd-example-prod-site"
  endpoint_name              = "example-prod-site-abc123"
  waf_policy_name            = "wafexampleprodsite"
  storage_account_name       = "stexampleprodsite"
  location                   = "francecentral"
  resource_group_name        = "rg-example-prod"
  soft_delete_days           = 90
  domain_name                = "www.example.com"
  key_vault_key_id           = "https://kv-example.vault.azure.net/keys/site"
  key_vault_key_resource_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/site"
  private_endpoint_subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  blob_private_dns_zone_id   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                       = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

output "endpoint_host_name" {
  description = "The module's endpoint_host_name output."
  value       = module.front_door_site.endpoint_host_name
}

output "profile_id" {
  description = "The module's profile_id output."
  value       = module.front_door_site.profile_id
}
