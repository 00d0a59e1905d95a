mock_provider "azurerm" {}

variables {
  name                       = "example-prod"
  subscription_id            = "00000000-0000-0000-0000-000000000000"
  location                   = "francecentral"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  defender_plans             = { Arm = "PerSubscription", KeyVaults = "PerKeyVault", StorageAccounts = "DefenderForStorageV2" }
  security_contact_email     = "security@example.com"
  security_contact_phone     = "+33100000000"
}

run "activity_log_defender_and_benchmark" {
  command = plan

  assert {
    condition     = azurerm_monitor_diagnostic_setting.activity_log.target_resource_id == "/subscriptions/00000000-0000-0000-0000-000000000000" && length(azurerm_monitor_diagnostic_setting.activity_log.enabled_log) == 8
    error_message = "Every activity log category goes to Log Analytics."
  }

  assert {
    condition     = alltrue([for p in azurerm_security_center_subscription_pricing.this : p.tier == "Standard"]) && length(azurerm_security_center_subscription_pricing.this) == 3
    error_message = "Defender plans on the Standard tier."
  }

  assert {
    condition     = azurerm_security_center_contact.this.alert_notifications && azurerm_security_center_contact.this.alerts_to_admins
    error_message = "The security contact is notified."
  }

  assert {
    condition     = endswith(azurerm_subscription_policy_assignment.benchmark.policy_definition_id, "1f3afdf9-d0c9-4c3d-847f-89da613e70a8")
    error_message = "The Microsoft cloud security benchmark is assigned."
  }
}
