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

run "short_passwords_are_refused" {
  command = plan

  variables {
    password_minimum_length = 8
  }

  expect_failures = [var.password_minimum_length]
}
