# ---------------------------------------------------------------------------------------------------------
# Notifications: one topic for the operators. RDS event subscriptions and AWS Backup publish to it; subscribe
# the team's address or on-call tool to it.
# ---------------------------------------------------------------------------------------------------------

data "aws_caller_identity" "notifications" {}

data "aws_partition" "notifications" {}

module "kms_notifications" {
  source = "./modules/kms_key"

  name                    = "${local.name}-notifications"
  description             = "Notifications topic of ${local.name} (RDS events, AWS Backup)"
  deletion_window_in_days = 30
  service_principals      = ["backup.amazonaws.com", "events.rds.amazonaws.com"]
}

resource "aws_sns_topic" "notifications" {
  name              = "${local.name}-notifications"
  kms_master_key_id = module.kms_notifications.key_arn
}

resource "aws_sns_topic_policy" "notifications" {
  arn = aws_sns_topic.notifications.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountOnly"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.notifications.partition}:iam::${data.aws_caller_identity.notifications.account_id}:root" }
        Action    = ["sns:GetTopicAttributes", "sns:Publish", "sns:Subscribe"]
        Resource  = aws_sns_topic.notifications.arn
      },
      {
        Sid       = "ServicesOfThisAccount"
        Effect    = "Allow"
        Principal = { Service = ["backup.amazonaws.com", "events.rds.amazonaws.com"] }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.notifications.arn
        Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.notifications.account_id } }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = ["sns:Publish", "sns:Subscribe"]
        Resource  = aws_sns_topic.notifications.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

locals {
  notifications_topic_arn = aws_sns_topic.notifications.arn
}
