# AWS Config: records every supported resource type (and, in one region, the global IAM types) and delivers
# snapshots/history to a KMS-encrypted, hardened bucket. Security Hub controls depend on this recorder.

# The recorder uses the account's service-linked role AWSServiceRoleForConfig (AWS managed permissions
# AWSConfigServiceRolePolicy, kept current by AWS as resource types are added) rather than a custom role. The
# role has no S3 or KMS permission: Config then delivers as its service principal, which the delivery
# bucket's policy and the Config key's policy allow for this account only (aws:SourceAccount).
#
# One such role exists per account. create_config_service_linked_role = false reuses an existing one (an
# account where Config was enabled before: `iacf preflight` reports it), or import it (see the README).
resource "aws_iam_service_linked_role" "config" {
  count = var.enable_config && var.create_config_service_linked_role ? 1 : 0

  aws_service_name = "config.amazonaws.com"
  description      = "AWS Config recorder ${local.names.config_recorder}"

  tags = merge(var.tags, { Name = "AWSServiceRoleForConfig" })
}

resource "aws_config_configuration_recorder" "this" {
  count = var.enable_config ? 1 : 0

  name     = local.names.config_recorder
  role_arn = local.config_service_linked_role_arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = var.config_include_global_resource_types
  }

  recording_mode {
    recording_frequency = var.config_recording_frequency
  }

  depends_on = [aws_iam_service_linked_role.config]
}

resource "aws_config_delivery_channel" "this" {
  count = var.enable_config ? 1 : 0

  name           = local.names.config_delivery_channel
  s3_bucket_name = aws_s3_bucket.audit["config"].id
  s3_kms_key_arn = aws_kms_key.config[0].arn

  snapshot_delivery_properties {
    delivery_frequency = var.config_snapshot_delivery_frequency
  }

  # A delivery channel needs an existing recorder, and Config checks that it can write to the bucket.
  depends_on = [
    aws_config_configuration_recorder.this,
    aws_s3_bucket_policy.audit,
    aws_s3_bucket_server_side_encryption_configuration.audit,
  ]
}

resource "aws_config_configuration_recorder_status" "this" {
  count = var.enable_config ? 1 : 0

  name       = aws_config_configuration_recorder.this[0].name
  is_enabled = true

  depends_on = [aws_config_delivery_channel.this]
}
