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
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  project            = "test"
  github_repository  = "acme/test-infra"
  apply_environments = ["prod"]
  state_bucket_arn   = "arn:aws:s3:::test-tfstate-123456789012"
  state_key_prefix   = "test/"
  state_kms_key_arn  = "arn:aws:kms:eu-west-3:123456789012:key/00000000-0000-0000-0000-000000000000"
  lock_table_arn     = "arn:aws:dynamodb:eu-west-3:123456789012:table/test-tflock"
}

run "plan_role_trusts_only_the_repository_pull_requests_and_main" {
  command = plan

  assert {
    condition = toset(flatten([
      for c in one(data.aws_iam_policy_document.plan_trust.statement).condition :
      c.values if c.variable == "token.actions.githubusercontent.com:sub" && c.test == "StringEquals"
    ])) == toset(["repo:acme/test-infra:pull_request", "repo:acme/test-infra:ref:refs/heads/main"])
    error_message = "the plan role trusts exactly the repository's pull requests and its main branch"
  }
  assert {
    condition = toset(flatten([
      for c in one(data.aws_iam_policy_document.plan_trust.statement).condition :
      c.values if c.variable == "token.actions.githubusercontent.com:aud"
    ])) == toset(["sts.amazonaws.com"])
    error_message = "the token audience is checked"
  }
  assert {
    condition     = aws_iam_role_policy_attachment.plan_read_only.policy_arn == "arn:aws:iam::aws:policy/ReadOnlyAccess"
    error_message = "the plan role is read-only"
  }
}

run "apply_role_only_for_its_environment_and_never_administrator" {
  command = plan

  assert {
    condition = toset(flatten([
      for c in one(data.aws_iam_policy_document.apply_trust["prod"].statement).condition :
      c.values if c.variable == "token.actions.githubusercontent.com:sub"
    ])) == toset(["repo:acme/test-infra:environment:prod"])
    error_message = "the apply role trusts only jobs of the prod environment"
  }
  assert {
    condition     = aws_iam_role_policy_attachment.apply_power_user["prod"].policy_arn != "arn:aws:iam::aws:policy/AdministratorAccess"
    error_message = "the apply role never gets AdministratorAccess"
  }
  assert {
    condition     = aws_iam_role.apply["prod"].max_session_duration == 3600
    error_message = "sessions last one hour by default"
  }
}

run "existing_oidc_provider_is_reused" {
  command = plan

  variables {
    oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 0
    error_message = "no second OIDC provider is created when one exists"
  }
}

run "wildcard_branch_is_refused" {
  command = plan

  variables {
    plan_branches = ["*"]
  }

  expect_failures = [var.plan_branches]
}
