# Subscription-wide controls, one set per subscription: the activity log to Log Analytics, Microsoft Defender for
# Cloud plans and its security contact, and the Microsoft cloud security benchmark assigned as Azure Policy.

locals {
  scope = "/subscriptions/${var.subscription_id}"
}

resource "azurerm_monitor_diagnostic_setting" "activity_log" {
  name                       = "${var.name}-activity-log"
  target_resource_id         = local.scope
  log_analytics_workspace_id = var.log_analytics_workspace_id

  dynamic "enabled_log" {
    for_each = ["Administrative", "Alert", "Autoscale", "Policy", "Recommendation", "ResourceHealth", "Security", "ServiceHealth"]

    content {
      category = enabled_log.value
    }
  }
}

resource "azurerm_security_center_subscription_pricing" "this" {
  for_each = var.defender_plans

  tier          = "Standard"
  resource_type = each.key
  subplan       = each.value == "" ? null : each.value
}

resource "azurerm_security_center_contact" "this" {
  name                = "default"
  email               = var.security_contact_email
  phone               = var.security_contact_phone
  alert_notifications = true
  alerts_to_admins    = true
}

resource "azurerm_subscription_policy_assignment" "benchmark" {
  name                 = "${var.name}-mcsb"
  display_name         = "Microsoft cloud security benchmark (${var.name})"
  subscription_id      = local.scope
  policy_definition_id = "/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8"
  enforce              = true
  location             = var.location
  description          = "Continuous assessment of the subscription against the Microsoft cloud security benchmark."

  # the initiative holds deployIfNotExists policies: Azure requires an identity on the assignment
  identity {
    type = "SystemAssigned"
  }
}
