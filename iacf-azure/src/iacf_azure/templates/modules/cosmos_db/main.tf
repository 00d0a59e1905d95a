# A Cosmos DB for NoSQL account the way every project account is made: Entra ID only on the data plane (local key
# authentication off, keys cannot write metadata), no public network access (a Sql private endpoint), TLS 1.2, its
# own customer-managed key, continuous backup; one database and one container with autoscale throughput; data-plane
# and control-plane requests in Log Analytics.

resource "azurerm_user_assigned_identity" "this" {
  name                = "${var.name}-cmk"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# the account's identity may wrap and unwrap with this key only (scope: the key, not the vault)
resource "azurerm_role_assignment" "key" {
  scope                = var.key_vault_key_resource_id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_user_assigned_identity.this.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_cosmosdb_account" "this" {
  name                               = var.name
  location                           = var.location
  resource_group_name                = var.resource_group_name
  offer_type                         = "Standard"
  kind                               = "GlobalDocumentDB"
  public_network_access_enabled      = false
  is_virtual_network_filter_enabled  = true
  local_authentication_disabled      = true
  access_key_metadata_writes_enabled = false
  minimal_tls_version                = "Tls12"
  key_vault_key_id                   = var.key_vault_key_id
  default_identity_type              = "UserAssignedIdentity=${azurerm_user_assigned_identity.this.id}"
  tags                               = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.this.id]
  }

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = var.location
    failover_priority = 0
    zone_redundant    = var.zone_redundant
  }

  backup {
    type = "Continuous"
    tier = var.backup_tier
  }

  depends_on = [azurerm_role_assignment.key]
}

resource "azurerm_cosmosdb_sql_database" "this" {
  name                = var.database_name
  resource_group_name = var.resource_group_name
  account_name        = azurerm_cosmosdb_account.this.name
}

resource "azurerm_cosmosdb_sql_container" "this" {
  name                  = var.container_name
  resource_group_name   = var.resource_group_name
  account_name          = azurerm_cosmosdb_account.this.name
  database_name         = azurerm_cosmosdb_sql_database.this.name
  partition_key_paths   = ["/${var.partition_key}"]
  partition_key_version = 2
  default_ttl           = var.ttl_seconds > 0 ? var.ttl_seconds : null

  autoscale_settings {
    max_throughput = var.max_throughput
  }
}

# each client's data role on the container only (Cosmos DB's own RBAC: the data plane has no Azure RBAC role)
resource "azurerm_cosmosdb_sql_role_assignment" "clients" {
  for_each = var.clients

  resource_group_name = var.resource_group_name
  account_name        = azurerm_cosmosdb_account.this.name
  role_definition_id  = "${azurerm_cosmosdb_account.this.id}/sqlRoleDefinitions/${each.value.role_definition}"
  principal_id        = each.value.principal_id
  scope               = "${azurerm_cosmosdb_account.this.id}/dbs/${azurerm_cosmosdb_sql_database.this.name}/colls/${azurerm_cosmosdb_sql_container.this.name}"
}

resource "azurerm_private_endpoint" "sql" {
  name                = "${var.name}-sql"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "${var.name}-sql"
    private_connection_resource_id = azurerm_cosmosdb_account.this.id
    subresource_names              = ["Sql"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [var.private_dns_zone_id]
  }
}

resource "azurerm_monitor_diagnostic_setting" "this" {
  name                           = "to-log-analytics"
  target_resource_id             = azurerm_cosmosdb_account.this.id
  log_analytics_workspace_id     = var.log_analytics_workspace_id
  log_analytics_destination_type = "Dedicated"

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "Requests"
  }
}
