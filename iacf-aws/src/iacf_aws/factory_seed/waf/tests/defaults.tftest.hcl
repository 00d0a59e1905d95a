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
  name                  = "test-dev"
  resource_arn          = "arn:aws:elasticloadbalancing:eu-west-3:123456789012:loadbalancer/app/test-dev/0123456789abcdef"
  log_retention_in_days = 365
  log_kms_key_arn       = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
}

run "managed_rules_and_rate_limit" {
  command = plan

  assert {
    condition     = contains([for r in aws_wafv2_web_acl.this.rule : r.name], "AWSManagedRulesCommonRuleSet")
    error_message = "the AWS common rule set must be on"
  }
  assert {
    condition     = contains([for r in aws_wafv2_web_acl.this.rule : r.name], "AWSManagedRulesKnownBadInputsRuleSet")
    error_message = "the known bad inputs rule set must be on"
  }
  assert {
    condition     = aws_wafv2_web_acl.this.scope == "REGIONAL"
    error_message = "the web ACL protects a regional load balancer"
  }
}

run "logs_are_encrypted_kept_and_redacted" {
  command = plan

  assert {
    condition     = aws_cloudwatch_log_group.this.kms_key_id == var.log_kms_key_arn
    error_message = "WAF logs must be encrypted with the customer-managed key"
  }
  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 365
    error_message = "WAF logs keep the retention given"
  }
  assert {
    condition     = length(aws_wafv2_web_acl_logging_configuration.this.redacted_fields) == 2
    error_message = "authorization and cookie headers must be redacted from the logs"
  }
}

run "rate_limit_is_bounded" {
  command = plan

  variables {
    rate_limit = 1
  }

  expect_failures = [var.rate_limit]
}
