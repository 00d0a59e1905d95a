# A Container Apps environment with workload profiles, injected in a delegated subnet of the project's network and
# internal only (no public endpoint, no public IP); zone-redundant when asked; mutual TLS between its apps. Its
# logs go to Log Analytics through a diagnostic setting (Entra ID only: the workspace has no shared key to give).

resource "azurerm_container_app_environment" "this" {
  name                               = var.name
  location                           = var.location
  resource_group_name                = var.resource_group_name
  infrastructure_subnet_id           = var.subnet_id
  infrastructure_resource_group_name = "${var.resource_group_name}-${var.name}"
  internal_load_balancer_enabled     = true
  public_network_access              = "Disabled"
  zone_redundancy_enabled            = var.zone_redundant
  mutual_tls_enabled                 = true
  logs_destination                   = "azure-monitor"
  tags                               = var.tags

  # Consumption: replicas billed per use, scaled to zero when idle; dedicated profiles can be added beside it
  workload_profile {
    name                  = "Consumption"
    workload_profile_type = "Consumption"
  }
}

resource "azurerm_monitor_diagnostic_setting" "this" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_container_app_environment.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
