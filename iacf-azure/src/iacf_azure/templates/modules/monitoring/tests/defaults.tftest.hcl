mock_provider "azurerm" {}

variables {
  name                = "log-example-dev"
  short_name          = "example-dev"
  location            = "francecentral"
  resource_group_name = "rg-example-dev"
  resource_group_id   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-example-dev"
  retention_days      = 30
  monthly_budget      = 200
  alert_emails        = ["ops@example.com"]
  tags                = { Project = "example", Environment = "dev", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "workspace_budget_and_recipients" {
  # the budget's notifications name the action group, known once applied (mocked)
  command = apply

  assert {
    condition     = azurerm_log_analytics_workspace.this.retention_in_days == 30 && azurerm_log_analytics_workspace.this.local_authentication_enabled == false
    error_message = "Retention per environment, Entra ID only."
  }

  assert {
    condition     = azurerm_consumption_budget_resource_group.this.amount == 200 && length(azurerm_consumption_budget_resource_group.this.notification) == 3
    error_message = "A monthly budget with three notifications."
  }

  assert {
    condition     = length(azurerm_monitor_action_group.this.email_receiver) == 1 && azurerm_monitor_action_group.this.short_name == "exampledev"
    error_message = "The action group e-mails the recipients."
  }

  assert {
    condition     = alltrue([for t in [azurerm_log_analytics_workspace.this.tags, azurerm_monitor_action_group.this.tags] : t["Owner"] == "team"])
    error_message = "Every taggable resource carries the mandatory tags."
  }
}

run "refuses_short_retention" {
  command = plan

  variables {
    retention_days = 7
  }

  expect_failures = [var.retention_days]
}
