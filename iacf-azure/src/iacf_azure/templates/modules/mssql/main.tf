# An Azure SQL Database the way every project database is made: a logical server with Entra ID authentication only
# (no SQL login, no password), no public network access (a private endpoint), TLS 1.2, transparent data
# encryption with its own customer-managed key, auditing to Log Analytics, Microsoft Defender for SQL alerts; the
# database zone-redundant with geo-redundant backups and long-term retention when asked.

resource "azurerm_mssql_server" "this" {
  #checkov:skip=CKV_AZURE_24:Auditing (azurerm_mssql_server_extended_auditing_policy) sends its events to Log Analytics, kept for the workspace's retention (365 days in prod); retention_in_days applies to a storage account destination, which is not used.
  #checkov:skip=CKV2_AZURE_2:Vulnerability assessment runs in its express configuration, which Defender for SQL turns on with no storage account; the provider serves only the classic configuration (a storage account) (DECISIONS.md).
  name                                 = var.name
  location                             = var.location
  resource_group_name                  = var.resource_group_name
  version                              = "12.0"
  minimum_tls_version                  = "1.2"
  public_network_access_enabled        = false
  outbound_network_restriction_enabled = true
  tags                                 = var.tags

  azuread_administrator {
    login_username              = var.admin_principal_name
    object_id                   = var.admin_object_id
    tenant_id                   = var.tenant_id
    azuread_authentication_only = true
  }

  identity {
    type = "SystemAssigned"
  }

  lifecycle {
    prevent_destroy = true
  }
}

# the server's identity may wrap and unwrap with its key only (scope: the key, not the vault)
resource "azurerm_role_assignment" "key" {
  scope                = var.key_vault_key_resource_id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_mssql_server.this.identity[0].principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_mssql_server_transparent_data_encryption" "this" {
  server_id             = azurerm_mssql_server.this.id
  key_vault_key_id      = var.key_vault_key_id
  auto_rotation_enabled = true

  depends_on = [azurerm_role_assignment.key]
}

# server auditing (every database) to Log Analytics through the master database's diagnostic setting
resource "azurerm_mssql_server_extended_auditing_policy" "this" {
  server_id              = azurerm_mssql_server.this.id
  log_monitoring_enabled = true
}

resource "azurerm_monitor_diagnostic_setting" "audit" {
  name                       = "to-log-analytics"
  target_resource_id         = "${azurerm_mssql_server.this.id}/databases/master"
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category = "SQLSecurityAuditEvents"
  }
}

# Microsoft Defender for SQL: threat protection alerts to the contacts and the subscription's administrators
resource "azurerm_mssql_server_security_alert_policy" "this" {
  #checkov:skip=CKV_AZURE_26:Alerts go to var.alert_emails (at least one address required in prod by the project's validation) and to the subscription's administrators (email_account_admins).
  resource_group_name  = var.resource_group_name
  server_name          = azurerm_mssql_server.this.name
  state                = "Enabled"
  email_account_admins = true
  email_addresses      = var.alert_emails
}

resource "azurerm_mssql_database" "this" {
  #checkov:skip=CKV_AZURE_224:Ledger turns every table into an updatable ledger table for good (history tables, write and storage overhead); tables that need cryptographic non-repudiation are created as ledger tables by the application, and auditing records every schema and permission change.
  #checkov:skip=CKV_AZURE_229:Zone redundancy follows the environment (var.zone_redundant): on in prod, off in dev and staging to cost less (DECISIONS.md).
  name                 = var.database_name
  server_id            = azurerm_mssql_server.this.id
  sku_name             = var.sku_name
  max_size_gb          = var.max_size_gb
  zone_redundant       = var.zone_redundant
  storage_account_type = var.backup_storage
  ledger_enabled       = false
  tags                 = var.tags

  short_term_retention_policy {
    retention_days           = var.backup_retention_days
    backup_interval_in_hours = 12
  }

  dynamic "long_term_retention_policy" {
    for_each = var.long_term_retention ? [1] : []

    content {
      weekly_retention  = "P12W"
      monthly_retention = "P12M"
      yearly_retention  = "P5Y"
      week_of_year      = 1
    }
  }

  depends_on = [azurerm_mssql_server_transparent_data_encryption.this]

  lifecycle {
    prevent_destroy = true
  }
}

resource "azurerm_private_endpoint" "sql" {
  name                = "${var.name}-sql"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "${var.name}-sql"
    private_connection_resource_id = azurerm_mssql_server.this.id
    subresource_names              = ["sqlServer"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [var.private_dns_zone_id]
  }
}
