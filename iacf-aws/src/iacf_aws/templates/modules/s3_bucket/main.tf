# Hardened S3 bucket: versioned, encrypted (SSE-KMS with a CMK, or SSE-S3 where the writing AWS service
# cannot use KMS), all public access blocked, ACLs disabled, TLS-only bucket policy, server access logging,
# lifecycle rules and EventBridge notifications. Optional policy statements let Elastic Load Balancing and
# S3 server access logging deliver objects into it.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# Regional information without the aws_region data source (its `name` attribute is deprecated in 6.x).
data "aws_service_principal" "s3" {
  service_name = "s3"
}

# Legacy per-region Elastic Load Balancing account (regions opened before August 2022 deliver ALB access
# logs from this account; newer regions use the logdelivery.elasticloadbalancing.amazonaws.com principal).
data "aws_elb_service_account" "this" {
  count = var.allow_elb_log_delivery && var.elb_legacy_account_principal ? 1 : 0
}

locals {
  account_id  = data.aws_caller_identity.current.account_id
  partition   = data.aws_partition.current.partition
  region      = data.aws_service_principal.s3.region
  bucket_name = var.append_account_region_suffix ? "${var.name}-${local.account_id}-${local.region}" : var.name
  bucket_arn  = "arn:${local.partition}:s3:::${local.bucket_name}"

  elb_prefix        = var.elb_log_prefix == "" ? "" : "${trim(var.elb_log_prefix, "/")}/"
  elb_log_resource  = "${local.bucket_arn}/${local.elb_prefix}AWSLogs/${local.account_id}/*"
  sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
  access_log_prefix = var.access_log_prefix == null ? "${local.bucket_name}/" : var.access_log_prefix

  # The buckets that log here are given to this module by the name they were given to theirs: their real name
  # carries the same -<account id>-<region> suffix (aws:SourceArn must match the real bucket or S3 logging is
  # denied). Built from names rather than the other bucket's ARN output: the policy is known at plan time.
  access_log_source_arns = [
    for name in var.access_log_source_buckets :
    "arn:${local.partition}:s3:::${var.append_account_region_suffix ? "${name}-${local.account_id}-${local.region}" : name}"
  ]
}

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_144:Cross-region replication needs a second regional provider and a replica bucket; this single-region stack keeps versioned, lifecycle-managed copies instead (documented in README).
  #checkov:skip=CKV_AWS_145:Encryption is chosen by the caller: SSE-KMS when kms_key_arn is set; SSE-S3 only for buckets written by ALB access logs or S3 server access logging, which do not support SSE-KMS on the destination bucket, and for a static site origin whose files are public through CloudFront (a KMS key policy naming the distribution would form a dependency cycle).
  bucket        = local.bucket_name
  force_destroy = var.force_destroy

  tags = merge(var.tags, { Name = local.bucket_name })
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = var.object_ownership
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.sse_algorithm
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_logging" "this" {
  count = var.access_logging_enabled ? 1 : 0

  bucket        = aws_s3_bucket.this.id
  target_bucket = var.access_log_bucket_name
  target_prefix = local.access_log_prefix

  lifecycle {
    precondition {
      condition     = var.access_log_bucket_name != null
      error_message = "access_log_bucket_name is required when access_logging_enabled is true."
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "default"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }

    transition {
      days          = var.transition_to_ia_days
      storage_class = "STANDARD_IA"
    }

    transition {
      days          = var.transition_to_glacier_days
      storage_class = "GLACIER_IR"
    }

    dynamic "expiration" {
      for_each = var.expiration_days == null ? [] : [var.expiration_days]
      content {
        days = expiration.value
      }
    }

    noncurrent_version_transition {
      noncurrent_days = 30
      storage_class   = "STANDARD_IA"
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_notification" "this" {
  bucket      = aws_s3_bucket.this.id
  eventbridge = true
}

# Statement order is irrelevant to IAM; the log-delivery allows come first only because moto (the emulator
# used in tests) crashes on PutBucketLogging when it meets a string Principal ("*") before them.
data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = var.allow_elb_log_delivery ? [1] : []
    content {
      sid       = "AllowElbLogDeliveryServicePrincipal"
      effect    = "Allow"
      actions   = ["s3:PutObject"]
      resources = [local.elb_log_resource]

      principals {
        type        = "Service"
        identifiers = ["logdelivery.elasticloadbalancing.amazonaws.com"]
      }
    }
  }

  dynamic "statement" {
    for_each = var.allow_elb_log_delivery && var.elb_legacy_account_principal ? [1] : []
    content {
      sid       = "AllowElbLogDeliveryRegionalAccount"
      effect    = "Allow"
      actions   = ["s3:PutObject"]
      resources = [local.elb_log_resource]

      principals {
        type        = "AWS"
        identifiers = [data.aws_elb_service_account.this[0].arn]
      }
    }
  }

  dynamic "statement" {
    for_each = var.allow_s3_access_log_delivery ? [1] : []
    content {
      sid       = "AllowS3ServerAccessLogDelivery"
      effect    = "Allow"
      actions   = ["s3:PutObject"]
      resources = ["${local.bucket_arn}/*"]

      principals {
        type        = "Service"
        identifiers = ["logging.s3.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }

      # only the buckets that log here: another bucket of the account cannot mix its logs into this evidence
      condition {
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = length(local.access_log_source_arns) > 0 ? local.access_log_source_arns : ["arn:${local.partition}:s3:::*"]
      }
    }
  }

  dynamic "statement" {
    for_each = var.cloudfront_distribution_arn == null ? [] : [var.cloudfront_distribution_arn]
    content {
      sid       = "AllowCloudFrontOriginAccessControl"
      effect    = "Allow"
      actions   = ["s3:GetObject"]
      resources = ["${local.bucket_arn}/*"]

      principals {
        type        = "Service"
        identifiers = ["cloudfront.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "AWS:SourceArn"
        values   = [statement.value]
      }
    }
  }

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      local.bucket_arn,
      "${local.bucket_arn}/*",
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

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.this.json

  # The public access block must exist first so that the policy is never evaluated as public.
  depends_on = [aws_s3_bucket_public_access_block.this]
}
