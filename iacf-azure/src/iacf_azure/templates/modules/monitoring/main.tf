# The project's Log Analytics workspace (every diagnostic setting and the flow logs' traffic analytics send to
# it), its alert recipients (an action group) and the resource group's monthly budget.

resource "azurerm_log_analytics_workspace" "this" {
  name                         = var.name
  location                     = var.location
  resource_group_name          = var.resource_group_name
  sku                          = "PerGB2018"
  retention_in_days            = var.retention_days
  local_authentication_enabled = false
  tags                         = var.tags
}

resource "azurerm_monitor_action_group" "this" {
  name                = "${var.name}-alerts"
  resource_group_name = var.resource_group_name
  short_name          = substr(replace(var.short_name, "-", ""), 0, 12)
  tags                = var.tags

  dynamic "email_receiver" {
    for_each = var.alert_emails

    content {
      name                    = "email-${email_receiver.key}"
      email_address           = email_receiver.value
      use_common_alert_schema = true
    }
  }
}

resource "azurerm_consumption_budget_resource_group" "this" {
  name              = "${var.name}-monthly"
  resource_group_id = var.resource_group_id
  amount            = var.monthly_budget
  time_grain        = "Monthly"

  # a budget starts on the first day of a month: the month of the first apply, then left alone
  time_period {
    start_date = formatdate("YYYY-MM-01'T'00:00:00Z", timestamp())
  }

  notification {
    enabled        = true
    operator       = "GreaterThan"
    threshold      = 80
    threshold_type = "Actual"
    contact_groups = [azurerm_monitor_action_group.this.id]
    contact_emails = var.budget_emails
  }

  notification {
    enabled        = true
    operator       = "GreaterThan"
    threshold      = 100
    threshold_type = "Actual"
    contact_groups = [azurerm_monitor_action_group.this.id]
    contact_emails = var.budget_emails
  }

  notification {
    enabled        = true
    operator       = "GreaterThan"
    threshold      = 100
    threshold_type = "Forecasted"
    contact_groups = [azurerm_monitor_action_group.this.id]
    contact_emails = var.budget_emails
  }

  lifecycle {
    ignore_changes = [time_period]
  }
}
