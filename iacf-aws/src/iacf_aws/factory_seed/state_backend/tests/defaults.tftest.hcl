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
  name_prefix = "test-dev"
}

run "state_bucket_is_private_encrypted_and_versioned" {
  command = plan

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.state.block_public_acls,
      aws_s3_bucket_public_access_block.state.block_public_policy,
      aws_s3_bucket_public_access_block.state.ignore_public_acls,
      aws_s3_bucket_public_access_block.state.restrict_public_buckets,
    ])
    error_message = "every public access block setting must be on"
  }
  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.state.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
    error_message = "the state is encrypted with the customer-managed key"
  }
  assert {
    condition     = one(aws_s3_bucket_versioning.state.versioning_configuration).status == "Enabled"
    error_message = "state versions must be kept"
  }
  assert {
    condition     = aws_kms_key.state.enable_key_rotation == true
    error_message = "the state key rotates"
  }
}

run "lock_table_is_protected_and_encrypted" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.lock[0].deletion_protection_enabled == true
    error_message = "the lock table has deletion protection by default"
  }
  assert {
    condition     = one(aws_dynamodb_table.lock[0].point_in_time_recovery).enabled == true
    error_message = "the lock table has point-in-time recovery"
  }
  assert {
    condition     = one(aws_dynamodb_table.lock[0].server_side_encryption).enabled == true
    error_message = "the lock table is encrypted with the state key"
  }
}

run "short_key_deletion_window_is_refused" {
  command = plan

  variables {
    kms_deletion_window_in_days = 3
  }

  expect_failures = [var.kms_deletion_window_in_days]
}
