# Remote-state backend for Terraform's S3 backend: a hardened, versioned, SSE-KMS state bucket, its server
# access-log bucket, a customer managed KMS key and (unless lock_mode = "lockfile") a DynamoDB lock table.
#
# Protection against accidental loss: force_destroy is false on both buckets (a destroy fails while state
# files exist), versioning keeps previous states for noncurrent_version_expiration_days, the lock table has
# deletion protection and point-in-time recovery, and the key has a 7-30 day deletion window.
# `lifecycle { prevent_destroy }` is deliberately not used: it cannot be switched off by a variable, which
# would make the backend impossible to retire without editing the vendored module.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# Regional information without the aws_region data source (its `name` attribute is deprecated in 6.x).
data "aws_service_principal" "s3" {
  service_name = "s3"
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_service_principal.s3.region

  state_bucket_name      = coalesce(var.state_bucket_name, "${var.name_prefix}-tfstate-${local.account_id}")
  access_log_bucket_name = coalesce(var.access_log_bucket_name, "${var.name_prefix}-tfstate-logs-${local.account_id}")
  lock_table_name        = coalesce(var.lock_table_name, "${var.name_prefix}-tflock")
  kms_key_alias          = "alias/${coalesce(var.kms_key_alias, "${var.name_prefix}-tfstate")}"

  state_bucket_arn      = "arn:${local.partition}:s3:::${local.state_bucket_name}"
  access_log_bucket_arn = "arn:${local.partition}:s3:::${local.access_log_bucket_name}"

  create_lock_table = var.lock_mode != "lockfile"
}

# ---------------------------------------------------------------------------------------------------------
# KMS key: state objects, lock table
# ---------------------------------------------------------------------------------------------------------

# Only the account-root statement: the key can be used exclusively by IAM principals whose own policies
# grant kms:Encrypt/Decrypt/GenerateDataKey on it. Unlike the AWS managed aws/s3 key, read access to the
# bucket alone is therefore not enough to read the state (which can contain secrets).
resource "aws_kms_key" "state" {
  description              = "Terraform remote state (${local.state_bucket_name}) and lock table"
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = true
  deletion_window_in_days  = var.kms_deletion_window_in_days
  is_enabled               = true
  multi_region             = false

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableAccountAdministrationThroughIam"
        Effect    = "Allow"
        Principal = { AWS = concat(["arn:${local.partition}:iam::${local.account_id}:root"], var.kms_key_administrator_arns) }
        Action    = "kms:*"
        Resource  = "*"
      },
    ]
  })

  tags = merge(var.tags, { Name = trimprefix(local.kms_key_alias, "alias/") })
}

resource "aws_kms_alias" "state" {
  name          = local.kms_key_alias
  target_key_id = aws_kms_key.state.key_id
}

# ---------------------------------------------------------------------------------------------------------
# State bucket
# ---------------------------------------------------------------------------------------------------------

resource "aws_s3_bucket" "state" {
  #checkov:skip=CKV_AWS_144:Cross-region replication needs a second regional provider and a replica bucket; the state is versioned (noncurrent versions kept), KMS-encrypted and can be rebuilt from the infrastructure with terraform import, so a replica is left to accounts that require regional disaster recovery.
  bucket        = local.state_bucket_name
  force_destroy = false

  tags = merge(var.tags, { Name = local.state_bucket_name })
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket = aws_s3_bucket.state.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.state.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_logging" "state" {
  bucket        = aws_s3_bucket.state.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "${local.state_bucket_name}/"

  depends_on = [aws_s3_bucket_policy.access_logs]
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  # Current state files never expire; superseded versions (and lock-file versions) do.
  rule {
    id     = "state-versions"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.state]
}

resource "aws_s3_bucket_notification" "state" {
  bucket      = aws_s3_bucket.state.id
  eventbridge = true
}

data "aws_iam_policy_document" "state" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      local.state_bucket_arn,
      "${local.state_bucket_arn}/*",
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

  # The S3 backend sends x-amz-server-side-encryption: aws:kms for state and lock files when encrypt = true
  # and kms_key_id are set (see the backend_hcl output); anything else is refused. A missing header also
  # matches StringNotEquals, so uploads that rely on the bucket default are refused too.
  statement {
    sid       = "DenyObjectsNotEncryptedWithKms"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${local.state_bucket_arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["aws:kms"]
    }
  }
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id
  policy = data.aws_iam_policy_document.state.json

  depends_on = [aws_s3_bucket_public_access_block.state]
}

# ---------------------------------------------------------------------------------------------------------
# Server access-log bucket of the state bucket
# ---------------------------------------------------------------------------------------------------------

resource "aws_s3_bucket" "access_logs" {
  #checkov:skip=CKV_AWS_18:This is the server access-log destination of the state bucket; logging it into itself would log its own log deliveries in an endless loop.
  #checkov:skip=CKV_AWS_144:Cross-region replication needs a second regional provider and a replica bucket in another region; access logs are versioned and lifecycle-managed here.
  #checkov:skip=CKV_AWS_145:S3 server access logging only delivers to destination buckets whose default encryption is SSE-S3 (AES256); SSE-KMS is not supported on the destination.
  bucket        = local.access_log_bucket_name
  force_destroy = false

  tags = merge(var.tags, { Name = local.access_log_bucket_name })
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    id     = "access-log-retention"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }

    dynamic "expiration" {
      for_each = var.access_log_expiration_days == null ? [] : [var.access_log_expiration_days]
      content {
        days = expiration.value
      }
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.access_logs]
}

resource "aws_s3_bucket_notification" "access_logs" {
  bucket      = aws_s3_bucket.access_logs.id
  eventbridge = true
}

data "aws_iam_policy_document" "access_logs" {
  # Only the state bucket of this account may deliver, under its <bucket name>/ prefix.
  statement {
    sid       = "AllowS3ServerAccessLogDelivery"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.access_log_bucket_arn}/*"]

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
      values   = [local.state_bucket_arn]
    }
  }

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      local.access_log_bucket_arn,
      "${local.access_log_bucket_arn}/*",
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
  bucket = aws_s3_bucket.access_logs.id
  policy = data.aws_iam_policy_document.access_logs.json

  depends_on = [aws_s3_bucket_public_access_block.access_logs]
}

# ---------------------------------------------------------------------------------------------------------
# DynamoDB lock table (lock_mode "dynamodb" or "both")
# ---------------------------------------------------------------------------------------------------------

resource "aws_dynamodb_table" "lock" {
  count = local.create_lock_table ? 1 : 0

  name                        = local.lock_table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "LockID"
  deletion_protection_enabled = var.lock_table_deletion_protection

  attribute {
    name = "LockID"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.state.arn
  }

  point_in_time_recovery {
    enabled = true
  }

  tags = merge(var.tags, { Name = local.lock_table_name })
}
