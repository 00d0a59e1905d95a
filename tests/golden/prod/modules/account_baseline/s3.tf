# Audit-log buckets (CloudTrail, AWS Config) and the bucket that receives their S3 server access logs.
#
# Both audit buckets get the same hardening: ACLs disabled (BucketOwnerEnforced), all public access blocked,
# versioning, SSE-KMS with their control's CMK (bucket key on), server access logging, lifecycle (tiering,
# expiration, noncurrent-version expiration, aborted multipart uploads), EventBridge notifications, a bucket
# policy that denies non-TLS access and lets only the owning AWS service write, scoped with aws:SourceArn /
# aws:SourceAccount against the confused-deputy problem, and Object Lock when audit_object_lock_mode is set.

locals {
  audit_buckets = merge(
    var.enable_cloudtrail ? {
      cloudtrail = {
        name        = local.bucket_names.cloudtrail
        kms_key_arn = aws_kms_key.cloudtrail[0].arn
        policy      = data.aws_iam_policy_document.cloudtrail_bucket[0].json
      }
    } : {},
    var.enable_config ? {
      config = {
        name        = local.bucket_names.config
        kms_key_arn = aws_kms_key.config[0].arn
        policy      = data.aws_iam_policy_document.config_bucket[0].json
      }
    } : {},
  )

  # Source buckets allowed to deliver server access logs; known at plan time.
  access_log_sources = compact([
    var.enable_cloudtrail ? local.bucket_names.cloudtrail : "",
    var.enable_config ? local.bucket_names.config : "",
  ])
}

# ---------------------------------------------------------------------------------------------------------
# Bucket policies of the audit buckets
# ---------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "cloudtrail_bucket" {
  count = var.enable_cloudtrail ? 1 : 0

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      "arn:${local.partition}:s3:::${local.bucket_names.cloudtrail}",
      "arn:${local.partition}:s3:::${local.bucket_names.cloudtrail}/*",
    ]

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

  statement {
    sid       = "AWSCloudTrailAclCheck"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl"]
    resources = ["arn:${local.partition}:s3:::${local.bucket_names.cloudtrail}"]

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

  # Log files are written under AWSLogs/<account id>/ only, by this trail only. No "deny unencrypted
  # PutObject" statement here: CloudTrail writes digest files with SSE-S3 by design.
  statement {
    sid       = "AWSCloudTrailWrite"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["arn:${local.partition}:s3:::${local.bucket_names.cloudtrail}/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.cloudtrail_arn]
    }
  }
}

data "aws_iam_policy_document" "config_bucket" {
  count = var.enable_config ? 1 : 0

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      "arn:${local.partition}:s3:::${local.bucket_names.config}",
      "arn:${local.partition}:s3:::${local.bucket_names.config}/*",
    ]

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

  statement {
    sid       = "AWSConfigBucketPermissionsCheck"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl"]
    resources = ["arn:${local.partition}:s3:::${local.bucket_names.config}"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "AWSConfigBucketExistenceCheck"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = ["arn:${local.partition}:s3:::${local.bucket_names.config}"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "AWSConfigBucketDelivery"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["arn:${local.partition}:s3:::${local.bucket_names.config}/AWSLogs/${local.account_id}/Config/*"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

# ---------------------------------------------------------------------------------------------------------
# Audit buckets (keys: "cloudtrail", "config")
# ---------------------------------------------------------------------------------------------------------

resource "aws_s3_bucket" "audit" {
  #checkov:skip=CKV_AWS_144:Cross-region replication needs a second regional provider and a replica bucket in another region; the audit logs are versioned, KMS-encrypted and access-logged here, and accounts that need a second copy use an organization/log-archive trail instead.
  for_each = local.audit_buckets

  bucket        = each.value.name
  force_destroy = var.force_destroy_buckets

  # Object Lock can only be turned on when the bucket is created (changing it replaces the bucket).
  object_lock_enabled = var.audit_object_lock_mode != null

  tags = merge(var.tags, { Name = each.value.name })
}

# Write once, read many: every log file and digest stays undeletable and unchangeable for the retention period
# (GOVERNANCE: only a principal allowed s3:BypassGovernanceRetention can shorten it; COMPLIANCE: nobody, not
# even the root user). Versioning stays enabled: Object Lock requires it.
resource "aws_s3_bucket_object_lock_configuration" "audit" {
  for_each = var.audit_object_lock_mode == null ? {} : local.audit_buckets

  bucket = aws_s3_bucket.audit[each.key].id

  rule {
    default_retention {
      mode = var.audit_object_lock_mode
      days = var.audit_object_lock_retention_days
    }
  }

  lifecycle {
    precondition {
      condition     = var.log_bucket_expiration_days == null ? true : var.audit_object_lock_retention_days <= var.log_bucket_expiration_days
      error_message = "audit_object_lock_retention_days must not exceed log_bucket_expiration_days: the lifecycle rule cannot expire locked objects."
    }
  }

  depends_on = [aws_s3_bucket_versioning.audit]
}

resource "aws_s3_bucket_ownership_controls" "audit" {
  for_each = local.audit_buckets

  bucket = aws_s3_bucket.audit[each.key].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "audit" {
  for_each = local.audit_buckets

  bucket = aws_s3_bucket.audit[each.key].id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "audit" {
  for_each = local.audit_buckets

  bucket = aws_s3_bucket.audit[each.key].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "audit" {
  for_each = local.audit_buckets

  bucket = aws_s3_bucket.audit[each.key].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = each.value.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_logging" "audit" {
  for_each = local.audit_buckets

  bucket        = aws_s3_bucket.audit[each.key].id
  target_bucket = aws_s3_bucket.access_logs[0].id
  target_prefix = "${each.value.name}/"

  # The access-log bucket must accept deliveries before logging is turned on.
  depends_on = [aws_s3_bucket_policy.access_logs]
}

resource "aws_s3_bucket_lifecycle_configuration" "audit" {
  for_each = local.audit_buckets

  bucket = aws_s3_bucket.audit[each.key].id

  rule {
    id     = "audit-log-retention"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }

    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }

    transition {
      days          = 90
      storage_class = "GLACIER_IR"
    }

    dynamic "expiration" {
      for_each = var.log_bucket_expiration_days == null ? [] : [var.log_bucket_expiration_days]
      content {
        days = expiration.value
      }
    }

    noncurrent_version_expiration {
      noncurrent_days = var.log_bucket_noncurrent_version_expiration_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.audit]
}

resource "aws_s3_bucket_notification" "audit" {
  for_each = local.audit_buckets

  bucket      = aws_s3_bucket.audit[each.key].id
  eventbridge = true
}

resource "aws_s3_bucket_policy" "audit" {
  for_each = local.audit_buckets

  bucket = aws_s3_bucket.audit[each.key].id
  policy = each.value.policy

  # The public access block must exist first so that the policy is never evaluated as public.
  depends_on = [aws_s3_bucket_public_access_block.audit]
}

# ---------------------------------------------------------------------------------------------------------
# Server access-log bucket of the audit buckets
# ---------------------------------------------------------------------------------------------------------

resource "aws_s3_bucket" "access_logs" {
  #checkov:skip=CKV_AWS_18:This is the server access-log destination of the audit buckets; logging it into itself would log its own log deliveries in an endless loop.
  #checkov:skip=CKV_AWS_144:Cross-region replication needs a second regional provider and a replica bucket in another region; access logs are versioned and lifecycle-managed here.
  #checkov:skip=CKV_AWS_145:S3 server access logging only delivers to destination buckets whose default encryption is SSE-S3 (AES256); SSE-KMS is not supported on the destination.
  count = local.create_access_log_bucket ? 1 : 0

  bucket        = local.bucket_names.access_logs
  force_destroy = var.force_destroy_buckets

  tags = merge(var.tags, { Name = local.bucket_names.access_logs })
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  count = local.create_access_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  count = local.create_access_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "access_logs" {
  count = local.create_access_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  count = local.create_access_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  count = local.create_access_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  rule {
    id     = "access-log-retention"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }

    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }

    transition {
      days          = 90
      storage_class = "GLACIER_IR"
    }

    dynamic "expiration" {
      for_each = var.log_bucket_expiration_days == null ? [] : [var.log_bucket_expiration_days]
      content {
        days = expiration.value
      }
    }

    noncurrent_version_expiration {
      noncurrent_days = var.log_bucket_noncurrent_version_expiration_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.access_logs]
}

resource "aws_s3_bucket_notification" "access_logs" {
  count = local.create_access_log_bucket ? 1 : 0

  bucket      = aws_s3_bucket.access_logs[0].id
  eventbridge = true
}

data "aws_iam_policy_document" "access_logs" {
  count = local.create_access_log_bucket ? 1 : 0

  # Only the audit buckets of this account may deliver (aws:SourceArn); each writes under its own
  # <bucket name>/ prefix set by aws_s3_bucket_logging.audit.
  statement {
    sid       = "AllowS3ServerAccessLogDelivery"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["arn:${local.partition}:s3:::${local.bucket_names.access_logs}/*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [for b in local.access_log_sources : "arn:${local.partition}:s3:::${b}"]
    }
  }

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      "arn:${local.partition}:s3:::${local.bucket_names.access_logs}",
      "arn:${local.partition}:s3:::${local.bucket_names.access_logs}/*",
    ]

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

resource "aws_s3_bucket_policy" "access_logs" {
  count = local.create_access_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id
  policy = data.aws_iam_policy_document.access_logs[0].json

  depends_on = [aws_s3_bucket_public_access_block.access_logs]
}
