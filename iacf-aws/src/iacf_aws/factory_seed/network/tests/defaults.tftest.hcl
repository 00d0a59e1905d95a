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
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["eu-west-3a", "eu-west-3b"]
    }
  }
}

variables {
  name                       = "test-dev"
  cidr_block                 = "10.20.0.0/16"
  az_count                   = 2
  single_nat_gateway         = true
  flow_log_retention_in_days = 365
  flow_log_kms_key_arn       = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
}

run "no_public_ip_at_launch" {
  command = plan

  assert {
    condition     = !anytrue(concat(aws_subnet.public[*].map_public_ip_on_launch, aws_subnet.private[*].map_public_ip_on_launch, aws_subnet.database[*].map_public_ip_on_launch))
    error_message = "no subnet gives public IPs at launch"
  }
  assert {
    condition     = length(aws_subnet.private) == 2 && length(aws_subnet.database) == 2
    error_message = "private and database subnets span the two availability zones"
  }
}

run "flow_logs_capture_everything_encrypted" {
  command = plan

  assert {
    condition     = aws_flow_log.this.traffic_type == "ALL"
    error_message = "flow logs capture accepted and rejected traffic"
  }
  assert {
    condition     = aws_cloudwatch_log_group.flow_logs.kms_key_id == var.flow_log_kms_key_arn && aws_cloudwatch_log_group.flow_logs.retention_in_days == 365
    error_message = "flow logs are encrypted with the customer key and kept as asked"
  }
}

run "one_availability_zone_is_refused" {
  command = plan

  variables {
    az_count = 1
  }

  expect_failures = [var.az_count]
}
