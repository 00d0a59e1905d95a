# A storage account the way every project account is made: Entra ID only (no shared keys, no local users), TLS
# 1.2, no public network or anonymous blob, infrastructure encryption plus a customer-managed key, versioning,
# change feed and soft delete. Reached through a private endpoint.

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

resource "azurerm_storage_account" "this" {
  #checkov:skip=CKV_AZURE_59:Public network access is on only for trusted_service_writers (Network Watcher's flow logs), which Azure lets through in selected-networks mode only; network_rules deny every address and subnet.
  #checkov:skip=CKV_AZURE_33:The account serves blobs only (no queue); its blob service logs go to Log Analytics through a diagnostic setting.
  name                            = var.name
  location                        = var.location
  resource_group_name             = var.resource_group_name
  account_kind                    = "StorageV2"
  account_tier                    = "Standard"
  account_replication_type        = var.replication_type
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  shared_access_key_enabled       = false
  default_to_oauth_authentication = true
  local_user_enabled              = false
  sftp_enabled                    = false
  allow_nested_items_to_be_public = false
  # trusted Azure services (Network Watcher writing flow logs) pass the firewall only in "selected networks"
  # mode: public access on, every address denied by network_rules
  public_network_access_enabled     = var.trusted_service_writers
  cross_tenant_replication_enabled  = false
  allowed_copy_scope                = "PrivateLink"
  infrastructure_encryption_enabled = true
  tags                              = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.this.id]
  }

  customer_managed_key {
    key_vault_key_id          = var.key_vault_key_id
    user_assigned_identity_id = azurerm_user_assigned_identity.this.id
  }

  blob_properties {
    versioning_enabled            = true
    change_feed_enabled           = true
    change_feed_retention_in_days = var.soft_delete_days
    last_access_time_enabled      = true

    delete_retention_policy {
      days = var.soft_delete_days
    }

    container_delete_retention_policy {
      days = var.soft_delete_days
    }
  }

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices", "Logging", "Metrics"]
    ip_rules                   = []
    virtual_network_subnet_ids = []
  }

  sas_policy {
    expiration_period = "0.01:00:00"
    expiration_action = "Block"
  }

  depends_on = [azurerm_role_assignment.key]
}

# created through Azure Resource Manager (storage_account_id): no data-plane access needed to make them
resource "azurerm_storage_container" "this" {
  for_each = toset(var.containers)
  #checkov:skip=CKV2_AZURE_21:Every read, write and delete of the blob service goes to Log Analytics through the account's diagnostic setting (azurerm_monitor_diagnostic_setting.blob).

  name                  = each.key
  storage_account_id    = azurerm_storage_account.this.id
  container_access_type = "private"
}

resource "azurerm_private_endpoint" "blob" {
  name                = "${var.name}-blob"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "${var.name}-blob"
    private_connection_resource_id = azurerm_storage_account.this.id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [var.blob_private_dns_zone_id]
  }
}

# every read, write and delete of the blob service to Log Analytics
resource "azurerm_monitor_diagnostic_setting" "blob" {
  name                       = "to-log-analytics"
  target_resource_id         = "${azurerm_storage_account.this.id}/blobServices/default"
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "Transaction"
  }
}
