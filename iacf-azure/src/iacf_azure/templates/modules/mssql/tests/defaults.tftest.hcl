mock_provider "azurerm" {}

variables {
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

run "private_entra_only_keyed_audited_and_tagged" {
  command = plan

  assert {
    condition     = !azurerm_mssql_server.this.public_network_access_enabled && azurerm_mssql_server.this.minimum_tls_version == "1.2" && azurerm_mssql_server.this.azuread_administrator[0].azuread_authentication_only && azurerm_mssql_server.this.azuread_administrator[0].object_id == var.admin_object_id
    error_message = "Private, TLS 1.2, Entra ID only."
  }

  assert {
    condition     = azurerm_mssql_server_transparent_data_encryption.this.key_vault_key_id == var.key_vault_key_id && azurerm_role_assignment.key.scope == var.key_vault_key_resource_id && azurerm_role_assignment.key.role_definition_name == "Key Vault Crypto Service Encryption User"
    error_message = "TDE with the customer key, the server allowed on that key only."
  }

  assert {
    condition     = azurerm_mssql_server_extended_auditing_policy.this.log_monitoring_enabled && azurerm_monitor_diagnostic_setting.audit.log_analytics_workspace_id == var.log_analytics_workspace_id && azurerm_mssql_server_security_alert_policy.this.state == "Enabled" && azurerm_mssql_server_security_alert_policy.this.email_account_admins
    error_message = "Auditing to Log Analytics and Defender for SQL alerts."
  }

  assert {
    condition     = azurerm_mssql_database.this.zone_redundant && azurerm_mssql_database.this.storage_account_type == "GeoZone" && length(azurerm_mssql_database.this.long_term_retention_policy) == 1
    error_message = "Prod defaults: zone-redundant, geo-zone-redundant backups, long-term retention."
  }

  assert {
    condition     = alltrue([for t in [azurerm_mssql_server.this.tags, azurerm_mssql_database.this.tags, azurerm_private_endpoint.sql.tags] : t["Project"] == "example" && t["ManagedBy"] == "terraform"])
    error_message = "Every taggable resource carries the mandatory tags."
  }
}

run "dev_local_backups_without_long_term_retention" {
  command = plan

  variables {
    zone_redundant      = false
    backup_storage      = "Local"
    long_term_retention = false
  }

  assert {
    condition     = !azurerm_mssql_database.this.zone_redundant && azurerm_mssql_database.this.storage_account_type == "Local" && length(azurerm_mssql_database.this.long_term_retention_policy) == 0
    error_message = "Dev: one zone, local backups, no long-term retention."
  }
}

run "refuses_a_flexible_server_sku" {
  command = plan

  variables {
    sku_name = "GP_Standard_D2ds_v5"
  }

  expect_failures = [var.sku_name]
}
