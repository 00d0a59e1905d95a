# Multi-region CloudTrail trail: management events of every region (+ global services such as IAM and STS),
# log file integrity validation, SSE-KMS with the CloudTrail CMK, copy to an encrypted CloudWatch Logs group
# (for metric filters / alarms) and SNS notification of every log file delivery.

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

# CloudTrail does not send aws:SourceArn / aws:SourceAccount when it assumes the CloudWatch Logs role
# (documented by AWS), so the trust policy can only name the service; the permissions are limited to the
# trail's own log streams in its own log group.
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

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    dynamic "data_resource" {
      for_each = var.cloudtrail_s3_data_events ? [1] : []
      content {
        type = "AWS::S3::Object"
        # "arn:<partition>:s3" selects every bucket; a bucket ARN with a trailing slash selects its objects.
        values = length(var.cloudtrail_s3_data_events_bucket_arns) == 0 ? ["arn:${local.partition}:s3"] : [for a in var.cloudtrail_s3_data_events_bucket_arns : "${a}/"]
      }
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
