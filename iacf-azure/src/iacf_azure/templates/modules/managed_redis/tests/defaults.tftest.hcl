mock_provider "azurerm" {}

variables {
  name                       = "redis-example-dev"
  location                   = "francecentral"
  resource_group_name        = "rg-example-dev"
  key_vault_key_id           = "https://kv-example.vault.azure.net/keys/cache"
  key_vault_key_resource_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/cache"
  private_endpoint_subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  private_dns_zone_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.redis.azure.net"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  clients                    = { app = "11111111-1111-1111-1111-111111111111" }
  tags                       = { Project = "example", Environment = "dev", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "private_entra_only_tls_encrypted_and_tagged" {
  command = plan

  assert {
    condition     = azurerm_managed_redis.this.public_network_access == "Disabled" && azurerm_managed_redis.this.default_database[0].access_keys_authentication_enabled == false && azurerm_managed_redis.this.default_database[0].client_protocol == "Encrypted"
    error_message = "Private, Entra ID only, TLS only."
  }

  assert {
    condition     = azurerm_managed_redis.this.customer_managed_key[0].key_vault_key_id == var.key_vault_key_id
    error_message = "The cache must be encrypted with the customer-managed key."
  }

  assert {
    condition     = alltrue([for t in [azurerm_managed_redis.this.tags, azurerm_private_endpoint.redis.tags, azurerm_user_assigned_identity.this.tags] : t["Project"] == "example" && t["ManagedBy"] == "terraform"])
    error_message = "Every taggable resource carries the mandatory tags."
  }

  assert {
    condition     = azurerm_managed_redis_access_policy_assignment.clients["app"].object_id == "11111111-1111-1111-1111-111111111111"
    error_message = "Each client identity is given the access policy."
  }

  assert {
    condition     = azurerm_managed_redis.this.default_database[0].clustering_policy == "EnterpriseCluster"
    error_message = "By default the cache presents one endpoint that any Redis client can use (EnterpriseCluster)."
  }
}

run "oss_cluster_when_asked" {
  command = plan

  variables {
    clustering_policy = "OSSCluster"
  }

  assert {
    condition     = azurerm_managed_redis.this.default_database[0].clustering_policy == "OSSCluster"
    error_message = "The clustering policy given is the one the database gets."
  }
}

run "refuses_an_unknown_clustering_policy" {
  command = plan

  variables {
    clustering_policy = "RedisCluster"
  }

  expect_failures = [var.clustering_policy]
}

run "persistence_when_asked" {
  command = plan

  variables {
    backup_frequency = "1h"
  }

  assert {
    condition     = azurerm_managed_redis.this.default_database[0].persistence_redis_database_backup_frequency == "1h" && azurerm_managed_redis.this.high_availability_enabled
    error_message = "Highly available with hourly snapshots."
  }
}

run "refuses_an_unknown_backup_frequency" {
  command = plan

  variables {
    backup_frequency = "2h"
  }

  expect_failures = [var.backup_frequency]
}
