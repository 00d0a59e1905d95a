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
  project             = "test"
  github_repository   = "acme/test-infra"
  apply_environments  = ["prod"]
  account_environment = "prod"
  state_bucket_arn    = "arn:aws:s3:::test-tfstate-123456789012"
  state_key_prefix    = "test/"
  state_kms_key_alias = "alias/test-tfstate"
  lock_table_arn      = "arn:aws:dynamodb:eu-west-3:123456789012:table/test-tflock"
  regions             = ["eu-west-3", "us-east-1"]
  apply_services      = ["ec2", "kms", "logs", "s3"]
  plan_actions        = ["ec2:Describe*", "kms:Describe*", "kms:Get*", "logs:Describe*", "s3:Get*"]
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
    condition     = aws_iam_role.plan.permissions_boundary == "arn:aws:iam::123456789012:policy/test-ci-boundary"
    error_message = "the plan role carries the CI boundary"
  }
  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.plan.statement : s.actions if s.sid == "ReadStackConfiguration"
    ])) == toset(["ec2:Describe*", "kms:Describe*", "kms:Get*", "logs:Describe*", "s3:Get*"])
    error_message = "the plan role reads the configuration of the listed services only (no ReadOnlyAccess)"
  }
}

run "apply_role_only_for_its_environment_and_only_bounded_roles" {
  command = plan

  assert {
    condition = toset(flatten([
      for c in one(data.aws_iam_policy_document.apply_trust["prod"].statement).condition :
      c.values if c.variable == "token.actions.githubusercontent.com:sub"
    ])) == toset(["repo:acme/test-infra:environment:prod"])
    error_message = "the apply role trusts only jobs of the prod environment"
  }
  assert {
    condition = alltrue([
      for s in data.aws_iam_policy_document.apply["prod"].statement :
      anytrue([for c in s.condition : c.variable == "iam:PermissionsBoundary" && contains(c.values, "arn:aws:iam::123456789012:policy/test-prod-workload-boundary")])
      if length(setintersection(s.actions, ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy"])) > 0
    ])
    error_message = "the apply role creates or changes roles only with the environment's permissions boundary"
  }
  assert {
    condition     = aws_iam_policy.boundary["prod"].name == "test-prod-workload-boundary"
    error_message = "every environment gets its workload boundary"
  }
  assert {
    condition     = aws_iam_role.apply["prod"].permissions_boundary == "arn:aws:iam::123456789012:policy/test-ci-boundary"
    error_message = "the apply role carries the CI boundary"
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

run "workload_boundary_allows_the_guardduty_agent_of_the_regions_only_when_asked" {
  command = plan

  assert {
    condition     = length([for s in data.aws_iam_policy_document.boundary["prod"].statement : s if s.sid == "GuardDutyRuntimeAgentImage"]) == 0
    error_message = "no image of another account unless guardduty_agent is set"
  }
}

run "workload_boundary_names_each_region_repository" {
  command = plan

  variables {
    guardduty_agent = true
  }

  assert {
    condition = one([
      for s in data.aws_iam_policy_document.boundary["prod"].statement : s.resources if s.sid == "GuardDutyRuntimeAgentImage"
      ]) == toset([
      "arn:aws:ecr:eu-west-3:665651866788:repository/aws-guardduty-agent-fargate",
      "arn:aws:ecr:us-east-1:593207742271:repository/aws-guardduty-agent-fargate",
    ])
    error_message = "the boundary allows GuardDuty's agent repository of each region, in its AWS account"
  }
}
