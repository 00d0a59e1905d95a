# The smallest useful call of the mssql module; the identifiers it is given are placeholders of
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

module "mssql" {
  source = "../.."

  name                       = "sql-example-prod"
  location                   = "francecentral"
  resource_group_name        = "rg-example-prod"
  tenant_id                  = "00000000-0000-0000-0000-000000000000"
  admin_object_id            = "22222222-2222-2222-2222-222222222222"
  admin_principal_name       = "dba-example"
  key_vault_key_id           = "https://kv-example.vault.azure.net/keys/db"
  key_vault_key_resource_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/db"
  private_endpoint_subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  private_dns_zone_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.database.windows.net"
  alert_emails               = ["security@example.com"]
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                       = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

output "id" {
  description = "The module's id output."
  value       = module.mssql.id
}

output "fqdn" {
  description = "The module's fqdn output."
  value       = module.mssql.fqdn
}

output "database_name" {
  description = "The module's database_name output."
  value       = module.mssql.database_name
}
