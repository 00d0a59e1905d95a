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
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/test-dev-app"
    }
  }
  mock_resource "aws_ecs_cluster" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-3:123456789012:cluster/test-dev-app"
      id  = "arn:aws:ecs:eu-west-3:123456789012:cluster/test-dev-app"
    }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-3:123456789012:task-definition/test-dev-app:1"
    }
  }
  mock_resource "aws_ecr_repository" {
    defaults = {
      arn            = "arn:aws:ecr:eu-west-3:123456789012:repository/test-dev-app"
      repository_url = "123456789012.dkr.ecr.eu-west-3.amazonaws.com/test-dev-app"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-3:123456789012:log-group:/ecs/test-dev-app"
    }
  }
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name                  = "test-dev-app"
  vpc_id                = "vpc-0123456789abcdef0"
  subnet_ids            = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  image_tag             = "1.0.0"
  cpu                   = 512
  memory                = 1024
  desired_count         = 1
  target_group_arn      = "arn:aws:elasticloadbalancing:eu-west-3:123456789012:targetgroup/test-dev/0123456789abcdef"
  log_retention_in_days = 365
  log_kms_key_arn       = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
  ecr_kms_key_arn       = "arn:aws:kms:eu-west-3:123456789012:key/66666666-7777-8888-9999-000000000000"
}

run "container_is_locked_down" {
  # apply (on the mocked provider): the container definition needs the repository URL, known after apply
  command = apply

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem == true
    error_message = "the root filesystem is read-only"
  }
  assert {
    condition     = !contains(["0", "root", "0:0", "root:root"], jsondecode(aws_ecs_task_definition.this.container_definitions)[0].user)
    error_message = "the container does not run as root"
  }
  assert {
    condition     = one(aws_ecs_service.this[0].network_configuration).assign_public_ip == false && aws_ecs_service.this[0].enable_execute_command == false
    error_message = "no public IP and no ECS Exec"
  }
}

run "images_are_immutable_scanned_and_encrypted" {
  command = plan

  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE"
    error_message = "image tags are immutable"
  }
  assert {
    condition     = one(aws_ecr_repository.this.image_scanning_configuration).scan_on_push == true
    error_message = "images are scanned on push"
  }
  assert {
    condition     = one(aws_ecr_repository.this.encryption_configuration).kms_key == var.ecr_kms_key_arn
    error_message = "the repository is encrypted with the customer key"
  }
}

run "root_user_is_refused" {
  command = plan

  variables {
    container_user = "root"
  }

  expect_failures = [var.container_user]
}

run "guardduty_agent_is_pulled_only_when_asked_and_only_from_its_repository" {
  command = plan

  assert {
    condition     = length([for s in data.aws_iam_policy_document.execution.statement : s if s.sid == "PullTheGuardDutyAgentOnly"]) == 0
    error_message = "no GuardDuty agent pull unless guardduty_agent_pull is set"
  }
}

run "guardduty_agent_pull_names_the_region_repository" {
  command = plan

  variables {
    guardduty_agent_pull = true
  }

  assert {
    condition = one([
      for s in data.aws_iam_policy_document.execution.statement : s.resources if s.sid == "PullTheGuardDutyAgentOnly"
    ]) == toset(["arn:aws:ecr:eu-west-3:665651866788:repository/aws-guardduty-agent-fargate"])
    error_message = "the execution role pulls GuardDuty's agent from AWS's repository of eu-west-3 only"
  }
}
