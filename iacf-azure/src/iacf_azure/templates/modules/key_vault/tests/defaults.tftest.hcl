mock_provider "azurerm" {}

variables {
  name                       = "kv-example-dev"
  location                   = "francecentral"
  resource_group_name        = "rg-example-dev"
  tenant_id                  = "00000000-0000-0000-0000-000000000000"
  keys                       = ["storage", "database"]
  deployer_object_id         = "11111111-1111-1111-1111-111111111111"
  private_endpoint_subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  private_dns_zone_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                       = { Project = "example", Environment = "dev", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "private_rbac_and_recoverable" {
  command = plan

  assert {
    condition     = azurerm_key_vault.this.public_network_access_enabled == false && azurerm_key_vault.this.network_acls[0].default_action == "Deny"
    error_message = "The vault must be private."
  }

  assert {
    condition     = azurerm_key_vault.this.rbac_authorization_enabled && azurerm_key_vault.this.purge_protection_enabled
    error_message = "RBAC and purge protection must be on."
  }

  assert {
    condition     = length(azurerm_key_vault_key.this) == 2 && alltrue([for k in azurerm_key_vault_key.this : k.key_type == "RSA-HSM" && k.rotation_policy[0].expire_after == "P90D"])
    error_message = "Keys are HSM-backed and rotated."
  }

  assert {
    condition     = alltrue([for t in concat([azurerm_key_vault.this.tags, azurerm_private_endpoint.vault.tags], [for k in azurerm_key_vault_key.this : k.tags]) : t["CostCenter"] == "cc"])
    error_message = "Every taggable resource carries the mandatory tags."
  }
}

run "refuses_short_soft_delete" {
  command = plan

  variables {
    soft_delete_retention_days = 3
  }

  expect_failures = [var.soft_delete_retention_days]
}
