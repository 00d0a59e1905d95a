# Multi-region CloudTrail trail: management events of every region (+ global services such as IAM and STS),
# S3 (and optionally Lambda) data events, optional Insights, log file integrity validation, SSE-KMS with the
# CloudTrail CMK, copy to an encrypted CloudWatch Logs group (for the CIS metric filters and alarms of
# cis_alarms.tf) and SNS notification of every log file delivery.

# ---------------------------------------------------------------------------------------------------------
# CloudWatch Logs delivery
# ---------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "cloudtrail" {
  count = var.enable_cloudtrail ? 1 : 0

  name              = local.cloudtrail_log_group_name
  retention_in_days = var.cloudwatch_log_retention_days
  kms_key_id        = aws_kms_key.cloudtrail[0].arn

  tags = merge(var.tags, { Name = local.cloudtrail_log_group_name })
}

# CloudTrail does not send aws:SourceArn / aws:SourceAccount when it assumes the CloudWatch Logs role (AWS
# CloudTrail User Guide, "Role policy document for CloudTrail to use CloudWatch Logs for monitoring": confused
# deputy prevention is not applicable to this role), and a trust condition on them makes CreateTrail fail with
# InvalidCloudWatchLogsRoleArnException. The trust policy therefore names the service only; the permissions are
# limited to the trail's own log streams in its own log group.
data "aws_iam_policy_document" "cloudtrail_assume_role" {
  count = var.enable_cloudtrail ? 1 : 0

  statement {
    sid     = "CloudTrailAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "cloudtrail_cloudwatch" {
  count = var.enable_cloudtrail ? 1 : 0

  name                 = "${var.name_prefix}-cloudtrail-cwlogs"
  description          = "Lets CloudTrail ${local.names.cloudtrail} deliver events to ${local.cloudtrail_log_group_name}"
  assume_role_policy   = data.aws_iam_policy_document.cloudtrail_assume_role[0].json
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary_arn

  tags = merge(var.tags, { Name = "${var.name_prefix}-cloudtrail-cwlogs" })
}

data "aws_iam_policy_document" "cloudtrail_cloudwatch" {
  count = var.enable_cloudtrail ? 1 : 0

  # Streams are named <account id>_CloudTrail_<region> (one per region of the multi-region trail).
  statement {
    sid       = "WriteTrailLogStreams"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.cloudtrail[0].arn}:log-stream:${local.account_id}_CloudTrail_*"]
  }
}

resource "aws_iam_role_policy" "cloudtrail_cloudwatch" {
  count = var.enable_cloudtrail ? 1 : 0

  name   = "cloudtrail-to-cloudwatch-logs"
  role   = aws_iam_role.cloudtrail_cloudwatch[0].id
  policy = data.aws_iam_policy_document.cloudtrail_cloudwatch[0].json
}

# ---------------------------------------------------------------------------------------------------------
# SNS delivery notifications
# ---------------------------------------------------------------------------------------------------------

resource "aws_sns_topic" "cloudtrail" {
  count = var.enable_cloudtrail ? 1 : 0

  name              = "${var.name_prefix}-cloudtrail-delivery"
  display_name      = "CloudTrail ${local.names.cloudtrail} log file deliveries"
  kms_master_key_id = aws_kms_key.cloudtrail[0].arn

  tags = merge(var.tags, { Name = "${var.name_prefix}-cloudtrail-delivery" })
}

data "aws_iam_policy_document" "cloudtrail_topic" {
  count = var.enable_cloudtrail ? 1 : 0

  statement {
    sid       = "AWSCloudTrailSNSPolicy"
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.cloudtrail[0].arn]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.cloudtrail_arn]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.cloudtrail[0].arn]

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

resource "aws_sns_topic_policy" "cloudtrail" {
  count = var.enable_cloudtrail ? 1 : 0

  arn    = aws_sns_topic.cloudtrail[0].arn
  policy = data.aws_iam_policy_document.cloudtrail_topic[0].json
}

# ---------------------------------------------------------------------------------------------------------
# Trail
# ---------------------------------------------------------------------------------------------------------

resource "aws_cloudtrail" "this" {
  count = var.enable_cloudtrail ? 1 : 0

  name                          = local.names.cloudtrail
  s3_bucket_name                = aws_s3_bucket.audit["cloudtrail"].id
  enable_logging                = true
  is_multi_region_trail         = true
  include_global_service_events = true
  is_organization_trail         = false
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.cloudtrail[0].arn
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.cloudtrail[0].arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.cloudtrail_cloudwatch[0].arn
  sns_topic_name                = aws_sns_topic.cloudtrail[0].name

  # Management events (read and write) of every service, as CIS AWS 3.1 requires.
  advanced_event_selector {
    name = "Management events"

    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }

  # S3 object-level events (CIS AWS 3.8 write, 3.9 read). Every bucket of the account by default, except the
  # trail's own bucket and the access-log bucket: recording their deliveries would feed the trail with its own
  # writes forever.
  dynamic "advanced_event_selector" {
    for_each = var.cloudtrail_s3_data_events == "None" ? [] : [var.cloudtrail_s3_data_events]
    content {
      name = advanced_event_selector.value == "All" ? "S3 data events" : "S3 data events (writes)"

      field_selector {
        field  = "eventCategory"
        equals = ["Data"]
      }

      field_selector {
        field  = "resources.type"
        equals = ["AWS::S3::Object"]
      }

      dynamic "field_selector" {
        for_each = advanced_event_selector.value == "WriteOnly" ? [1] : []
        content {
          field  = "readOnly"
          equals = ["false"]
        }
      }

      dynamic "field_selector" {
        for_each = length(var.cloudtrail_s3_data_events_bucket_arns) == 0 ? [1] : []
        content {
          field           = "resources.ARN"
          not_starts_with = local.cloudtrail_own_bucket_prefixes
        }
      }

      dynamic "field_selector" {
        for_each = length(var.cloudtrail_s3_data_events_bucket_arns) == 0 ? [] : [1]
        content {
          field       = "resources.ARN"
          starts_with = [for a in var.cloudtrail_s3_data_events_bucket_arns : "${a}/"]
        }
      }
    }
  }

  # Lambda invocations of the named functions (who invoked which function, with which identity).
  dynamic "advanced_event_selector" {
    for_each = length(var.cloudtrail_lambda_data_events_function_name_prefixes) == 0 ? [] : [1]
    content {
      name = "Lambda data events"

      field_selector {
        field  = "eventCategory"
        equals = ["Data"]
      }

      field_selector {
        field  = "resources.type"
        equals = ["AWS::Lambda::Function"]
      }

      field_selector {
        field       = "resources.ARN"
        starts_with = [for p in var.cloudtrail_lambda_data_events_function_name_prefixes : "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${p}"]
      }
    }
  }

  # Insights: unusual rates of write API calls and of API errors (CloudTrail compares them with a baseline).
  dynamic "insight_selector" {
    for_each = var.cloudtrail_insights ? ["ApiCallRateInsight", "ApiErrorRateInsight"] : []
    content {
      insight_type = insight_selector.value
    }
  }

  tags = merge(var.tags, { Name = local.names.cloudtrail })

  # CloudTrail validates bucket, topic and role permissions when the trail is created.
  depends_on = [
    aws_s3_bucket_policy.audit,
    aws_sns_topic_policy.cloudtrail,
    aws_iam_role_policy.cloudtrail_cloudwatch,
  ]
}
