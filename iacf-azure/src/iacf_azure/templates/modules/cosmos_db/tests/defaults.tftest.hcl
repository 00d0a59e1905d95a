mock_provider "azurerm" {}

variables {
  name                       = "cosmos-example-dev"
  location                   = "francecentral"
  resource_group_name        = "rg-example-dev"
  container_name             = "orders"
  key_vault_key_id           = "https://kv-example.vault.azure.net/keys/orders"
  key_vault_key_resource_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/orders"
  private_endpoint_subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  private_dns_zone_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  clients                    = { app = { principal_id = "11111111-1111-1111-1111-111111111111", role_definition = "00000000-0000-0000-0000-000000000001" } }
  tags                       = { Project = "example", Environment = "dev", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "private_entra_only_encrypted_and_tagged" {
  command = plan

  assert {
    condition     = azurerm_cosmosdb_account.this.public_network_access_enabled == false && azurerm_cosmosdb_account.this.local_authentication_disabled && azurerm_cosmosdb_account.this.access_key_metadata_writes_enabled == false && azurerm_cosmosdb_account.this.minimal_tls_version == "Tls12"
    error_message = "Private, Entra ID only, TLS 1.2."
  }

  assert {
    condition     = azurerm_cosmosdb_account.this.key_vault_key_id == var.key_vault_key_id && azurerm_cosmosdb_account.this.backup[0].type == "Continuous"
    error_message = "Customer-managed key and continuous backup."
  }

  assert {
    condition     = alltrue([for t in [azurerm_cosmosdb_account.this.tags, azurerm_private_endpoint.sql.tags, azurerm_user_assigned_identity.this.tags] : t["Project"] == "example" && t["ManagedBy"] == "terraform"])
    error_message = "Every taggable resource carries the mandatory tags."
  }
}

# the role's id is made of the account's id: known after apply (mocked)
run "clients_get_a_data_role_on_the_container_only" {
  command = apply

  assert {
    condition     = endswith(azurerm_cosmosdb_sql_role_assignment.clients["app"].role_definition_id, "/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001") && endswith(azurerm_cosmosdb_sql_role_assignment.clients["app"].scope, "/dbs/app/colls/orders") && azurerm_cosmosdb_sql_container.this.partition_key_paths[0] == "/pk"
    error_message = "The reader gets the built-in Data Reader role."
  }
}

run "refuses_another_data_role" {
  command = plan

  variables {
    clients = { app = { principal_id = "11111111-1111-1111-1111-111111111111", role_definition = "00000000-0000-0000-0000-000000000003" } }
  }

  expect_failures = [var.clients]
}
