# AWS Backup for the data stores of a workload: a KMS-encrypted vault whose policy refuses to delete recovery
# points, an optional vault lock (compliance mode once its grace period ends), a plan with daily and monthly
# recovery points, a selection naming the protected resources by ARN, and notifications of backup, restore
# and recovery-point events to an SNS topic.

data "aws_partition" "current" {}

locals {
  partition = data.aws_partition.current.partition

  # AWS-managed policies: the actions AWS Backup needs for every supported resource type, maintained by AWS;
  # what they apply to is bounded by the selection below (exact ARNs) and the vault policy.
  managed_policies = concat(
    ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"],
    var.s3_buckets ? ["AWSBackupServiceRolePolicyForS3Backup", "AWSBackupServiceRolePolicyForS3Restore"] : [],
  )
}

resource "aws_backup_vault" "this" {
  name          = "${var.name}-backups"
  kms_key_arn   = var.kms_key_arn
  force_destroy = false

  tags = merge(var.tags, { Name = "${var.name}-backups" })
}

# Nobody deletes a recovery point or shortens its life by hand; AWS Backup still expires them on schedule.
resource "aws_backup_vault_policy" "this" {
  backup_vault_name = aws_backup_vault.this.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "KeepRecoveryPoints"
      Effect    = "Deny"
      Principal = "*"
      Action    = ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"]
      Resource  = "*"
    }]
  })
}

# Vault lock: recovery points cannot be deleted before min_retention_days nor kept beyond max_retention_days.
# Compliance mode: after changeable_for_days the lock itself can no longer be removed, by anyone.
resource "aws_backup_vault_lock_configuration" "this" {
  count = var.vault_lock ? 1 : 0

  backup_vault_name   = aws_backup_vault.this.name
  min_retention_days  = var.lock_min_retention_days
  max_retention_days  = var.monthly_retention_days
  changeable_for_days = var.lock_changeable_for_days
}

resource "aws_backup_vault_notifications" "this" {
  backup_vault_name = aws_backup_vault.this.name
  sns_topic_arn     = var.notifications_topic_arn
  backup_vault_events = [
    "BACKUP_JOB_COMPLETED",
    "COPY_JOB_FAILED",
    "RECOVERY_POINT_MODIFIED",
    "RESTORE_JOB_COMPLETED",
    "S3_BACKUP_OBJECT_FAILED",
    "S3_RESTORE_OBJECT_FAILED",
  ]
}

resource "aws_backup_plan" "this" {
  name = "${var.name}-data-stores"

  rule {
    rule_name                = "daily"
    target_vault_name        = aws_backup_vault.this.name
    schedule                 = var.daily_schedule
    start_window             = 60
    completion_window        = 360
    enable_continuous_backup = false

    lifecycle {
      delete_after = var.daily_retention_days
    }

    recovery_point_tags = merge(var.tags, { BackupRule = "daily" })
  }

  rule {
    rule_name         = "monthly"
    target_vault_name = aws_backup_vault.this.name
    schedule          = var.monthly_schedule
    start_window      = 60
    completion_window = 720

    lifecycle {
      delete_after = var.monthly_retention_days
    }

    recovery_point_tags = merge(var.tags, { BackupRule = "monthly" })
  }

  tags = merge(var.tags, { Name = "${var.name}-data-stores" })
}

# ---------------------------------------------------------------------------------------------------------
# The role AWS Backup assumes. AWS Backup documents the confused-deputy keys for the resource policies it is
# named in (the SNS topic, KMS keys), not for the assumption of its service role: the trust names the
# service, and iam:PassRole decides who may hand the role to a backup plan.
# ---------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "assume" {
  statement {
    sid     = "AwsBackupAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["backup.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name_prefix          = "${substr(var.name, 0, 28)}-backup-"
  description          = "AWS Backup: back up and restore the data stores of ${var.name}"
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  permissions_boundary = var.permissions_boundary_arn

  tags = merge(var.tags, { Name = "${var.name}-backup" })
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = toset(local.managed_policies)

  role       = aws_iam_role.this.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/${each.value}"
}

resource "aws_backup_selection" "this" {
  name         = "${var.name}-data-stores"
  plan_id      = aws_backup_plan.this.id
  iam_role_arn = aws_iam_role.this.arn
  resources    = var.resource_arns

  depends_on = [aws_iam_role_policy_attachment.this]
}
