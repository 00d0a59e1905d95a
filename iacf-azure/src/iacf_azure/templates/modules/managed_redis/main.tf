# An Azure Managed Redis cache the way every project cache is made: Entra ID only (access keys off), the encrypted
# client protocol only (TLS), no public network access (a private endpoint), its own customer-managed key; high
# availability and RDB persistence when asked; connection events in Log Analytics. The clustering policy defaults to
# one endpoint that any Redis client can use (EnterpriseCluster), not the Redis Cluster protocol.

resource "azurerm_user_assigned_identity" "this" {
  name                = "${var.name}-cmk"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# the cache's identity may wrap and unwrap with this key only (scope: the key, not the vault)
resource "azurerm_role_assignment" "key" {
  scope                = var.key_vault_key_resource_id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_user_assigned_identity.this.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_managed_redis" "this" {
  name                      = var.name
  location                  = var.location
  resource_group_name       = var.resource_group_name
  sku_name                  = var.sku_name
  high_availability_enabled = var.high_availability
  public_network_access     = "Disabled"
  tags                      = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.this.id]
  }

  customer_managed_key {
    key_vault_key_id          = var.key_vault_key_id
    user_assigned_identity_id = azurerm_user_assigned_identity.this.id
  }

  default_database {
    access_keys_authentication_enabled          = false
    client_protocol                             = "Encrypted"
    clustering_policy                           = var.clustering_policy
    eviction_policy                             = "VolatileLRU"
    persistence_redis_database_backup_frequency = var.backup_frequency == "" ? null : var.backup_frequency
  }

  depends_on = [azurerm_role_assignment.key]
}

# each client signs in with its identity under the default access policy (there is no access key)
resource "azurerm_managed_redis_access_policy_assignment" "clients" {
  for_each = var.clients

  managed_redis_id = azurerm_managed_redis.this.id
  object_id        = each.value
}

resource "azurerm_private_endpoint" "redis" {
  name                = "${var.name}-redis"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "${var.name}-redis"
    private_connection_resource_id = azurerm_managed_redis.this.id
    subresource_names              = ["redisEnterprise"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [var.private_dns_zone_id]
  }
}

# connection events of the database
resource "azurerm_monitor_diagnostic_setting" "this" {
  name                       = "to-log-analytics"
  target_resource_id         = "${azurerm_managed_redis.this.id}/databases/default"
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }
}
