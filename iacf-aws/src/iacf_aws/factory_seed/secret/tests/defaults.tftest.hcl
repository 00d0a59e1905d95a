# Offline: the aws provider is mocked, so no account or credentials are needed.
mock_provider "aws" {}

variables {
  name        = "test/dev/secret"
  description = "test secret"
  kms_key_arn = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"

  reader_role_arns = ["arn:aws:iam::123456789012:role/test-dev-exec"]
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

run "only_the_readers_read_the_value" {
  command = plan

  assert {
    condition     = aws_secretsmanager_secret_policy.this.block_public_policy == true
    error_message = "public resource policies are blocked"
  }
  assert {
    condition     = jsondecode(aws_secretsmanager_secret_policy.this.policy).Statement[0].Effect == "Deny" && jsondecode(aws_secretsmanager_secret_policy.this.policy).Statement[0].Action == "secretsmanager:GetSecretValue"
    error_message = "every principal but the readers is denied the value"
  }
  assert {
    condition     = contains(jsondecode(aws_secretsmanager_secret_policy.this.policy).Statement[0].Condition.ArnNotLike["aws:PrincipalArn"], "arn:aws:iam::123456789012:role/test-dev-exec")
    error_message = "the reader role is exempted from the deny"
  }
}

run "short_recovery_window_is_refused" {
  command = plan

  variables {
    recovery_window_in_days = 3
  }

  expect_failures = [var.recovery_window_in_days]
}
