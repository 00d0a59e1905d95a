# Offline: the aws provider is mocked, so no account or credentials are needed.
mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name                    = "test-prod"
  kms_key_arn             = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
  notifications_topic_arn = "arn:aws:sns:eu-west-3:123456789012:test-prod-notifications"
  resource_arns           = ["arn:aws:rds:eu-west-3:123456789012:db:test-prod"]
}

run "recovery_points_are_encrypted_locked_and_kept" {
  command = plan

  assert {
    condition     = aws_backup_vault.this.kms_key_arn == var.kms_key_arn
    error_message = "the vault is encrypted with the customer-managed key"
  }
  assert {
    condition     = length(aws_backup_vault_lock_configuration.this) == 1 && aws_backup_vault_lock_configuration.this[0].changeable_for_days == 3
    error_message = "the vault is locked in compliance mode after a 3-day grace period"
  }
  assert {
    condition     = contains(jsondecode(aws_backup_vault_policy.this.policy).Statement[0].Action, "backup:DeleteRecoveryPoint")
    error_message = "nobody deletes a recovery point by hand"
  }
  assert {
    condition     = [for r in aws_backup_plan.this.rule : one(r.lifecycle).delete_after] == [35, 365]
    error_message = "daily points kept 35 days, monthly 365"
  }
}

run "the_selection_names_exact_resources_and_notifies" {
  command = plan

  assert {
    condition     = tolist(aws_backup_selection.this.resources) == var.resource_arns
    error_message = "the plan protects exactly the resources given"
  }
  assert {
    condition     = aws_backup_vault_notifications.this.sns_topic_arn == var.notifications_topic_arn && contains(aws_backup_vault_notifications.this.backup_vault_events, "BACKUP_JOB_COMPLETED")
    error_message = "backup jobs are reported to the operators' topic"
  }
  assert {
    condition     = !contains(keys(aws_iam_role_policy_attachment.this), "AWSBackupServiceRolePolicyForS3Backup")
    error_message = "the S3 policies are attached only when buckets are protected"
  }
}

run "a_short_grace_period_is_refused" {
  command = plan

  variables {
    lock_changeable_for_days = 1
  }

  expect_failures = [var.lock_changeable_for_days]
}
