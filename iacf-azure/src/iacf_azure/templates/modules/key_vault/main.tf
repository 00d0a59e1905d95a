# The project's Key Vault: Azure RBAC (no access policies), purge protection and soft delete, no public network
# (a private endpoint only), every audit event to Log Analytics. It holds the customer-managed keys (HSM-backed,
# rotated) and the application's secrets and certificates.

resource "azurerm_key_vault" "this" {
  #checkov:skip=CKV_AZURE_189:Public network access is on only when allowed_ip_ranges lists the runners applying Terraform, and the firewall then denies every other address; with no range the vault answers its private endpoint only.
  name                       = var.name
  location                   = var.location
  resource_group_name        = var.resource_group_name
  tenant_id                  = var.tenant_id
  sku_name                   = "premium"
  rbac_authorization_enabled = true
  purge_protection_enabled   = true
  soft_delete_retention_days = var.soft_delete_retention_days
  # private unless the runners applying Terraform are listed: keys and certificates are data-plane calls
  public_network_access_enabled = length(var.allowed_ip_ranges) > 0
  tags                          = var.tags

  network_acls {
    bypass         = "AzureServices"
    default_action = "Deny"
    ip_rules       = var.allowed_ip_ranges
  }
}

# the identity applying Terraform creates keys and certificates: data-plane roles on this vault only
resource "azurerm_role_assignment" "deployer" {
  for_each = toset(["Key Vault Crypto Officer", "Key Vault Certificates Officer"])

  scope                = azurerm_key_vault.this.id
  role_definition_name = each.key
  principal_id         = var.deployer_object_id
}

resource "azurerm_private_endpoint" "vault" {
  name                = "${var.name}-vault"
  location            = coalesce(var.private_endpoint_location, var.location)
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "${var.name}-vault"
    private_connection_resource_id = azurerm_key_vault.this.id
    subresource_names              = ["vault"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [var.private_dns_zone_id]
  }

  # Azure RBAC is eventually consistent: made after the deployer's roles, the endpoint's creation gives them time to
  # reach the vault's data plane before the first key or certificate call, which goes through this endpoint
  depends_on = [azurerm_role_assignment.deployer]
}

resource "azurerm_key_vault_key" "this" {
  for_each = toset(var.keys)
  #checkov:skip=CKV_AZURE_40:Each version expires 90 days after creation (rotation_policy expire_after) and is rotated 30 days before; a fixed expiration_date would expire the key itself.

  name         = each.key
  key_vault_id = azurerm_key_vault.this.id
  key_type     = "RSA-HSM"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
  tags         = var.tags

  rotation_policy {
    expire_after         = "P90D"
    notify_before_expiry = "P29D"

    automatic {
      time_before_expiry = "P30D"
    }
  }

  depends_on = [azurerm_role_assignment.deployer, azurerm_private_endpoint.vault]
}

resource "azurerm_monitor_diagnostic_setting" "vault" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_key_vault.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "audit"
  }

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
