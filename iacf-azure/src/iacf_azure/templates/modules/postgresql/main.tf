# PostgreSQL Flexible Server inside the VNet (a delegated subnet, a private DNS zone, no public network), Entra ID
# authentication only (no password exists), a customer-managed key (and one in the paired region for geo-redundant
# backups), zone-redundant high availability when asked, TLS 1.2+ enforced and connection logging to Log
# Analytics.

resource "azurerm_user_assigned_identity" "this" {
  name                = "${var.name}-cmk"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# the identity that reads the geo-redundant backups' key lives in their region, as the service requires
resource "azurerm_user_assigned_identity" "geo" {
  count = var.geo_redundant_backup ? 1 : 0

  name                = "${var.name}-cmk-geo"
  location            = var.geo_backup_location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# each identity may use its own key only
resource "azurerm_role_assignment" "key" {
  for_each = toset([var.key_vault_key_resource_id])

  scope                = each.key
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_user_assigned_identity.this.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "geo_key" {
  count = var.geo_redundant_backup ? 1 : 0

  scope                = var.geo_backup_key_vault_key_resource_id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_user_assigned_identity.geo[0].principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_postgresql_flexible_server" "this" {
  #checkov:skip=CKV2_AZURE_57:Private access by VNet injection (a delegated subnet and a private DNS zone): the server has no public endpoint for a private endpoint to replace.
  #checkov:skip=CKV_AZURE_136:Geo-redundant backup follows the environment and the region (var.geo_redundant_backup): on in prod where the region has a pair, off in dev (DECISIONS.md).
  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  version                       = var.engine_version
  sku_name                      = var.sku_name
  storage_mb                    = var.storage_gb * 1024
  auto_grow_enabled             = true
  backup_retention_days         = var.backup_retention_days
  geo_redundant_backup_enabled  = var.geo_redundant_backup
  delegated_subnet_id           = var.subnet_id
  private_dns_zone_id           = var.private_dns_zone_id
  public_network_access_enabled = false
  zone                          = var.high_availability ? "1" : null
  tags                          = var.tags

  authentication {
    active_directory_auth_enabled = true
    password_auth_enabled         = false
    tenant_id                     = var.tenant_id
  }

  identity {
    type         = "UserAssigned"
    identity_ids = concat([azurerm_user_assigned_identity.this.id], azurerm_user_assigned_identity.geo[*].id)
  }

  customer_managed_key {
    key_vault_key_id                     = var.key_vault_key_id
    primary_user_assigned_identity_id    = azurerm_user_assigned_identity.this.id
    geo_backup_key_vault_key_id          = var.geo_redundant_backup ? var.geo_backup_key_vault_key_id : null
    geo_backup_user_assigned_identity_id = var.geo_redundant_backup ? azurerm_user_assigned_identity.geo[0].id : null
  }

  dynamic "high_availability" {
    for_each = var.high_availability ? ["ZoneRedundant"] : []

    content {
      mode                      = high_availability.value
      standby_availability_zone = "2"
    }
  }

  maintenance_window {
    day_of_week  = 0
    start_hour   = 2
    start_minute = 0
  }

  lifecycle {
    prevent_destroy = true
    # Azure swaps the primary and standby zones on a failover: the next plan must not try to move them back (which
    # Azure refuses); the zones set here are where the server starts
    ignore_changes = [zone, high_availability[0].standby_availability_zone]
  }

  depends_on = [azurerm_role_assignment.key, azurerm_role_assignment.geo_key]
}

resource "azurerm_postgresql_flexible_server_active_directory_administrator" "this" {
  server_name         = azurerm_postgresql_flexible_server.this.name
  resource_group_name = var.resource_group_name
  tenant_id           = var.tenant_id
  object_id           = var.admin_object_id
  principal_name      = var.admin_principal_name
  principal_type      = var.admin_principal_type
}

resource "azurerm_postgresql_flexible_server_database" "this" {
  name      = var.database_name
  server_id = azurerm_postgresql_flexible_server.this.id
  charset   = "UTF8"
  collation = "en_US.utf8"

  lifecycle {
    prevent_destroy = true
  }
}

resource "azurerm_postgresql_flexible_server_configuration" "this" {
  for_each = {
    require_secure_transport     = "on"
    ssl_min_protocol_version     = "TLSv1.2"
    log_checkpoints              = "on"
    log_connections              = "on"
    log_disconnections           = "on"
    "connection_throttle.enable" = "on"
    "logfiles.retention_days"    = "7"
  }

  name      = each.key
  server_id = azurerm_postgresql_flexible_server.this.id
  value     = each.value
}

resource "azurerm_monitor_diagnostic_setting" "this" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_postgresql_flexible_server.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
