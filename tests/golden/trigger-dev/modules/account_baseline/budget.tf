# Monthly COST budget of the account with ACTUAL and FORECASTED alerts, sent to the caller's notifications
# topic (notifications_topic_arn: subscribers, chat and incident integrations) and, directly by e-mail, to
# budget_notification_emails. Budgets are global: manage them from one root per account.

locals {
  budget_notifications = concat(
    [for t in var.budget_actual_thresholds_percent : { type = "ACTUAL", threshold = t }],
    [for t in var.budget_forecasted_thresholds_percent : { type = "FORECASTED", threshold = t }],
  )
}

resource "aws_budgets_budget" "this" {
  count = var.enable_budget ? 1 : 0

  name         = local.names.budget
  budget_type  = "COST"
  limit_amount = var.budget_limit_amount == null ? null : tostring(var.budget_limit_amount)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  dynamic "notification" {
    for_each = local.budget_notifications
    content {
      notification_type          = notification.value.type
      comparison_operator        = "GREATER_THAN"
      threshold                  = notification.value.threshold
      threshold_type             = "PERCENTAGE"
      subscriber_email_addresses = var.budget_notification_emails
      subscriber_sns_topic_arns  = var.notifications_topic_arn == null ? [] : [var.notifications_topic_arn]
    }
  }

  tags = merge(var.tags, { Name = local.names.budget })

  lifecycle {
    precondition {
      condition     = var.budget_limit_amount != null
      error_message = "budget_limit_amount (USD) is required when enable_budget is true."
    }
    precondition {
      condition     = var.notifications_topic_arn != null || length(var.budget_notification_emails) > 0
      error_message = "The budget alerts need a recipient: notifications_topic_arn or budget_notification_emails."
    }
  }
}
