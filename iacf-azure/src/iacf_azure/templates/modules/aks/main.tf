# An AKS cluster the way every project cluster is made: private API server (a private DNS zone of the project),
# Entra ID authentication with Azure RBAC and no local account, Azure CNI Overlay with a network policy, a system
# pool for critical add-ons and an autoscaled user pool, ephemeral OS disks encrypted at host, managed disks
# encrypted with the cluster's customer-managed key, Defender, Azure Policy, the Key Vault secrets provider,
# Container Insights, automatic upgrades in maintenance windows, workload identity; and a private Premium registry
# the nodes pull from with their own identity.

# -- identities: the control plane's and the kubelet's, each allowed what it needs on named resources only ----

resource "azurerm_user_assigned_identity" "cluster" {
  name                = "${var.name}-cluster"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_user_assigned_identity" "kubelet" {
  name                = "${var.name}-kubelet"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# the control plane joins its subnet (load balancers, the API server's private endpoint)
resource "azurerm_role_assignment" "cluster_subnet" {
  scope                = var.subnet_id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.cluster.principal_id
  principal_type       = "ServicePrincipal"
}

# ...writes the API server's record in the private DNS zone
resource "azurerm_role_assignment" "cluster_dns" {
  scope                = var.private_dns_zone_id
  role_definition_name = "Private DNS Zone Contributor"
  principal_id         = azurerm_user_assigned_identity.cluster.principal_id
  principal_type       = "ServicePrincipal"
}

# ...gives the kubelet identity to the nodes
resource "azurerm_role_assignment" "cluster_kubelet" {
  scope                = azurerm_user_assigned_identity.kubelet.id
  role_definition_name = "Managed Identity Operator"
  principal_id         = azurerm_user_assigned_identity.cluster.principal_id
  principal_type       = "ServicePrincipal"
}

# ...and reads the disk encryption set its disks use
resource "azurerm_role_assignment" "cluster_disks" {
  scope                = azurerm_disk_encryption_set.this.id
  role_definition_name = "Reader"
  principal_id         = azurerm_user_assigned_identity.cluster.principal_id
  principal_type       = "ServicePrincipal"
}

# the nodes pull images from the project's registry only
resource "azurerm_role_assignment" "kubelet_pull" {
  scope                = azurerm_container_registry.this.id
  role_definition_name = "AcrPull"
  principal_id         = azurerm_user_assigned_identity.kubelet.principal_id
  principal_type       = "ServicePrincipal"
}

# -- disks: the cluster's customer-managed key -------------------------------------------------------------

resource "azurerm_user_assigned_identity" "disks" {
  name                = "${var.name}-disks"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# the disk encryption set may wrap and unwrap with this key only (scope: the key, not the vault)
resource "azurerm_role_assignment" "disks_key" {
  scope                = var.key_vault_key_resource_id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_user_assigned_identity.disks.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_disk_encryption_set" "this" {
  name                      = "${var.name}-disks"
  location                  = var.location
  resource_group_name       = var.resource_group_name
  key_vault_key_id          = var.key_vault_key_id
  auto_key_rotation_enabled = true
  encryption_type           = "EncryptionAtRestWithCustomerKey"
  tags                      = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.disks.id]
  }

  depends_on = [azurerm_role_assignment.disks_key]
}

# -- the registry: private, Premium, no admin user, customer-managed key ---------------------------------------

resource "azurerm_user_assigned_identity" "registry" {
  name                = "${var.name}-registry"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_role_assignment" "registry_key" {
  scope                = var.registry_key_vault_key_resource_id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_user_assigned_identity.registry.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_container_registry" "this" {
  #checkov:skip=CKV_AZURE_164:Docker Content Trust is deprecated by Azure (retired for new registries); images are signed with Notation and verified by the Azure Policy add-on instead.
  #checkov:skip=CKV_AZURE_166:Quarantine holds every pushed image until a scanner releases it, which needs a third-party scanner; Defender for Containers scans the registry's images instead.
  #checkov:skip=CKV_AZURE_165:Geo-replication follows the environment (var.georeplication_location): to the paired region in prod, none in dev and staging to cost less (DECISIONS.md).
  name                          = var.registry_name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  sku                           = "Premium"
  admin_enabled                 = false
  anonymous_pull_enabled        = false
  public_network_access_enabled = false
  network_rule_bypass_option    = "None"
  data_endpoint_enabled         = true
  export_policy_enabled         = false
  zone_redundancy_enabled       = true
  retention_policy_in_days      = 7
  tags                          = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.registry.id]
  }

  encryption {
    key_vault_key_id   = var.registry_key_vault_key_id
    identity_client_id = azurerm_user_assigned_identity.registry.client_id
  }

  dynamic "georeplications" {
    for_each = var.georeplication_location == "" ? [] : [var.georeplication_location]

    content {
      location                = georeplications.value
      zone_redundancy_enabled = true
      tags                    = var.tags
    }
  }

  depends_on = [azurerm_role_assignment.registry_key]
}

resource "azurerm_private_endpoint" "registry" {
  name                = "${var.registry_name}-registry"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "${var.registry_name}-registry"
    private_connection_resource_id = azurerm_container_registry.this.id
    subresource_names              = ["registry"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [var.registry_private_dns_zone_id]
  }
}

# logins, pushes and pulls of the registry
resource "azurerm_monitor_diagnostic_setting" "registry" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_container_registry.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }
}

# -- the cluster ----------------------------------------------------------------------------------------------

resource "azurerm_kubernetes_cluster" "this" {
  #checkov:skip=CKV_AZURE_170:The tier follows the environment (var.sku_tier): Standard (uptime SLA) in staging and prod, Free in dev to cost less (DECISIONS.md).
  name                                = var.name
  location                            = var.location
  resource_group_name                 = var.resource_group_name
  dns_prefix_private_cluster          = var.name
  kubernetes_version                  = var.kubernetes_version
  sku_tier                            = var.sku_tier
  node_resource_group                 = "${var.resource_group_name}-${var.name}-nodes"
  private_cluster_enabled             = true
  private_cluster_public_fqdn_enabled = false
  private_dns_zone_id                 = var.private_dns_zone_id
  local_account_disabled              = true
  role_based_access_control_enabled   = true
  oidc_issuer_enabled                 = true
  workload_identity_enabled           = true
  azure_policy_enabled                = true
  disk_encryption_set_id              = azurerm_disk_encryption_set.this.id
  automatic_upgrade_channel           = "patch"
  node_os_upgrade_channel             = "NodeImage"
  image_cleaner_enabled               = true
  image_cleaner_interval_hours        = 48
  tags                                = var.tags

  default_node_pool {
    name                         = "system"
    vm_size                      = var.system_vm_size
    os_disk_type                 = "Ephemeral"
    os_disk_size_gb              = var.system_os_disk_size_gb
    host_encryption_enabled      = true
    only_critical_addons_enabled = true
    vnet_subnet_id               = var.subnet_id
    zones                        = var.zones
    auto_scaling_enabled         = true
    min_count                    = var.system_min_nodes
    max_count                    = var.system_max_nodes
    max_pods                     = 50
    temporary_name_for_rotation  = "systemtmp"
    tags                         = var.tags

    upgrade_settings {
      max_surge = "33%"
    }
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.cluster.id]
  }

  kubelet_identity {
    client_id                 = azurerm_user_assigned_identity.kubelet.client_id
    object_id                 = azurerm_user_assigned_identity.kubelet.principal_id
    user_assigned_identity_id = azurerm_user_assigned_identity.kubelet.id
  }

  azure_active_directory_role_based_access_control {
    tenant_id              = var.tenant_id
    admin_group_object_ids = [var.admin_group_object_id]
    azure_rbac_enabled     = true
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_policy      = var.network_policy
    network_data_plane  = var.network_policy == "cilium" ? "cilium" : "azure"
    pod_cidr            = var.pod_cidr
    service_cidr        = var.service_cidr
    dns_service_ip      = cidrhost(var.service_cidr, 10)
    load_balancer_sku   = "standard"
    outbound_type       = "userAssignedNATGateway"
  }

  microsoft_defender {
    log_analytics_workspace_id = var.log_analytics_workspace_id
  }

  oms_agent {
    log_analytics_workspace_id      = var.log_analytics_workspace_id
    msi_auth_for_monitoring_enabled = true
  }

  key_vault_secrets_provider {
    secret_rotation_enabled  = true
    secret_rotation_interval = "2m"
  }

  maintenance_window_auto_upgrade {
    frequency   = "Weekly"
    interval    = 1
    duration    = 4
    day_of_week = "Sunday"
    start_time  = "02:00"
    utc_offset  = "+00:00"
  }

  maintenance_window_node_os {
    frequency   = "Weekly"
    interval    = 1
    duration    = 4
    day_of_week = "Saturday"
    start_time  = "02:00"
    utc_offset  = "+00:00"
  }

  depends_on = [
    azurerm_role_assignment.cluster_subnet,
    azurerm_role_assignment.cluster_dns,
    azurerm_role_assignment.cluster_kubelet,
    azurerm_role_assignment.cluster_disks,
  ]
}

# the workloads run here: autoscaled within the environment's range, across zones when given
resource "azurerm_kubernetes_cluster_node_pool" "user" {
  name                    = "user"
  kubernetes_cluster_id   = azurerm_kubernetes_cluster.this.id
  mode                    = "User"
  vm_size                 = var.vm_size
  os_disk_type            = "Ephemeral"
  os_disk_size_gb         = var.os_disk_size_gb
  host_encryption_enabled = true
  vnet_subnet_id          = var.subnet_id
  zones                   = var.zones
  auto_scaling_enabled    = true
  min_count               = var.min_nodes
  max_count               = var.max_nodes
  max_pods                = 50
  tags                    = var.tags

  upgrade_settings {
    max_surge = "33%"
  }
}

# the API server's audit and the control plane's logs
resource "azurerm_monitor_diagnostic_setting" "cluster" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_kubernetes_cluster.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category = "kube-audit-admin"
  }

  enabled_log {
    category = "kube-apiserver"
  }

  enabled_log {
    category = "kube-controller-manager"
  }

  enabled_log {
    category = "guard"
  }
}
