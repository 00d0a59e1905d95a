mock_provider "azurerm" {}

variables {
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

run "private_entra_only_cmk_and_ha" {
  command = plan

  assert {
    condition     = azurerm_postgresql_flexible_server.this.public_network_access_enabled == false
    error_message = "No public network access."
  }

  assert {
    condition     = azurerm_postgresql_flexible_server.this.authentication[0].password_auth_enabled == false && azurerm_postgresql_flexible_server.this.authentication[0].active_directory_auth_enabled
    error_message = "Entra ID authentication only."
  }

  assert {
    condition     = azurerm_postgresql_flexible_server.this.customer_managed_key[0].key_vault_key_id == var.key_vault_key_id && azurerm_postgresql_flexible_server.this.customer_managed_key[0].geo_backup_key_vault_key_id == var.geo_backup_key_vault_key_id
    error_message = "Customer-managed keys, the paired region's for geo backups."
  }

  assert {
    condition     = azurerm_postgresql_flexible_server.this.high_availability[0].mode == "ZoneRedundant" && azurerm_postgresql_flexible_server.this.geo_redundant_backup_enabled
    error_message = "Zone-redundant HA and geo-redundant backups in prod."
  }

  assert {
    condition     = azurerm_postgresql_flexible_server_configuration.this["require_secure_transport"].value == "on"
    error_message = "TLS required."
  }

  assert {
    condition     = alltrue([for t in [azurerm_postgresql_flexible_server.this.tags, azurerm_user_assigned_identity.this.tags] : t["Environment"] == "prod"])
    error_message = "Every taggable resource carries the mandatory tags."
  }
}

run "dev_single_zone" {
  command = plan

  variables {
    sku_name             = "B_Standard_B1ms"
    high_availability    = false
    geo_redundant_backup = false
  }

  assert {
    condition     = length(azurerm_postgresql_flexible_server.this.high_availability) == 0 && azurerm_postgresql_flexible_server.this.customer_managed_key[0].geo_backup_key_vault_key_id == null
    error_message = "No standby and no geo key in dev."
  }
}

run "refuses_ha_on_burstable" {
  command = plan

  variables {
    sku_name = "B_Standard_B1ms"
  }

  expect_failures = [var.high_availability]
}
