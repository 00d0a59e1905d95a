# Customer-managed KMS key with rotation, an explicit key policy and an alias.
#
# The key policy grants:
#   * the account root (and optional extra administrators) full control, so that IAM policies in the
#     account can delegate use of the key (this is how RDS, Secrets Manager, ECR and ECS task roles use it);
#   * optionally the regional CloudWatch Logs service principal, restricted by the
#     kms:EncryptionContext:aws:logs:arn condition to log groups of this account and region;
#   * optionally other AWS service principals, restricted by aws:SourceAccount.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# Gives the regional CloudWatch Logs principal and the provider's region without the aws_region data source
# (whose `name` attribute is deprecated in provider 6.x).
data "aws_service_principal" "logs" {
  service_name = "logs"
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_service_principal.logs.region

  admin_principals = concat(
    ["arn:${local.partition}:iam::${local.account_id}:root"],
    var.key_administrator_arns,
  )

  root_statement = {
    Sid       = "EnableAccountAdministration"
    Effect    = "Allow"
    Principal = { AWS = local.admin_principals }
    Action    = "kms:*"
    Resource  = "*"
  }

  logs_statement = {
    Sid    = "AllowCloudWatchLogsEncryption"
    Effect = "Allow"
    # CloudWatch Logs uses the regional principal (logs.<region>.amazonaws.com) for KMS; the data source's
    # name is the global form for this service, so the regional one is built here.
    Principal = { Service = "logs.${local.region}.${data.aws_service_principal.logs.suffix}" }
    Action = [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ]
    Resource = "*"
    Condition = {
      ArnLike = {
        "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"
      }
    }
  }

  service_statement = {
    Sid       = "AllowAwsServicesInThisAccount"
    Effect    = "Allow"
    Principal = { Service = var.service_principals }
    Action = [
      "kms:Decrypt",
      "kms:GenerateDataKey*",
      "kms:DescribeKey",
    ]
    Resource = "*"
    Condition = {
      StringEquals = {
        "aws:SourceAccount" = local.account_id
      }
    }
  }

  statements = concat(
    [local.root_statement],
    var.allow_cloudwatch_logs ? [local.logs_statement] : [],
    length(var.service_principals) > 0 ? [local.service_statement] : [],
  )
}

resource "aws_kms_key" "this" {
  description              = var.description
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = true
  rotation_period_in_days  = var.rotation_period_in_days
  deletion_window_in_days  = var.deletion_window_in_days
  is_enabled               = true
  multi_region             = false

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.statements
  })

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}
