# ---------------------------------------------------------------------------------------------------------
# Notifications: AWS Budgets alerts, CloudWatch alarms, high and critical security findings (EventBridge rules), RDS event subscriptions go to
# local.notifications_topic_arn (decision aws.notifications.topic).
# ---------------------------------------------------------------------------------------------------------

data "aws_caller_identity" "notifications" {}

data "aws_partition" "notifications" {}

locals {
  notifications_topic_arn  = aws_sns_topic.notifications.arn
  notifications_account_id = data.aws_caller_identity.notifications.account_id
  notifications_partition  = data.aws_partition.notifications.partition
}

# The topic's own key: only the services that publish to the topic may use it, to encrypt what they publish.
resource "aws_kms_key" "notifications" {
  description              = "SNS topic ${local.name}-notifications: budget alerts, security alarms, service events"
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = true
  deletion_window_in_days  = 30
  is_enabled               = true
  multi_region             = false

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # lets IAM policies of this account grant use of the key (AWS's default key-policy model)
        Sid       = "EnableAccountAdministrationThroughIam"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.notifications_partition}:iam::${local.notifications_account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # AWS's documented statement for services publishing to an encrypted topic: the services make these
        # calls as themselves (a kms:CallerAccount condition breaks CloudWatch alarm delivery); the topic
        # policy below is what limits them to this account.
        Sid       = "AllowPublishingServicesToEncrypt"
        Effect    = "Allow"
        Principal = { Service = ["budgets.amazonaws.com", "cloudwatch.amazonaws.com", "events.amazonaws.com", "events.rds.amazonaws.com"] }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
      },
    ]
  })

  tags = { Name = "${local.name}-notifications" }
}

resource "aws_kms_alias" "notifications" {
  name          = "alias/${local.name}-notifications"
  target_key_id = aws_kms_key.notifications.key_id
}

resource "aws_sns_topic" "notifications" {
  name              = "${local.name}-notifications"
  display_name      = "${local.name} alerts"
  kms_master_key_id = aws_kms_key.notifications.arn

  tags = { Name = "${local.name}-notifications" }
}

data "aws_iam_policy_document" "notifications" {
  statement {
    sid       = "BudgetAlerts"
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.notifications.arn]

    principals {
      type        = "Service"
      identifiers = ["budgets.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.notifications_account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.notifications_partition}:budgets::${local.notifications_account_id}:*"]
    }
  }

  statement {
    sid       = "CloudWatchAlarms"
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.notifications.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.notifications_account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.notifications_partition}:cloudwatch:${var.region}:${local.notifications_account_id}:alarm:*"]
    }
  }

  statement {
    sid       = "SecurityFindings"
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.notifications.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.notifications_account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.notifications_partition}:events:${var.region}:${local.notifications_account_id}:rule/${local.name}-*-findings"]
    }
  }

  statement {
    sid       = "RdsEventSubscriptions"
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.notifications.arn]

    principals {
      type        = "Service"
      identifiers = ["events.rds.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.notifications_account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.notifications_partition}:rds:${var.region}:${local.notifications_account_id}:*"]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.notifications.arn]

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

resource "aws_sns_topic_policy" "notifications" {
  arn    = aws_sns_topic.notifications.arn
  policy = data.aws_iam_policy_document.notifications.json
}

# Each address receives a confirmation e-mail; nothing is delivered to it before it confirms.
resource "aws_sns_topic_subscription" "notifications" {
  for_each = toset(var.notification_emails)

  topic_arn = aws_sns_topic.notifications.arn
  protocol  = "email"
  endpoint  = each.value
}

# GuardDuty's high and critical findings reach the topic's subscribers (decision aws.notifications.findings).
resource "aws_cloudwatch_event_rule" "guardduty_findings" {
  name          = "${local.name}-guardduty-findings"
  description   = "High and critical GuardDuty findings to the notifications topic"
  event_pattern = jsonencode({ detail = { severity = [{ numeric = [">=", 7] }] }, detail-type = ["GuardDuty Finding"], source = ["aws.guardduty"] })

  tags = { Name = "${local.name}-guardduty-findings" }
}

resource "aws_cloudwatch_event_target" "guardduty_findings" {
  rule      = aws_cloudwatch_event_rule.guardduty_findings.name
  target_id = "notifications"
  arn       = local.notifications_topic_arn
}

# Security Hub's high and critical findings reach the topic's subscribers (decision aws.notifications.findings).
resource "aws_cloudwatch_event_rule" "securityhub_findings" {
  name          = "${local.name}-securityhub-findings"
  description   = "High and critical Security Hub findings to the notifications topic"
  event_pattern = jsonencode({ detail = { findings = { RecordState = ["ACTIVE"], Severity = { Label = ["HIGH", "CRITICAL"] }, Workflow = { Status = ["NEW"] } } }, detail-type = ["Security Hub Findings - Imported"], source = ["aws.securityhub"] })

  tags = { Name = "${local.name}-securityhub-findings" }
}

resource "aws_cloudwatch_event_target" "securityhub_findings" {
  rule      = aws_cloudwatch_event_rule.securityhub_findings.name
  target_id = "notifications"
  arn       = local.notifications_topic_arn
}
