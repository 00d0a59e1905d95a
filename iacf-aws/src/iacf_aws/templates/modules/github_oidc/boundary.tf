# Permissions boundary of every IAM role an environment's apply role creates: the most a workload role may do.
# A role's own policies grant exact ARNs; this caps them, whatever the apply role writes into them.

locals {
  # The AWS account that hosts GuardDuty's Fargate agent image (repository aws-guardduty-agent-fargate) in each
  # region, as AWS lists them ("Amazon ECR repository hosting GuardDuty agent", GuardDuty User Guide); the same
  # table as modules/ecs_service. A region missing here gets no statement: add its account from that page.
  guardduty_agent_accounts = {
    "af-south-1"     = "197869348890"
    "ap-east-1"      = "258348409381"
    "ap-east-2"      = "259886477082"
    "ap-northeast-1" = "533107202818"
    "ap-northeast-2" = "914738172881"
    "ap-northeast-3" = "273192626886"
    "ap-south-1"     = "251508486986"
    "ap-south-2"     = "950823858135"
    "ap-southeast-1" = "174946120834"
    "ap-southeast-2" = "005257825471"
    "ap-southeast-3" = "510637619217"
    "ap-southeast-4" = "251357961535"
    "ap-southeast-5" = "156041399949"
    "ap-southeast-7" = "054037130133"
    "ca-central-1"   = "354763396469"
    "ca-west-1"      = "339712888787"
    "eu-central-1"   = "323658145986"
    "eu-central-2"   = "529164026651"
    "eu-north-1"     = "591436053604"
    "eu-south-1"     = "266869475730"
    "eu-south-2"     = "919611009337"
    "eu-west-1"      = "694911143906"
    "eu-west-2"      = "892757235363"
    "eu-west-3"      = "665651866788"
    "il-central-1"   = "870907303882"
    "me-central-1"   = "000014521398"
    "me-south-1"     = "536382113932"
    "mx-central-1"   = "311141559934"
    "sa-east-1"      = "758426053663"
    "us-east-1"      = "593207742271"
    "us-east-2"      = "307168627858"
    "us-gov-east-1"  = "383115532789"
    "us-gov-west-1"  = "383110348953"
    "us-west-1"      = "684579721401"
    "us-west-2"      = "733349766148"
  }
  guardduty_agent_repository_arns = !var.guardduty_agent ? [] : [
    for r in var.regions : "arn:${local.partition}:ecr:${r}:${local.guardduty_agent_accounts[r]}:repository/aws-guardduty-agent-fargate"
    if contains(keys(local.guardduty_agent_accounts), r)
  ]
}

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

  # the one image of another account a workload role may pull: GuardDuty's Runtime Monitoring agent, which
  # GuardDuty adds to ECS Fargate tasks (the task execution role pulls it), in the allowed regions
  dynamic "statement" {
    for_each = length(local.guardduty_agent_repository_arns) > 0 ? [1] : []
    content {
      sid       = "GuardDutyRuntimeAgentImage"
      actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      resources = local.guardduty_agent_repository_arns
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

  # calls without a resource: image registry login, telemetry, a function's network interfaces; in var.regions only
  # (never var.us_east_1_services: what a project creates in us-east-1 has no workload role)
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

  # AWS Backup's service role (prod data stores): what AWS's managed backup and restore policies do on the
  # services it protects here (RDS and Aurora, DynamoDB, S3), and nothing of the other services they cover;
  # the plan's selection names the protected resources by ARN
  statement {
    sid = "AwsBackupOfTheDataStores"
    actions = [
      "backup:CopyFromBackupVault", "backup:CopyIntoBackupVault", "backup:DescribeBackupVault",
      "backup:DescribeRestoreJob", "backup:ListRecoveryPointsByBackupVault", "backup:ListRestoreJobs",
      "backup:StartRestoreJob", "backup:TagResource", "dynamodb:BatchWriteItem", "dynamodb:CreateBackup",
      "dynamodb:DeleteBackup", "dynamodb:DeleteItem", "dynamodb:DescribeBackup", "dynamodb:DescribeTable",
      "dynamodb:GetItem", "dynamodb:ListTagsOfResource", "dynamodb:PutItem", "dynamodb:Query",
      "dynamodb:RestoreTableFromAwsBackup", "dynamodb:RestoreTableFromBackup", "dynamodb:Scan",
      "dynamodb:StartAwsBackupJob", "dynamodb:UpdateItem", "events:DeleteRule", "events:DescribeRule",
      "events:DisableRule", "events:EnableRule", "events:ListRules", "events:ListTargetsByRule", "events:PutRule",
      "events:PutTargets", "events:RemoveTargets", "kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey",
      "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom",
      "kms:ReEncryptTo", "rds:AddTagsToResource", "rds:CopyDBClusterSnapshot", "rds:CopyDBSnapshot",
      "rds:CreateDBClusterSnapshot", "rds:CreateDBInstance", "rds:CreateDBSnapshot", "rds:CreateTenantDatabase",
      "rds:DeleteDBCluster", "rds:DeleteDBClusterAutomatedBackup", "rds:DeleteDBClusterSnapshot",
      "rds:DeleteDBInstance", "rds:DeleteDBInstanceAutomatedBackup", "rds:DeleteDBSnapshot",
      "rds:DeleteTenantDatabase", "rds:DescribeDBClusterAutomatedBackups", "rds:DescribeDBClusterSnapshots",
      "rds:DescribeDBClusters", "rds:DescribeDBInstances", "rds:DescribeDBSnapshots", "rds:ListTagsForResource",
      "rds:ModifyDBCluster", "rds:ModifyDBClusterSnapshotAttribute", "rds:ModifyDBInstance",
      "rds:ModifyDBSnapshotAttribute", "rds:RestoreDBClusterFromSnapshot", "rds:RestoreDBClusterToPointInTime",
      "rds:RestoreDBInstanceFromDBSnapshot", "rds:RestoreDBInstanceToPointInTime", "s3:CreateBucket",
      "s3:DeleteObject", "s3:GetBucketAcl", "s3:GetBucketLocation", "s3:GetBucketNotification",
      "s3:GetBucketOwnershipControls", "s3:GetBucketTagging", "s3:GetBucketVersioning",
      "s3:GetInventoryConfiguration", "s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectTagging",
      "s3:GetObjectVersion", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging", "s3:ListBucket",
      "s3:ListBucketVersions", "s3:ListMultipartUploadParts", "s3:ListTagsForResource", "s3:PutBucketNotification",
      "s3:PutBucketOwnershipControls", "s3:PutBucketVersioning", "s3:PutInventoryConfiguration", "s3:PutObject",
      "s3:PutObjectAcl", "s3:PutObjectTagging", "s3:PutObjectVersionAcl",
    ]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceAccount"
      values   = [local.account_id]
    }
  }

  # the calls of AWS Backup's role that name no resource
  statement {
    sid       = "AwsBackupRuntime"
    actions   = ["cloudwatch:GetMetricData", "s3:ListAllMyBuckets", "tag:GetResources"]
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
