# Containerised web service on ECS Fargate: ECR repository, cluster, KMS-encrypted log group, task
# definition (read-only root filesystem, non-root user, secrets from Secrets Manager), service in private
# subnets behind an ALB target group, its security group (rules in security_group_rules), least-privilege
# IAM roles and optional CPU target-tracking autoscaling.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# Regional CloudWatch Logs information without the aws_region data source (deprecated `name` in 6.x).
data "aws_service_principal" "logs" {
  service_name = "logs"
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_service_principal.logs.region

  image = "${aws_ecr_repository.this.repository_url}:${var.image_tag}"

  # Secrets Manager ARNs the execution role may read: exactly the secrets referenced by the container.
  secret_arns = distinct([for s in values(var.secrets) : s.secret_arn])

  # The AWS account that hosts GuardDuty's Fargate agent image (repository aws-guardduty-agent-fargate) in each
  # region, as AWS lists them ("Amazon ECR repository hosting GuardDuty agent", GuardDuty User Guide). A region
  # missing here gets no statement: add its account from that page.
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

  # One task-level scratch volume per writable path (the root filesystem is read-only).
  writable_volumes = { for i, p in var.writable_paths : "scratch-${i}" => p }

  container_definition = merge(
    {
      name                   = var.container_name
      image                  = local.image
      essential              = true
      user                   = var.container_user
      readonlyRootFilesystem = true
      portMappings = [
        {
          containerPort = var.container_port
          hostPort      = var.container_port
          protocol      = "tcp"
        }
      ]
      environment = [for k in sort(keys(var.environment)) : { name = k, value = var.environment[k] }]
      secrets = [
        for k in sort(keys(var.secrets)) : {
          name      = k
          valueFrom = var.secrets[k].json_key == null ? var.secrets[k].secret_arn : "${var.secrets[k].secret_arn}:${var.secrets[k].json_key}::"
        }
      ]
      mountPoints = [
        for v in sort(keys(local.writable_volumes)) : {
          sourceVolume  = v
          containerPath = local.writable_volumes[v]
          readOnly      = false
        }
      ]
      linuxParameters = {
        initProcessEnabled = true
        capabilities = {
          drop = ["ALL"]
        }
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = local.region
          awslogs-stream-prefix = var.container_name
          # a slow CloudWatch Logs never blocks the application's writes to stdout/stderr: lines beyond the
          # buffer are dropped (and counted) instead of stalling requests
          mode            = "non-blocking"
          max-buffer-size = var.log_buffer_size
        }
      }
    },
    var.command == null ? {} : { command = var.command },
  )
}

# ---------------------------------------------------------------------------------------------------------
# Image registry
# ---------------------------------------------------------------------------------------------------------

resource "aws_ecr_repository" "this" {
  name                 = var.name
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.ecr_force_delete

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.ecr_kms_key_arn
  }

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_ecr_lifecycle_policy" "this" {
  repository = aws_ecr_repository.this.name

  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Expire untagged images after ${var.ecr_untagged_expiry_days} days"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = var.ecr_untagged_expiry_days
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the ${var.ecr_image_retention_count} most recent images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = var.ecr_image_retention_count
        }
        action = { type = "expire" }
      },
    ]
  })
}

# ---------------------------------------------------------------------------------------------------------
# Logs and cluster
# ---------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn

  tags = merge(var.tags, { Name = "/ecs/${var.name}" })
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  # ECS Exec is disabled on the service; should it ever be enabled, sessions are encrypted with the logs
  # key and recorded in the (encrypted) service log group.
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

  tags = merge(var.tags, { Name = var.name })
}

# ---------------------------------------------------------------------------------------------------------
# IAM
# ---------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "assume_ecs_tasks" {
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

# Execution role: used by the ECS agent to pull the image, write logs and inject secrets.
resource "aws_iam_role" "execution" {
  name_prefix        = "${substr(var.name, 0, 27)}-exec-"
  description        = "ECS task execution role of ${var.name}: pull from its ECR repository, write its log group, read its secrets"
  assume_role_policy = data.aws_iam_policy_document.assume_ecs_tasks.json

  permissions_boundary = var.permissions_boundary_arn

  tags = merge(var.tags, { Name = "${var.name}-execution" })
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid    = "EcrAuthorizationToken"
    effect = "Allow"
    # GetAuthorizationToken does not support resource-level permissions: "*" is the only valid resource.
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid    = "PullFromThisRepositoryOnly"
    effect = "Allow"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
    ]
    resources = [aws_ecr_repository.this.arn]
  }

  # GuardDuty Runtime Monitoring adds its agent as a sidecar container to every task when the account's automated
  # agent configuration for ECS Fargate is on; the task starts only if this role can pull that image.
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

  statement {
    sid    = "WriteToThisLogGroupOnly"
    effect = "Allow"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  dynamic "statement" {
    for_each = length(local.secret_arns) > 0 ? [1] : []
    content {
      sid       = "ReadTheContainerSecretsOnly"
      effect    = "Allow"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = local.secret_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.secrets_kms_key_arns) > 0 ? [1] : []
    content {
      sid       = "DecryptTheSecretsKeysThroughSecretsManagerOnly"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = var.secrets_kms_key_arns

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.region}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "least-privilege-execution"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# Task role: the identity of the application itself. No permissions unless task_role_policy_json is given.
resource "aws_iam_role" "task" {
  name_prefix        = "${substr(var.name, 0, 27)}-task-"
  description        = "ECS task role of ${var.name} (application identity)"
  assume_role_policy = data.aws_iam_policy_document.assume_ecs_tasks.json

  permissions_boundary = var.permissions_boundary_arn

  tags = merge(var.tags, { Name = "${var.name}-task" })
}

resource "aws_iam_role_policy" "task" {
  count = var.task_role_policy_json == null ? 0 : 1

  name   = "application"
  role   = aws_iam_role.task.id
  policy = var.task_role_policy_json
}

# ---------------------------------------------------------------------------------------------------------
# Security group (no rules here: see the security_group_rules module)
# ---------------------------------------------------------------------------------------------------------

resource "aws_security_group" "this" {
  name_prefix = "${var.name}-app-"
  description = "Tasks of ${var.name}: from the ALB only; to HTTPS endpoints and the database"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-app" })

  lifecycle {
    create_before_destroy = true
  }
}

# ---------------------------------------------------------------------------------------------------------
# Task definition and service
# ---------------------------------------------------------------------------------------------------------

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode([local.container_definition])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  dynamic "volume" {
    for_each = sort(keys(local.writable_volumes))
    content {
      name = volume.value
    }
  }

  tags = merge(var.tags, { Name = var.name })
}

# Created once the load balancer forwards to the target group (service_enabled): ECS refuses a target group no
# listener uses. The repository, cluster, roles and task definition exist before, so an image can be pushed.
resource "aws_ecs_service" "this" {
  count = var.service_enabled ? 1 : 0

  name                               = var.name
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.this.arn
  desired_count                      = var.desired_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  scheduling_strategy                = "REPLICA"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = var.health_check_grace_period_seconds
  enable_execute_command             = false
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"
  availability_zone_rebalancing      = "ENABLED"
  wait_for_steady_state              = false

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.this.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = var.container_name
    container_port   = var.container_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  tags = merge(var.tags, { Name = var.name })

  # The execution role must be able to pull and read secrets before the first task starts, and must keep
  # those permissions until the last task has stopped on destroy.
  depends_on = [aws_iam_role_policy.execution]

  lifecycle {
    # With autoscaling, Application Auto Scaling owns the running count: desired_count is the initial value
    # and later applies must not reset a scaled-out service (README: "desired_count").
    ignore_changes = [desired_count]
  }
}

# ---------------------------------------------------------------------------------------------------------
# Autoscaling (CPU target tracking)
# ---------------------------------------------------------------------------------------------------------

resource "aws_appautoscaling_target" "this" {
  count = var.autoscaling_enabled && var.service_enabled ? 1 : 0

  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this[0].name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_capacity
  max_capacity       = var.max_capacity

  tags = merge(var.tags, { Name = var.name })

  lifecycle {
    precondition {
      condition     = var.min_capacity <= var.desired_count && var.desired_count <= var.max_capacity
      error_message = "Autoscaling needs min_capacity <= desired_count <= max_capacity."
    }
  }
}

resource "aws_appautoscaling_policy" "cpu" {
  count = var.autoscaling_enabled && var.service_enabled ? 1 : 0

  name               = "${var.name}-cpu-target-tracking"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  resource_id        = aws_appautoscaling_target.this[0].resource_id
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_value
    scale_in_cooldown  = var.scale_in_cooldown
    scale_out_cooldown = var.scale_out_cooldown

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
