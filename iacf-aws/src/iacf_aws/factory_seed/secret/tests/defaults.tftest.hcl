# Offline: the aws provider is mocked, so no account or credentials are needed.
mock_provider "aws" {}

variables {
  name        = "test/dev/secret"
  description = "test secret"
  kms_key_arn = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
}

run "encrypted_with_the_given_key_and_recoverable" {
  command = plan

  assert {
    condition     = aws_secretsmanager_secret.this.kms_key_id == var.kms_key_arn
    error_message = "the secret must be encrypted with the customer-managed key"
  }
  assert {
    condition     = aws_secretsmanager_secret.this.recovery_window_in_days == 30
    error_message = "a deleted secret must stay recoverable for 30 days by default"
  }
}

run "short_recovery_window_is_refused" {
  command = plan

  variables {
    recovery_window_in_days = 3
  }

  expect_failures = [var.recovery_window_in_days]
}
