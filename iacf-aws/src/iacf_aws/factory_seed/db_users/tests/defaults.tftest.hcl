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
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/test-prod-dbusers-1"
    }
  }
}

variables {
  name                      = "test-prod"
  engine                    = "postgres"
  client_image              = "public.ecr.aws/docker/library/postgres:16-alpine"
  users                     = ["app_user"]
  db_address                = "test-prod.abcdefghijkl.eu-west-3.rds.amazonaws.com"
  db_port                   = 5432
  db_name                   = "app"
  db_security_group_id      = "sg-0123456789abcdef0"
  master_secret_arn         = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:rds!db-0000-abcdef"
  master_secret_kms_key_arn = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
  vpc_id                    = "vpc-0123456789abcdef0"
  subnet_ids                = ["subnet-0123456789abcdef0"]
  log_retention_in_days     = 365
  log_kms_key_arn           = "arn:aws:kms:eu-west-3:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
}

run "users_log_in_with_iam_only" {
  command = plan

  assert {
    condition     = strcontains(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment[0].value, "GRANT rds_iam TO app_user;")
    error_message = "the PostgreSQL user is IAM-authenticated (rds_iam)"
  }
  assert {
    condition     = !strcontains(lower(aws_ecs_task_definition.this.container_definitions), "superuser") && !strcontains(aws_ecs_task_definition.this.container_definitions, "PASSWORD '")
    error_message = "no superuser and no password is given to a workload user"
  }
  assert {
    condition     = [for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.name] == ["PGPASSWORD", "PGUSER"]
    error_message = "only the master credentials are injected, from the RDS-managed secret"
  }
}

run "the_task_is_hardened" {
  command = plan

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem == true && jsondecode(aws_ecs_task_definition.this.container_definitions)[0].user == "65534:65534"
    error_message = "read-only root filesystem, unprivileged user"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration.options.mode == "non-blocking"
    error_message = "logs never block the task"
  }
  assert {
    condition     = aws_ecs_task_definition.this.task_role_arn == null
    error_message = "the task itself has no IAM role"
  }
}

run "only_the_task_reads_the_master_password" {
  command = apply

  assert {
    condition     = aws_secretsmanager_secret_policy.master.block_public_policy == true && jsondecode(aws_secretsmanager_secret_policy.master.policy).Statement[0].Effect == "Deny"
    error_message = "the master secret denies its value to everyone else"
  }
  assert {
    condition     = jsondecode(aws_secretsmanager_secret_policy.master.policy).Statement[0].Condition.ArnNotLike["aws:PrincipalArn"][0] == "arn:aws:iam::123456789012:role/test-prod-dbusers-1"
    error_message = "the task's execution role is the one reader"
  }
}

run "mysql_users_use_the_aws_plugin" {
  command = plan

  variables {
    engine = "mysql"
  }

  assert {
    condition     = strcontains(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment[3].value, "IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL")
    error_message = "MySQL users authenticate with IAM over TLS"
  }
}

run "a_bad_user_name_is_refused" {
  command = plan

  variables {
    users = ["App-User"]
  }

  expect_failures = [var.users]
}

run "guardduty_agent_pull_names_the_region_repository_only" {
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
  assert {
    condition     = length([for s in data.aws_iam_policy_document.execution.statement : s if s.sid == "EcrAuthorizationToken"]) == 1
    error_message = "the registry login (defined on * only) comes with the agent pull"
  }
}

run "no_registry_rights_without_the_agent" {
  command = plan

  assert {
    condition     = length([for s in data.aws_iam_policy_document.execution.statement : s if startswith(s.sid, "Ecr") || startswith(s.sid, "Pull")]) == 0
    error_message = "the public client image needs no ECR permission"
  }
}
