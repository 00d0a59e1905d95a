# Permissions boundary of every IAM role an environment's apply role creates: the most a workload role may do.
# A role's own policies grant exact ARNs; this caps them, whatever the apply role writes into them.

data "aws_iam_policy_document" "boundary" {
  for_each = toset(var.apply_environments)

  # data of this account only: a bounded role never writes to or reads from another account's resources
  statement {
    sid = "WorkloadDataOfThisAccount"
    actions = [
      "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem",
      "dynamodb:DescribeStream", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:GetRecords",
      "dynamodb:GetShardIterator", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem",
      "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
      "elasticache:Connect",
      "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*",
      "lambda:InvokeFunction",
      "logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:GetLogEvents",
      "logs:PutLogEvents", "logs:PutRetentionPolicy",
      "rds-db:connect",
      "s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetBucketLocation", "s3:GetObject", "s3:GetObjectVersion",
      "s3:ListBucket", "s3:ListMultipartUploadParts", "s3:PutObject",
      "sns:Publish",
      "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
      "sqs:ReceiveMessage", "sqs:SendMessage",
    ]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceAccount"
      values   = [local.account_id]
    }
  }

  # secrets of this environment (<project>-<environment>/...) and the RDS-managed ones (rds!...)
  statement {
    sid     = "WorkloadSecretsOfThisEnvironment"
    actions = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]
    resources = [
      "arn:${local.partition}:secretsmanager:*:${local.account_id}:secret:${var.project}-${each.key}/*",
      "arn:${local.partition}:secretsmanager:*:${local.account_id}:secret:rds!*",
    ]
  }

  # calls without a resource: image registry login, telemetry, a function's network interfaces
  statement {
    sid = "WorkloadRuntime"
    actions = [
      "cloudwatch:PutMetricData",
      "dynamodb:ListStreams",
      "ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
      "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs",
      "ec2:UnassignPrivateIpAddresses",
      "ecr:GetAuthorizationToken",
      "logs:DescribeLogGroups",
      "xray:GetSamplingRules", "xray:GetSamplingStatisticSummaries", "xray:GetSamplingTargets",
      "xray:PutTelemetryRecords", "xray:PutTraceSegments",
    ]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = var.regions
    }
  }

  # workload roles are assumed by AWS services; a session opened with a web identity token (someone who
  # rewrote a trust policy to trust an OIDC provider) gets nothing
  statement {
    sid       = "NothingThroughWebIdentity"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]

    condition {
      test     = "Null"
      variable = "aws:FederatedProvider"
      values   = ["false"]
    }
  }
}

resource "aws_iam_policy" "boundary" {
  for_each = toset(var.apply_environments)

  name        = local.boundary_names[each.key]
  description = "Permissions boundary of every IAM role of ${var.project} (${each.key}): the most a workload role may do"
  policy      = data.aws_iam_policy_document.boundary[each.key].json
}
