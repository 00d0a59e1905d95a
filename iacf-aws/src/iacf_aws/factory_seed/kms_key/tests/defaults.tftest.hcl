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
}

variables {
  name        = "test-logs"
  description = "test key"
}

run "rotation_and_deletion_window_are_safe_by_default" {
  command = plan

  assert {
    condition     = aws_kms_key.this.enable_key_rotation == true
    error_message = "key rotation must be on"
  }
  assert {
    condition     = aws_kms_key.this.deletion_window_in_days == 30
    error_message = "the default deletion window must be 30 days"
  }
  assert {
    condition     = aws_kms_key.this.multi_region == false
    error_message = "keys must stay in one region"
  }
  assert {
    condition     = aws_kms_alias.this.name == "alias/test-logs"
    error_message = "the alias must be alias/<name>"
  }
}

run "policy_has_no_wildcard_principal" {
  command = plan

  assert {
    condition     = !strcontains(aws_kms_key.this.policy, "\"AWS\":\"*\"")
    error_message = "the key policy must not grant a wildcard principal"
  }
  assert {
    condition     = length(jsondecode(aws_kms_key.this.policy).Statement) == 1
    error_message = "without options the policy holds only the account administration statement"
  }
}

run "short_deletion_window_is_rejected" {
  command = plan

  variables {
    deletion_window_in_days = 3
  }

  expect_failures = [var.deletion_window_in_days]
}
