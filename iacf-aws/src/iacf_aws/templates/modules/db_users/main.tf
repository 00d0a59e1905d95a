# The database users of the workloads, created by a one-off ECS Fargate task: the official client of the
# engine (psql, mysql or mariadb) connects once as the master user, whose credentials ECS injects from the
# RDS-managed secret, and creates one IAM-authenticated user per workload with the rights an application
# needs on its database (no superuser, no user management). No password exists for those users: each
# workload signs a 15-minute token with its own IAM role (rds-db:connect on its user only). The statements
# are idempotent, so the task can run again after a change of the user list. The master secret gets a
# resource policy: only this task's execution role (and the break-glass roles given) may read its value.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# Region of the provider, without the aws_region data source (its `name` is deprecated in provider 6.x).
data "aws_service_principal" "ecs" {
  service_name = "ecs"
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_service_principal.ecs.region

  # The AWS account that hosts GuardDuty's Fargate agent image (repository aws-guardduty-agent-fargate) in each
  # region, as AWS lists them ("Amazon ECR repository hosting GuardDuty agent", GuardDuty User Guide); the same
  # table as modules/ecs_service. A region missing here gets no statement: add its account from that page.
  guardduty_agent_accounts = {
    "af-south-1"     = "197869348890"
    "ap-east-1"      = "258348409381"
    "ap-east-2"      = "259886477082"
    "ap-northeast-1" = "533107202818"
    "ap-northeast-2" = "914738172881"
    "ap-northeast-3" = "273192626886"
    "ap-south-1"     = "251508486986"
    "ap-south-2"     = "950823858135"
    "ap-southeast-1" = "174946120834"
    "ap-southeast-2" = "005257825471"
    "ap-southeast-3" = "510637619217"
    "ap-southeast-4" = "251357961535"
    "ap-southeast-5" = "156041399949"
    "ap-southeast-7" = "054037130133"
    "ca-central-1"   = "354763396469"
    "ca-west-1"      = "339712888787"
    "eu-central-1"   = "323658145986"
    "eu-central-2"   = "529164026651"
    "eu-north-1"     = "591436053604"
    "eu-south-1"     = "266869475730"
    "eu-south-2"     = "919611009337"
    "eu-west-1"      = "694911143906"
    "eu-west-2"      = "892757235363"
    "eu-west-3"      = "665651866788"
    "il-central-1"   = "870907303882"
    "me-central-1"   = "000014521398"
    "me-south-1"     = "536382113932"
    "mx-central-1"   = "311141559934"
    "sa-east-1"      = "758426053663"
    "us-east-1"      = "593207742271"
    "us-east-2"      = "307168627858"
    "us-gov-east-1"  = "383115532789"
    "us-gov-west-1"  = "383110348953"
    "us-west-1"      = "684579721401"
    "us-west-2"      = "733349766148"
  }
  guardduty_agent_repository_arns = var.guardduty_agent_pull && contains(keys(local.guardduty_agent_accounts), local.region) ? [
    "arn:${local.partition}:ecr:${local.region}:${local.guardduty_agent_accounts[local.region]}:repository/aws-guardduty-agent-fargate",
  ] : []

  family = contains(["postgres", "aurora-postgresql"], var.engine) ? "postgres" : (var.engine == "mariadb" ? "mariadb" : "mysql")

  # PostgreSQL: the users share one group role that owns what they create (ALTER ROLE ... SET role), so every
  # workload reads and writes the same tables; rds_iam makes the login IAM-only.
  group = "${var.db_name}_rw"
  postgres_sql = join("\n", concat(
    [
      "DO $do$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${local.group}') THEN CREATE ROLE ${local.group} NOLOGIN; END IF; END $do$;",
      "GRANT CONNECT, TEMPORARY ON DATABASE ${var.db_name} TO ${local.group};",
      "GRANT USAGE, CREATE ON SCHEMA public TO ${local.group};",
    ],
    flatten([for u in var.users : [
      "DO $do$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${u}') THEN CREATE ROLE ${u} LOGIN; END IF; END $do$;",
      "GRANT rds_iam TO ${u};",
      "GRANT ${local.group} TO ${u};",
      "ALTER ROLE ${u} SET role = '${local.group}';",
    ]]),
  ))

  # MySQL and MariaDB: AWSAuthenticationPlugin makes the login IAM-only; TLS is required.
  mysql_sql = join("\n", flatten([for u in var.users : [
    "CREATE USER IF NOT EXISTS '${u}'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL;",
    "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES, CREATE TEMPORARY TABLES, LOCK TABLES, CREATE VIEW, SHOW VIEW, TRIGGER, EXECUTE, CREATE ROUTINE, ALTER ROUTINE ON `${var.db_name}`.* TO '${u}'@'%';",
  ]]))

  clients = {
    postgres = {
      command = "psql -v ON_ERROR_STOP=1 -c \"$IACF_SQL\""
      sql     = local.postgres_sql
      environment = {
        PGHOST     = var.db_address
        PGPORT     = tostring(var.db_port)
        PGDATABASE = var.db_name
        PGSSLMODE  = "require"
      }
      secrets = { PGUSER = "username", PGPASSWORD = "password" }
    }
    mysql = {
      command     = "mysql --ssl-mode=REQUIRED --host=\"$DB_HOST\" --port=\"$DB_PORT\" --user=\"$DB_MASTER_USER\" --database=\"$DB_NAME\" --execute=\"$IACF_SQL\""
      sql         = local.mysql_sql
      environment = { DB_HOST = var.db_address, DB_PORT = tostring(var.db_port), DB_NAME = var.db_name }
      secrets     = { DB_MASTER_USER = "username", MYSQL_PWD = "password" }
    }
    mariadb = {
      command     = "mariadb --ssl --host=\"$DB_HOST\" --port=\"$DB_PORT\" --user=\"$DB_MASTER_USER\" --database=\"$DB_NAME\" --execute=\"$IACF_SQL\""
      sql         = local.mysql_sql
      environment = { DB_HOST = var.db_address, DB_PORT = tostring(var.db_port), DB_NAME = var.db_name }
      secrets     = { DB_MASTER_USER = "username", MYSQL_PWD = "password" }
    }
  }
  client      = local.clients[local.family]
  environment = merge(local.client.environment, { IACF_SQL = local.client.sql })

  container_definition = {
    name                   = "db-users"
    image                  = var.client_image
    essential              = true
    user                   = "65534:65534"
    readonlyRootFilesystem = true
    entryPoint             = ["sh", "-c"]
    command                = [local.client.command]
    environment            = [for k in sort(keys(local.environment)) : { name = k, value = local.environment[k] }]
    secrets = [
      for k in sort(keys(local.client.secrets)) : { name = k, valueFrom = "${var.master_secret_arn}:${local.client.secrets[k]}::" }
    ]
    linuxParameters = {
      capabilities = {
        drop = ["ALL"]
      }
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = local.region
        awslogs-stream-prefix = "db-users"
        mode                  = "non-blocking"
        max-buffer-size       = "4m"
      }
    }
  }
}

# ---------------------------------------------------------------------------------------------------------
# Logs and cluster (the task runs on demand: the cluster costs nothing while no task runs)
# ---------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}-db-users"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn

  tags = merge(var.tags, { Name = "/ecs/${var.name}-db-users" })
}

resource "aws_ecs_cluster" "this" {
  name = "${var.name}-db-admin"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  # ECS Exec is never enabled on the task; should it be, sessions are encrypted and recorded.
  configuration {
    execute_command_configuration {
      kms_key_id = var.log_kms_key_arn
      logging    = "OVERRIDE"

      log_configuration {
        cloud_watch_encryption_enabled = true
        cloud_watch_log_group_name     = aws_cloudwatch_log_group.this.name
      }
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-db-admin" })
}

# ---------------------------------------------------------------------------------------------------------
# IAM: the execution role reads the master secret (and nothing else secret); the task has no role at all
# ---------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "assume" {
  statement {
    sid     = "EcsTasksAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name_prefix          = "${substr(var.name, 0, 25)}-dbusers-"
  description          = "Starts the database-users task of ${var.name}: writes its log group, reads the master secret"
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  permissions_boundary = var.permissions_boundary_arn

  tags = merge(var.tags, { Name = "${var.name}-db-users" })
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "WriteToThisLogGroupOnly"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  statement {
    sid       = "ReadTheMasterSecretOnly"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.master_secret_arn]
  }

  statement {
    sid       = "DecryptTheMasterSecretThroughSecretsManagerOnly"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [var.master_secret_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${local.region}.amazonaws.com"]
    }
  }

  # GuardDuty Runtime Monitoring adds its agent as a sidecar container to every task when the account's automated
  # agent configuration for ECS Fargate is on; the task starts only if this role can pull that image.
  dynamic "statement" {
    for_each = length(local.guardduty_agent_repository_arns) > 0 ? [1] : []
    content {
      sid    = "EcrAuthorizationToken"
      effect = "Allow"
      # GetAuthorizationToken does not support resource-level permissions: "*" is the only valid resource.
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = length(local.guardduty_agent_repository_arns) > 0 ? [1] : []
    content {
      sid    = "PullTheGuardDutyAgentOnly"
      effect = "Allow"
      actions = [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
      ]
      resources = local.guardduty_agent_repository_arns
    }
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "least-privilege-execution"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# Only this task's execution role and the break-glass roles read the master password; AWS services and their
# service-linked roles (RDS rotates the secret) are not concerned. An administrator who must read it anyway
# changes this policy first, which CloudTrail records.
resource "aws_secretsmanager_secret_policy" "master" {
  secret_arn          = var.master_secret_arn
  block_public_policy = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OnlyTheDatabaseUsersTaskReadsTheMasterPassword"
      Effect    = "Deny"
      Principal = "*"
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
      Condition = {
        ArnNotLike = {
          "aws:PrincipalArn" = concat([aws_iam_role.execution.arn], var.break_glass_role_arns, [
            "arn:${local.partition}:iam::${local.account_id}:role/aws-service-role/*",
          ])
        }
        BoolIfExists = { "aws:PrincipalIsAWSService" = "false" }
      }
    }]
  })
}

# ---------------------------------------------------------------------------------------------------------
# Network: HTTPS to pull the client image (through the NAT gateway), the database port to the database only
# ---------------------------------------------------------------------------------------------------------

resource "aws_security_group" "this" {
  #checkov:skip=CKV2_AWS_5:The one-off database-users task is given this group when it is run (aws ecs run-task, output run_task_command); no resource holds it in between.
  name_prefix = "${var.name}-db-users-"
  description = "Database-users task of ${var.name}: to the database port and HTTPS only, nothing inbound"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-db-users" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.this.id
  description       = "HTTPS to the image registry and AWS APIs through the NAT gateway"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = merge(var.tags, { Name = "${var.name}-db-users-to-https" })
}

resource "aws_vpc_security_group_egress_rule" "database" {
  security_group_id            = aws_security_group.this.id
  description                  = "To the database on its port"
  ip_protocol                  = "tcp"
  from_port                    = var.db_port
  to_port                      = var.db_port
  referenced_security_group_id = var.db_security_group_id

  tags = merge(var.tags, { Name = "${var.name}-db-users-to-db" })
}

resource "aws_vpc_security_group_ingress_rule" "database" {
  security_group_id            = var.db_security_group_id
  description                  = "From the database-users task"
  ip_protocol                  = "tcp"
  from_port                    = var.db_port
  to_port                      = var.db_port
  referenced_security_group_id = aws_security_group.this.id

  tags = merge(var.tags, { Name = "${var.name}-db-from-db-users" })
}

# ---------------------------------------------------------------------------------------------------------
# The task
# ---------------------------------------------------------------------------------------------------------

resource "aws_ecs_task_definition" "this" {
  family                   = "${var.name}-db-users"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions    = jsonencode([local.container_definition])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  tags = merge(var.tags, { Name = "${var.name}-db-users" })

  # the secret must be readable before a task starts
  depends_on = [aws_iam_role_policy.execution]
}
