mock_provider "azurerm" {}

variables {
  name                       = "stexampledev"
  location                   = "francecentral"
  resource_group_name        = "rg-example-dev"
  key_vault_key_id           = "https://kv-example.vault.azure.net/keys/storage"
  key_vault_key_resource_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/storage"
  private_endpoint_subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  blob_private_dns_zone_id   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  containers                 = ["uploads"]
  tags                       = { Project = "example", Environment = "dev", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "private_encrypted_and_tagged" {
  command = plan

  assert {
    condition     = azurerm_storage_account.this.public_network_access_enabled == false && azurerm_storage_account.this.allow_nested_items_to_be_public == false
    error_message = "The account must be private."
  }

  assert {
    condition     = azurerm_storage_account.this.shared_access_key_enabled == false && azurerm_storage_account.this.min_tls_version == "TLS1_2" && azurerm_storage_account.this.https_traffic_only_enabled
    error_message = "Entra ID only, TLS 1.2, HTTPS only."
  }

  assert {
    condition     = azurerm_storage_account.this.customer_managed_key[0].key_vault_key_id == var.key_vault_key_id && azurerm_storage_account.this.infrastructure_encryption_enabled
    error_message = "The account must be encrypted with the customer-managed key."
  }

  assert {
    condition     = azurerm_storage_account.this.blob_properties[0].versioning_enabled && azurerm_storage_account.this.blob_properties[0].delete_retention_policy[0].days == 30
    error_message = "Versioning and soft delete must be on."
  }

  assert {
    condition     = alltrue([for t in [azurerm_storage_account.this.tags, azurerm_private_endpoint.blob.tags, azurerm_user_assigned_identity.this.tags] : t["Project"] == "example" && t["ManagedBy"] == "terraform"])
    error_message = "Every taggable resource carries the mandatory tags."
  }
}

run "containers_are_private" {
  command = plan

  assert {
    condition     = azurerm_storage_container.this["uploads"].container_access_type == "private"
    error_message = "Containers are private."
  }
}

run "trusted_writers_pass_a_firewall_denying_every_address" {
  command = plan

  variables {
    trusted_service_writers = true
  }

  assert {
    condition     = azurerm_storage_account.this.public_network_access_enabled && azurerm_storage_account.this.network_rules[0].default_action == "Deny" && contains(azurerm_storage_account.this.network_rules[0].bypass, "AzureServices") && length(azurerm_storage_account.this.network_rules[0].ip_rules) == 0 && length(azurerm_storage_account.this.network_rules[0].virtual_network_subnet_ids) == 0
    error_message = "Only trusted services pass: no address, no subnet."
  }
}

run "refuses_locally_redundant_storage" {
  command = plan

  variables {
    replication_type = "LRS"
  }

  expect_failures = [var.replication_type]
}
