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
  regions             = ["eu-west-3"]
  apply_services      = ["acm", "cloudfront", "ec2", "kms", "logs", "s3"]
  plan_actions        = ["acm:Describe*", "cloudfront:Get*", "ec2:Describe*", "kms:Describe*", "kms:Get*", "logs:Describe*", "s3:Get*"]
  us_east_1_services  = ["acm", "cloudfront"]
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
    ])) == toset(["acm:Describe*", "cloudfront:Get*", "ec2:Describe*", "kms:Describe*", "kms:Get*", "logs:Describe*", "s3:Get*"])
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
    regions         = ["eu-west-3", "us-east-1"]
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

run "us_east_1_only_for_the_listed_services" {
  command = plan

  assert {
    condition = one([
      for s in data.aws_iam_policy_document.apply["prod"].statement : one([
        for c in s.condition : c.values if c.variable == "aws:RequestedRegion"
      ]) if s.sid == "ManageStackServices"
    ]) == tolist(["eu-west-3"])
    error_message = "every service of the stack is managed in the project's region only"
  }
  assert {
    condition = one([
      for s in data.aws_iam_policy_document.apply["prod"].statement : s.actions if s.sid == "ManageUsEast1Services"
    ]) == toset(["acm:*", "cloudfront:*"])
    error_message = "in us-east-1 the apply role manages the listed services only (no ec2, kms, logs or s3 there)"
  }
  assert {
    condition = one([
      for s in data.aws_iam_policy_document.apply["prod"].statement : one([
        for c in s.condition : c.values if c.variable == "aws:RequestedRegion"
      ]) if s.sid == "ManageUsEast1Services"
    ]) == tolist(["us-east-1"])
    error_message = "the us-east-1 statement is limited to us-east-1"
  }
  assert {
    condition = one([
      for s in data.aws_iam_policy_document.plan.statement : s.actions if s.sid == "ReadUsEast1Configuration"
    ]) == toset(["acm:Describe*", "cloudfront:Get*"])
    error_message = "in us-east-1 the plan role reads the listed services only"
  }
  assert {
    condition = one([
      for s in data.aws_iam_policy_document.apply["prod"].statement : s.resources if s.sid == "CloudFrontLogBucketAcl"
    ]) == toset(["arn:aws:s3:::test-prod-*"])
    error_message = "CloudFront's log bucket ACL calls reach the environment's buckets only"
  }
  assert {
    condition = one([
      for s in data.aws_iam_policy_document.boundary["prod"].statement : one([
        for c in s.condition : c.values if c.variable == "aws:RequestedRegion"
      ]) if s.sid == "WorkloadRuntime"
    ]) == tolist(["eu-west-3"])
    error_message = "workload roles call services without a resource in the project's region only"
  }
}

run "nothing_in_us_east_1_unless_listed" {
  command = plan

  variables {
    us_east_1_services = []
  }

  assert {
    condition = length([
      for s in concat(tolist(data.aws_iam_policy_document.apply["prod"].statement), tolist(data.aws_iam_policy_document.plan.statement)) :
      s if contains(["ManageUsEast1Services", "ReadUsEast1Configuration", "CloudFrontLogBucketAcl"], s.sid)
    ]) == 0
    error_message = "no us-east-1 statement without us_east_1_services"
  }
}

run "a_us_east_1_project_needs_no_second_statement" {
  command = plan

  variables {
    regions = ["us-east-1"]
  }

  assert {
    condition = length([
      for s in concat(tolist(data.aws_iam_policy_document.apply["prod"].statement), tolist(data.aws_iam_policy_document.plan.statement)) :
      s if contains(["ManageUsEast1Services", "ReadUsEast1Configuration", "CloudFrontLogBucketAcl"], s.sid)
    ]) == 0
    error_message = "us-east-1 is one of regions: every service is allowed there by the regional statements"
  }
}

run "iam_is_never_a_us_east_1_service" {
  command = plan

  variables {
    us_east_1_services = ["iam"]
  }

  expect_failures = [var.us_east_1_services]
}
