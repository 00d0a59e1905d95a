# Offline: the aws provider is mocked, so no account or credentials are needed.
mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  mock_data "aws_service_principal" {
    defaults = {
      region = "eu-west-3"
      suffix = "amazonaws.com"
    }
  }
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name_prefix                = "test"
  notifications_topic_arn    = "arn:aws:sns:eu-west-3:123456789012:test-alerts"
  budget_limit_amount        = 100
  budget_notification_emails = ["finops@example.com"]
}

run "audit_trail_is_complete_and_encrypted" {
  command = plan

  assert {
    condition     = aws_cloudtrail.this[0].is_multi_region_trail && aws_cloudtrail.this[0].enable_log_file_validation
    error_message = "the trail covers every region and validates its log files"
  }
  assert {
    condition     = aws_kms_key.cloudtrail[0].enable_key_rotation == true
    error_message = "the trail key rotates"
  }
}

run "account_wide_guards_are_on" {
  command = plan

  assert {
    condition     = aws_ebs_encryption_by_default.this[0].enabled == true
    error_message = "EBS volumes are encrypted by default"
  }
  assert {
    condition = alltrue([
      aws_s3_account_public_access_block.this[0].block_public_acls,
      aws_s3_account_public_access_block.this[0].block_public_policy,
      aws_s3_account_public_access_block.this[0].ignore_public_acls,
      aws_s3_account_public_access_block.this[0].restrict_public_buckets,
    ])
    error_message = "no bucket of the account can be made public"
  }
  assert {
    condition     = aws_iam_account_password_policy.this[0].minimum_password_length >= 14
    error_message = "the password policy follows CIS (14 characters at least)"
  }
  assert {
    condition     = length(aws_guardduty_detector.this) == 1 && length(aws_securityhub_account.this) == 1
    error_message = "GuardDuty and Security Hub are on"
  }
}

run "cis_alarms_publish_to_the_notifications_topic" {
  command = plan

  assert {
    condition     = length(aws_cloudwatch_log_metric_filter.cis) == 16 && length(aws_cloudwatch_metric_alarm.cis) == 16
    error_message = "one metric filter and one alarm per CIS AWS Foundations 4.x recommendation"
  }
  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.cis : a.alarm_actions == toset([var.notifications_topic_arn])])
    error_message = "every CIS alarm notifies the topic"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.cis["4.3-root-account-usage"].threshold == 1
    error_message = "a single root call raises the alarm"
  }
}

run "config_records_on_the_service_linked_role" {
  command = plan

  assert {
    condition     = aws_iam_service_linked_role.config[0].aws_service_name == "config.amazonaws.com"
    error_message = "the module creates AWSServiceRoleForConfig"
  }
  assert {
    condition     = endswith(aws_config_configuration_recorder.this[0].role_arn, ":role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig")
    error_message = "the recorder uses the service-linked role"
  }
}

run "prod_audit_buckets_are_locked" {
  command = plan

  variables {
    audit_object_lock_mode           = "GOVERNANCE"
    audit_object_lock_retention_days = 365
  }

  assert {
    condition     = aws_s3_bucket.audit["cloudtrail"].object_lock_enabled && aws_s3_bucket.audit["config"].object_lock_enabled
    error_message = "Object Lock is enabled when the audit buckets are created"
  }
  assert {
    condition     = one(one(aws_s3_bucket_object_lock_configuration.audit["cloudtrail"].rule).default_retention).mode == "GOVERNANCE"
    error_message = "the trail bucket locks every version in GOVERNANCE mode"
  }
}

run "a_lock_longer_than_the_expiration_is_refused" {
  command = plan

  variables {
    audit_object_lock_mode           = "GOVERNANCE"
    audit_object_lock_retention_days = 400
    log_bucket_expiration_days       = 365
  }

  expect_failures = [aws_s3_bucket_object_lock_configuration.audit]
}

run "short_passwords_are_refused" {
  command = plan

  variables {
    password_minimum_length = 8
  }

  expect_failures = [var.password_minimum_length]
}
