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
  internet_ingress_ports     = [443, 80]
  app_ports                  = [8000]
  data_ports                 = [5432]
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

run "network_acls_close_what_no_tier_needs" {
  command = plan

  assert {
    condition     = length(aws_default_network_acl.this.ingress) == 0 && length(aws_default_network_acl.this.egress) == 0
    error_message = "the default network ACL keeps no rule"
  }
  assert {
    condition = alltrue([
      for r in concat(tolist(aws_network_acl.public.ingress), tolist(aws_network_acl.private.ingress), tolist(aws_network_acl.database.ingress)) :
      !(r.cidr_block == "0.0.0.0/0" && r.action == "allow" && ((r.from_port <= 22 && r.to_port >= 22) || (r.from_port <= 3389 && r.to_port >= 3389)))
    ])
    error_message = "no rule open to the internet covers 22 or 3389 (CIS 5.1)"
  }
  assert {
    condition     = length([for r in aws_network_acl.database.ingress : r if r.action == "deny"]) == 2
    error_message = "the database tier refuses the public subnets"
  }
  assert {
    condition     = length(aws_network_acl.database.ingress) == 5 && !anytrue([for r in aws_network_acl.database.ingress : r.cidr_block == "0.0.0.0/0"])
    error_message = "the database tier accepts nothing from the internet"
  }
}

run "no_s3_endpoint_without_a_use" {
  command = plan

  assert {
    condition     = length(aws_vpc_endpoint.s3) == 0
    error_message = "nothing uses S3: no endpoint"
  }
}

run "s3_endpoint_allows_the_stack_only" {
  command = plan

  variables {
    s3_endpoint = {
      bucket_arns      = ["arn:aws:s3:::test-dev-uploads"]
      ecr_image_layers = true
    }
  }

  assert {
    condition     = length(jsondecode(aws_vpc_endpoint.s3[0].policy).Statement) == 2
    error_message = "the endpoint allows the stack's buckets and ECR's layers, nothing else"
  }
  assert {
    condition     = jsondecode(aws_vpc_endpoint.s3[0].policy).Statement[0].Condition.StringEquals["aws:ResourceAccount"] == "123456789012"
    error_message = "the stack's buckets are reachable only in this account"
  }
}

run "one_availability_zone_is_refused" {
  command = plan

  variables {
    az_count = 1
  }

  expect_failures = [var.az_count]
}
