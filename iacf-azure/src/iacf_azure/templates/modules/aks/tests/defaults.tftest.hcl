mock_provider "azurerm" {}

variables {
  name                               = "aks-example-prod"
  location                           = "francecentral"
  resource_group_name                = "rg-example-prod"
  tenant_id                          = "00000000-0000-0000-0000-000000000000"
  admin_group_object_id              = "22222222-2222-2222-2222-222222222222"
  kubernetes_version                 = "1.33"
  subnet_id                          = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/cluster"
  private_dns_zone_id                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.francecentral.azmk8s.io"
  key_vault_key_id                   = "https://kv-example.vault.azure.net/keys/k8s"
  key_vault_key_resource_id          = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/k8s"
  registry_name                      = "crexampleprod"
  registry_key_vault_key_id          = "https://kv-example.vault.azure.net/keys/k8s-registry"
  registry_key_vault_key_resource_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/k8s-registry"
  georeplication_location            = "francesouth"
  private_endpoint_subnet_id         = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  registry_private_dns_zone_id       = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
  log_analytics_workspace_id         = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                               = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "private_entra_only_and_keyed" {
  command = plan

  assert {
    condition     = azurerm_kubernetes_cluster.this.private_cluster_enabled && !azurerm_kubernetes_cluster.this.private_cluster_public_fqdn_enabled && azurerm_kubernetes_cluster.this.private_dns_zone_id == var.private_dns_zone_id
    error_message = "The API server is private, named in the project's private DNS zone."
  }

  assert {
    condition     = azurerm_kubernetes_cluster.this.local_account_disabled && azurerm_kubernetes_cluster.this.azure_active_directory_role_based_access_control[0].azure_rbac_enabled && azurerm_kubernetes_cluster.this.oidc_issuer_enabled && azurerm_kubernetes_cluster.this.workload_identity_enabled
    error_message = "Entra ID with Azure RBAC only, workload identity on."
  }

  assert {
    condition     = azurerm_disk_encryption_set.this.key_vault_key_id == var.key_vault_key_id && azurerm_disk_encryption_set.this.encryption_type == "EncryptionAtRestWithCustomerKey" && azurerm_kubernetes_cluster.this.default_node_pool[0].host_encryption_enabled && azurerm_kubernetes_cluster.this.default_node_pool[0].os_disk_type == "Ephemeral" && azurerm_kubernetes_cluster_node_pool.user.host_encryption_enabled && azurerm_kubernetes_cluster_node_pool.user.os_disk_type == "Ephemeral"
    error_message = "Ephemeral OS disks encrypted at host, managed disks with the customer key."
  }

  assert {
    condition     = azurerm_kubernetes_cluster.this.default_node_pool[0].only_critical_addons_enabled && azurerm_kubernetes_cluster_node_pool.user.mode == "User" && azurerm_kubernetes_cluster_node_pool.user.auto_scaling_enabled && azurerm_kubernetes_cluster_node_pool.user.min_count == 3 && length(azurerm_kubernetes_cluster_node_pool.user.zones) == 3
    error_message = "A system pool for critical add-ons, an autoscaled user pool across zones."
  }

  assert {
    condition     = azurerm_kubernetes_cluster.this.network_profile[0].network_plugin == "azure" && azurerm_kubernetes_cluster.this.network_profile[0].network_policy == "cilium" && azurerm_kubernetes_cluster.this.network_profile[0].network_data_plane == "cilium" && azurerm_kubernetes_cluster.this.network_profile[0].outbound_type == "userAssignedNATGateway"
    error_message = "Azure CNI Overlay with Cilium, egress through the NAT gateway."
  }

  assert {
    condition     = azurerm_kubernetes_cluster.this.microsoft_defender[0].log_analytics_workspace_id == var.log_analytics_workspace_id && azurerm_kubernetes_cluster.this.oms_agent[0].log_analytics_workspace_id == var.log_analytics_workspace_id && azurerm_kubernetes_cluster.this.azure_policy_enabled && azurerm_kubernetes_cluster.this.key_vault_secrets_provider[0].secret_rotation_enabled
    error_message = "Defender, Container Insights, Azure Policy and the secrets provider with rotation."
  }

  assert {
    condition     = azurerm_kubernetes_cluster.this.automatic_upgrade_channel == "patch" && azurerm_kubernetes_cluster.this.node_os_upgrade_channel == "NodeImage" && azurerm_kubernetes_cluster.this.maintenance_window_auto_upgrade[0].day_of_week == "Sunday"
    error_message = "Automatic upgrades in a maintenance window."
  }

  assert {
    condition     = !azurerm_container_registry.this.admin_enabled && !azurerm_container_registry.this.public_network_access_enabled && azurerm_container_registry.this.sku == "Premium" && azurerm_container_registry.this.encryption[0].key_vault_key_id == var.registry_key_vault_key_id && length(azurerm_container_registry.this.georeplications) == 1
    error_message = "A private Premium registry, no admin user, customer key, replicated when asked."
  }

  assert {
    condition     = azurerm_role_assignment.kubelet_pull.role_definition_name == "AcrPull" && azurerm_role_assignment.cluster_subnet.scope == var.subnet_id && azurerm_role_assignment.cluster_dns.scope == var.private_dns_zone_id && azurerm_role_assignment.disks_key.scope == var.key_vault_key_resource_id
    error_message = "Every role is scoped to one named resource."
  }

  assert {
    condition     = alltrue([for t in [azurerm_kubernetes_cluster.this.tags, azurerm_kubernetes_cluster_node_pool.user.tags, azurerm_container_registry.this.tags, azurerm_disk_encryption_set.this.tags, azurerm_private_endpoint.registry.tags, azurerm_user_assigned_identity.kubelet.tags] : t["Project"] == "example" && t["ManagedBy"] == "terraform"])
    error_message = "Every taggable resource carries the mandatory tags."
  }
}

run "dev_free_tier_without_zones_or_replica" {
  command = plan

  variables {
    sku_tier                = "Free"
    zones                   = []
    min_nodes               = 1
    max_nodes               = 3
    network_policy          = "azure"
    georeplication_location = ""
  }

  assert {
    condition     = azurerm_kubernetes_cluster.this.sku_tier == "Free" && length(azurerm_kubernetes_cluster_node_pool.user.zones) == 0 && length(azurerm_container_registry.this.georeplications) == 0 && azurerm_kubernetes_cluster.this.network_profile[0].network_data_plane == "azure"
    error_message = "Dev: Free tier, no zone spread, no replica, Azure network policy."
  }
}

run "refuses_a_ceiling_below_the_floor" {
  command = plan

  variables {
    min_nodes = 5
    max_nodes = 2
  }

  expect_failures = [var.max_nodes]
}
