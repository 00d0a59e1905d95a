mock_provider "azurerm" {}

variables {
  name                       = "cae-example-prod"
  location                   = "francecentral"
  resource_group_name        = "rg-example-prod"
  subnet_id                  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apps"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                       = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "internal_vnet_injected_and_tagged" {
  command = plan

  assert {
    condition     = azurerm_container_app_environment.this.internal_load_balancer_enabled && azurerm_container_app_environment.this.public_network_access == "Disabled" && azurerm_container_app_environment.this.infrastructure_subnet_id == var.subnet_id
    error_message = "The environment is internal only, in the project's delegated subnet."
  }

  assert {
    condition     = one(azurerm_container_app_environment.this.workload_profile).workload_profile_type == "Consumption" && azurerm_container_app_environment.this.mutual_tls_enabled
    error_message = "A workload profiles environment with mutual TLS between its apps."
  }

  assert {
    condition     = azurerm_container_app_environment.this.tags["Project"] == "example" && azurerm_container_app_environment.this.tags["ManagedBy"] == "terraform"
    error_message = "The environment carries the mandatory tags."
  }

  assert {
    condition     = azurerm_container_app_environment.this.zone_redundancy_enabled == false
    error_message = "Zone redundancy only when asked."
  }
}

run "logs_to_log_analytics_without_a_shared_key" {
  command = plan

  assert {
    condition     = azurerm_container_app_environment.this.logs_destination == "azure-monitor" && azurerm_monitor_diagnostic_setting.this.log_analytics_workspace_id == var.log_analytics_workspace_id
    error_message = "Logs go to Log Analytics through a diagnostic setting."
  }
}

run "zone_redundant_in_prod" {
  command = plan

  variables {
    zone_redundant = true
  }

  assert {
    condition     = azurerm_container_app_environment.this.zone_redundancy_enabled
    error_message = "Zone redundancy when asked."
  }
}

run "refuses_a_bad_name" {
  command = plan

  variables {
    name = "Bad_Name"
  }

  expect_failures = [var.name]
}
