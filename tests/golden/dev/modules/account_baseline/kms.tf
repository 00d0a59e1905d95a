# Customer managed keys, one per purpose so that each key policy only names the services that need it and
# each control can be switched off (or adopted) without touching the others' keys.
#
# Every policy starts with the account-root statement: it does not grant access to "everyone in the
# account", it lets IAM policies of this account grant use of the key (AWS's default key-policy model). Key
# policies are written with jsonencode: "Resource": "*" in a key policy means "this key".

locals {
  kms_admin_statement = {
    Sid       = "EnableAccountAdministrationThroughIam"
    Effect    = "Allow"
    Principal = { AWS = concat([local.root_arn], var.kms_key_administrator_arns) }
    Action    = "kms:*"
    Resource  = "*"
  }
}

# ---------------------------------------------------------------------------------------------------------
# CloudTrail: log files, the trail's CloudWatch Logs group, its SNS topic and its bucket's default encryption
# ---------------------------------------------------------------------------------------------------------

resource "aws_kms_key" "cloudtrail" {
  count = var.enable_cloudtrail ? 1 : 0

  description              = "CloudTrail ${local.names.cloudtrail}: log files, CloudWatch Logs group and SNS notifications"
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = true
  deletion_window_in_days  = var.kms_deletion_window_in_days
  is_enabled               = true
  multi_region             = false

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.kms_admin_statement,
      {
        Sid       = "AllowCloudTrailToEncryptLogFiles"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = local.cloudtrail_arn
          }
          StringLike = {
            "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:${local.partition}:cloudtrail:*:${local.account_id}:trail/*"
          }
        }
      },
      {
        Sid       = "AllowCloudTrailToDescribeKey"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:DescribeKey"
        Resource  = "*"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = local.cloudtrail_arn
          }
        }
      },
      {
        # CloudTrail publishes delivery notifications to the KMS-encrypted SNS topic.
        Sid       = "AllowCloudTrailToPublishToEncryptedTopic"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = local.account_id
          }
        }
      },
      {
        # CloudWatch Logs uses the key as the regional principal logs.<region>.amazonaws.com (the global
        # logs.amazonaws.com name does not match it).
        Sid       = "AllowCloudWatchLogsForTheTrailLogGroup"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.${local.dns_suffix}" }
        Action = [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ]
        Resource = "*"
        Condition = {
          ArnEquals = {
            "kms:EncryptionContext:aws:logs:arn" = local.cloudtrail_log_group_arn
          }
        }
      },
    ]
  })

  tags = merge(var.tags, { Name = "${var.name_prefix}-cloudtrail" })
}

resource "aws_kms_alias" "cloudtrail" {
  count = var.enable_cloudtrail ? 1 : 0

  name          = "alias/${var.name_prefix}-cloudtrail"
  target_key_id = aws_kms_key.cloudtrail[0].key_id
}

# ---------------------------------------------------------------------------------------------------------
# AWS Config: configuration snapshots and history files in the delivery bucket
# ---------------------------------------------------------------------------------------------------------

resource "aws_kms_key" "config" {
  count = var.enable_config ? 1 : 0

  description              = "AWS Config delivery channel ${local.names.config_delivery_channel}: snapshots and history in S3"
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = true
  deletion_window_in_days  = var.kms_deletion_window_in_days
  is_enabled               = true
  multi_region             = false

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.kms_admin_statement,
      {
        # Config delivers as its service principal: the service-linked role of the recorder has no KMS
        # permission of its own (AWS Config Developer Guide, "Permissions for the KMS Key").
        Sid       = "AllowConfigToEncryptDeliveredFiles"
        Effect    = "Allow"
        Principal = { Service = "config.amazonaws.com" }
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = local.account_id
          }
        }
      },
    ]
  })

  tags = merge(var.tags, { Name = "${var.name_prefix}-config" })
}

resource "aws_kms_alias" "config" {
  count = var.enable_config ? 1 : 0

  name          = "alias/${var.name_prefix}-config"
  target_key_id = aws_kms_key.config[0].key_id
}

# ---------------------------------------------------------------------------------------------------------
# EBS default encryption key
# ---------------------------------------------------------------------------------------------------------

resource "aws_kms_key" "ebs" {
  count = var.enable_ebs_default_encryption ? 1 : 0

  description              = "Default EBS encryption key of the account in this region"
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = true
  deletion_window_in_days  = var.kms_deletion_window_in_days
  is_enabled               = true
  multi_region             = false

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.kms_admin_statement,
      {
        # Same statement as the AWS managed aws/ebs key: any principal of THIS account that is allowed to
        # use EC2/EBS (including service-linked roles such as AWSServiceRoleForAutoScaling, which have no
        # KMS permissions of their own) can use the key, but only through EC2 in this region.
        Sid       = "AllowUseThroughEbsForPrincipalsOfThisAccount"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action = [
          "kms:Encrypt",
          "kms:Decrypt",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:CreateGrant",
          "kms:DescribeKey",
        ]
        Resource = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = local.account_id
            "kms:ViaService"    = "ec2.${local.region}.${local.dns_suffix}"
          }
        }
      },
    ]
  })

  tags = merge(var.tags, { Name = "${var.name_prefix}-ebs-default" })
}

resource "aws_kms_alias" "ebs" {
  count = var.enable_ebs_default_encryption ? 1 : 0

  name          = "alias/${var.name_prefix}-ebs-default"
  target_key_id = aws_kms_key.ebs[0].key_id
}
