# The smallest useful call of the postgresql module; the identifiers it is given are placeholders of
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

module "postgresql" {
  source = "../.."

  name                                 = "psql-example-prod"
  location                             = "francecentral"
  resource_group_name                  = "rg-example-prod"
  tenant_id                            = "00000000-0000-0000-0000-000000000000"
  engine_version                       = "16"
  sku_name                             = "GP_Standard_D4ds_v5"
  storage_gb                           = 128
  backup_retention_days                = 35
  high_availability                    = true
  geo_redundant_backup                 = true
  database_name                        = "app"
  subnet_id                            = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/data"
  private_dns_zone_id                  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.postgres.database.azure.com"
  key_vault_key_id                     = "https://kv-example.vault.azure.net/keys/database"
  key_vault_key_resource_id            = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/database"
  geo_backup_key_vault_key_id          = "https://kv-example-geo.vault.azure.net/keys/database"
  geo_backup_key_vault_key_resource_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example-geo/keys/database"
  admin_object_id                      = "33333333-3333-3333-3333-333333333333"
  admin_principal_name                 = "dba-example"
  log_analytics_workspace_id           = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                                 = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

output "id" {
  description = "The module's id output."
  value       = module.postgresql.id
}

output "fqdn" {
  description = "The module's fqdn output."
  value       = module.postgresql.fqdn
}

output "database_name" {
  description = "The module's database_name output."
  value       = module.postgresql.database_name
}
