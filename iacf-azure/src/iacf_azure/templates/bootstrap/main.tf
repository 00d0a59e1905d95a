# Remote state of the project, created once before everything else (terraform init && terraform apply here, with
# local state; then the project's backend.tf points at it). A storage account reached with Entra ID only (no shared
# key), from the listed address ranges only, encrypted with a customer-managed key from its own Key Vault, with
# blob versioning, soft delete and a delete lock. Terraform takes a blob lease as the state lock.

data "azurerm_client_config" "current" {}

locals {
  name = "${var.project}-${var.environment}"
  # globally unique names (Key Vault, storage): lower-case letters and digits, a suffix stable per subscription
  compact = substr(replace(lower("${var.project}${var.environment}"), "/[^a-z0-9]/", ""), 0, 13)
  suffix  = substr(sha256("${var.subscription_id}/${local.name}"), 0, 6)
  tags = {
    Project     = var.project
    Environment = var.environment
    Owner       = var.owner
    CostCenter  = var.cost_center
    ManagedBy   = "terraform"
  }
}

resource "azurerm_resource_group" "state" {
  name     = "rg-${local.name}-tfstate"
  location = var.location
  tags     = local.tags
}

resource "azurerm_key_vault" "state" {
  #checkov:skip=CKV_AZURE_189:The runners and administrators reaching the state reach its key too; network_acls deny every other address (no private network exists before the project).
  #checkov:skip=CKV2_AZURE_32:No private network exists before the project; network_acls deny every address but the listed ranges.
  name                          = "kvtf${local.compact}${local.suffix}"
  location                      = var.location
  resource_group_name           = azurerm_resource_group.state.name
  tenant_id                     = data.azurerm_client_config.current.tenant_id
  sku_name                      = "premium"
  rbac_authorization_enabled    = true
  purge_protection_enabled      = true
  soft_delete_retention_days    = 90
  public_network_access_enabled = true
  tags                          = local.tags

  network_acls {
    bypass         = "AzureServices"
    default_action = "Deny"
    ip_rules       = var.allowed_ip_ranges
  }
}

resource "azurerm_role_assignment" "deployer_keys" {
  scope                = azurerm_key_vault.state.id
  role_definition_name = "Key Vault Crypto Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_key_vault_key" "state" {
  #checkov:skip=CKV_AZURE_40:Each version expires 90 days after creation (rotation_policy expire_after) and is rotated 30 days before; a fixed expiration_date would expire the key itself.
  name         = "tfstate"
  key_vault_id = azurerm_key_vault.state.id
  key_type     = "RSA-HSM"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
  tags         = local.tags

  rotation_policy {
    expire_after         = "P90D"
    notify_before_expiry = "P29D"

    automatic {
      time_before_expiry = "P30D"
    }
  }

  depends_on = [azurerm_role_assignment.deployer_keys]
}

resource "azurerm_user_assigned_identity" "state" {
  name                = "id-${local.name}-tfstate"
  location            = var.location
  resource_group_name = azurerm_resource_group.state.name
  tags                = local.tags
}

resource "azurerm_role_assignment" "state_key" {
  scope                = azurerm_key_vault_key.state.resource_versionless_id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_user_assigned_identity.state.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_storage_account" "state" {
  #checkov:skip=CKV_AZURE_59:The runners and administrators reach the state from the listed address ranges only (network_rules deny every other), with Entra ID (no shared key).
  #checkov:skip=CKV2_AZURE_33:No private network exists before the project; network_rules deny every address but the listed ranges.
  #checkov:skip=CKV_AZURE_33:The account serves blobs only (no queue).
  name                              = "sttf${local.compact}${local.suffix}"
  location                          = var.location
  resource_group_name               = azurerm_resource_group.state.name
  account_kind                      = "StorageV2"
  account_tier                      = "Standard"
  account_replication_type          = "GZRS"
  min_tls_version                   = "TLS1_2"
  https_traffic_only_enabled        = true
  shared_access_key_enabled         = false
  default_to_oauth_authentication   = true
  local_user_enabled                = false
  sftp_enabled                      = false
  allow_nested_items_to_be_public   = false
  public_network_access_enabled     = true
  cross_tenant_replication_enabled  = false
  infrastructure_encryption_enabled = true
  tags                              = local.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.state.id]
  }

  customer_managed_key {
    key_vault_key_id          = azurerm_key_vault_key.state.versionless_id
    user_assigned_identity_id = azurerm_user_assigned_identity.state.id
  }

  blob_properties {
    versioning_enabled            = true
    change_feed_enabled           = true
    change_feed_retention_in_days = 90
    last_access_time_enabled      = true

    delete_retention_policy {
      days = 90
    }

    container_delete_retention_policy {
      days = 90
    }
  }

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices", "Logging", "Metrics"]
    ip_rules       = var.allowed_ip_ranges
  }

  sas_policy {
    expiration_period = "0.01:00:00"
    expiration_action = "Block"
  }

  depends_on = [azurerm_role_assignment.state_key]
}

# created through Azure Resource Manager (storage_account_id), so no data-plane access is needed to make it
resource "azurerm_storage_container" "state" {
  #checkov:skip=CKV2_AZURE_21:Blob reads and writes are logged by the account's diagnostic setting where the project's Log Analytics workspace exists; the bootstrap runs before it.
  name                  = "tfstate"
  storage_account_id    = azurerm_storage_account.state.id
  container_access_type = "private"
}

# the people and pipelines applying the project read and write the state with Entra ID, on this account only
resource "azurerm_role_assignment" "state_writers" {
  for_each = {
    bootstrap = data.azurerm_client_config.current.object_id
    apply     = azurerm_user_assigned_identity.apply.principal_id
  }

  scope                = azurerm_storage_account.state.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = each.value
}

# the plan identity, which any branch's pull request may use, only reads the state (its plans take no lock): a
# changed workflow cannot overwrite or delete the state the reviewed apply relies on
resource "azurerm_role_assignment" "state_reader" {
  scope                = azurerm_storage_account.state.id
  role_definition_name = "Storage Blob Data Reader"
  principal_id         = azurerm_user_assigned_identity.plan.principal_id
}

resource "azurerm_management_lock" "state" {
  name       = "protect-terraform-state"
  scope      = azurerm_storage_account.state.id
  lock_level = "CanNotDelete"
  notes      = "Holds the Terraform state of ${local.name}; remove the lock deliberately before deleting."
}
