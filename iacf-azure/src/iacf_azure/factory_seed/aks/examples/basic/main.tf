# The smallest useful call of the aks module; the identifiers it is given are placeholders of
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

module "aks" {
  source = "../.."

  name                               = "aks-example-prod"
  location                           = "francecentral"
  resource_group_name                = "rg-example-prod"
  tenant_id                          = "00000000-0000-0000-0000-000000000000"
  admin_group_object_id              = "22222222-2222-2222-2222-222222222222"
  kubernetes_version                 = "1.33"
  subnet_id                          = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/cluster"
  private_dns_zone_id                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.francecentral.azmk8s.io"
  key_vault_key_id                   = "https://kv-example.vault.azure.net/keys/k8s"
  key_vault_key_resource_id          = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/k8s"
  registry_name                      = "crexampleprod"
  registry_key_vault_key_id          = "https://kv-example.vault.azure.net/keys/k8s-registry"
  registry_key_vault_key_resource_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/k8s-registry"
  private_endpoint_subnet_id         = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  registry_private_dns_zone_id       = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
  log_analytics_workspace_id         = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                               = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

output "name" {
  description = "The module's name output."
  value       = module.aks.name
}

output "id" {
  description = "The module's id output."
  value       = module.aks.id
}

output "private_fqdn" {
  description = "The module's private_fqdn output."
  value       = module.aks.private_fqdn
}

output "registry_login_server" {
  description = "The module's registry_login_server output."
  value       = module.aks.registry_login_server
}
