# Monthly COST budget of the account with ACTUAL and FORECASTED alerts, sent by e-mail and to a KMS-encrypted
# SNS topic (for chat/incident integrations). Budgets are global: manage them from one root per account.

resource "aws_sns_topic" "budget" {
  count = var.enable_budget ? 1 : 0

  name              = "${var.name_prefix}-budget-alerts"
  display_name      = "Budget alerts of ${local.names.budget}"
  kms_master_key_id = aws_kms_key.budget[0].arn

  tags = merge(var.tags, { Name = "${var.name_prefix}-budget-alerts" })
}

data "aws_iam_policy_document" "budget_topic" {
  count = var.enable_budget ? 1 : 0

  statement {
    sid       = "AWSBudgetsSNSPublishingPermissions"
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.budget[0].arn]

    principals {
      type        = "Service"
      identifiers = ["budgets.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:budgets::${local.account_id}:*"]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.budget[0].arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sns_topic_policy" "budget" {
  count = var.enable_budget ? 1 : 0

  arn    = aws_sns_topic.budget[0].arn
  policy = data.aws_iam_policy_document.budget_topic[0].json
}

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
      subscriber_sns_topic_arns  = [aws_sns_topic.budget[0].arn]
    }
  }

  tags = merge(var.tags, { Name = local.names.budget })

  lifecycle {
    precondition {
      condition     = var.budget_limit_amount != null
      error_message = "budget_limit_amount (USD) is required when enable_budget is true."
    }
  }

  # Budgets checks that it may publish to the topic.
  depends_on = [aws_sns_topic_policy.budget]
}
