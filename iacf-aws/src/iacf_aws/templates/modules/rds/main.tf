# Amazon RDS instance (PostgreSQL, MySQL or MariaDB; the engine-specific bits live in local.engine_defaults):
# private, encrypted with a CMK, master password generated and stored by RDS in Secrets Manager, TLS enforced
# by the parameter group, IAM authentication, backups, Performance Insights, enhanced monitoring and log exports
# to KMS-encrypted log groups created here with a retention.

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

# Region of the provider, without the aws_region data source (its `name` is deprecated in provider 6.x).
data "aws_service_principal" "rds" {
  service_name = "rds"
}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_service_principal.rds.region

  # the first two parts of engine_version (8.0 of 8.0 or 8.0.40, 16 of 16): the MySQL and MariaDB major version
  version_parts = split(".", var.engine_version)
  major_2_parts = join(".", slice(local.version_parts, 0, min(2, length(local.version_parts))))

  engine_defaults = {
    postgres = {
      port        = 5432
      family      = "postgres${split(".", var.engine_version)[0]}"
      log_exports = ["postgresql", "upgrade"]
      parameters = {
        "rds.force_ssl"              = "1"
        "log_connections"            = "1"
        "log_disconnections"         = "1"
        "log_statement"              = "ddl"
        "log_min_duration_statement" = "1000"
      }
    }
    # MySQL and MariaDB: the logs are written to files (log_output = FILE), the only output RDS exports to
    # CloudWatch Logs. The general log records every statement with its data literals: off unless
    # general_log_enabled. No audit log: it needs the MARIADB_AUDIT_PLUGIN option group, which this module does
    # not create, so exporting "audit" would export nothing.
    mysql = {
      port        = 3306
      family      = "mysql${local.major_2_parts}"
      log_exports = ["error", "slowquery"]
      parameters = {
        "require_secure_transport" = "ON"
        "log_output"               = "FILE"
        "general_log"              = var.general_log_enabled ? "1" : "0"
        "slow_query_log"           = "1"
        "long_query_time"          = "1"
      }
    }
    mariadb = {
      port        = 3306
      family      = "mariadb${local.major_2_parts}"
      log_exports = ["error", "slowquery"]
      parameters = {
        "require_secure_transport" = "ON"
        "log_output"               = "FILE"
        "general_log"              = var.general_log_enabled ? "1" : "0"
        "slow_query_log"           = "1"
        "long_query_time"          = "1"
      }
    }
  }

  engine     = local.engine_defaults[var.engine]
  port       = coalesce(var.port, local.engine.port)
  parameters = merge(local.engine.parameters, var.parameters)
  # the logs the instance writes, and only those, are exported (the general log when turned on, by
  # general_log_enabled or a general_log parameter)
  log_exports = concat(local.engine.log_exports, lookup(local.parameters, "general_log", "0") == "1" ? ["general"] : [])
}

# ---------------------------------------------------------------------------------------------------------
# Security group (no rules here: see the security_group_rules module; no egress at all)
# ---------------------------------------------------------------------------------------------------------

resource "aws_security_group" "this" {
  name_prefix = "${var.identifier}-db-"
  description = "Database ${var.identifier}: ${var.engine} from the application only, no egress"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.identifier}-db" })

  lifecycle {
    create_before_destroy = true
  }
}

# ---------------------------------------------------------------------------------------------------------
# Parameter group
# ---------------------------------------------------------------------------------------------------------

resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.identifier}-"
  description = "${var.identifier}: TLS enforced, connection and statement logging"
  family      = coalesce(var.parameter_group_family, local.engine.family)

  dynamic "parameter" {
    for_each = local.parameters
    content {
      name         = parameter.key
      value        = parameter.value
      apply_method = "immediate"
    }
  }

  tags = merge(var.tags, { Name = var.identifier })

  lifecycle {
    create_before_destroy = true
  }
}

# ---------------------------------------------------------------------------------------------------------
# Log groups for the exported logs (created here so that they are encrypted and have a retention; RDS would
# otherwise create them unencrypted with infinite retention).
# ---------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "this" {
  for_each = toset(local.log_exports)

  name              = "/aws/rds/instance/${var.identifier}/${each.value}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn

  tags = merge(var.tags, { Name = "/aws/rds/instance/${var.identifier}/${each.value}" })
}

# ---------------------------------------------------------------------------------------------------------
# Enhanced monitoring role
# ---------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "monitoring_assume" {
  statement {
    sid     = "RdsMonitoringAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }

    # confused deputy: RDS names the account and the instance it monitors for
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:rds:${local.region}:${local.account_id}:db:${var.identifier}"]
    }
  }
}

resource "aws_iam_role" "monitoring" {
  name_prefix        = "${substr(var.identifier, 0, 26)}-rds-mon-"
  description        = "RDS enhanced monitoring of ${var.identifier}"
  assume_role_policy = data.aws_iam_policy_document.monitoring_assume.json

  permissions_boundary = var.permissions_boundary_arn

  tags = merge(var.tags, { Name = "${var.identifier}-rds-monitoring" })
}

# AWS-managed, scoped to the RDSOSMetrics log group: the policy AWS documents for enhanced monitoring.
resource "aws_iam_role_policy_attachment" "monitoring" {
  role       = aws_iam_role.monitoring.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

# ---------------------------------------------------------------------------------------------------------
# Instance
# ---------------------------------------------------------------------------------------------------------

# engine_version is a major version (16, 8.0) whose minor version AWS chooses and upgrades in the maintenance
# window: the provider keeps the prefix in the state (the running version is engine_version_actual), so an
# upgrade is not drift. A full version (16.4) is pinned, with auto_minor_version_upgrade = false.
resource "aws_db_instance" "this" {
  identifier     = var.identifier
  engine         = var.engine
  engine_version = var.engine_version
  instance_class = var.instance_class
  db_name        = var.db_name
  port           = local.port

  username                      = var.master_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.master_user_secret_kms_key_arn

  iam_database_authentication_enabled = true

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.storage_kms_key_arn

  multi_az               = var.multi_az
  db_subnet_group_name   = var.db_subnet_group_name
  vpc_security_group_ids = [aws_security_group.this.id]
  publicly_accessible    = false
  network_type           = "IPV4"
  ca_cert_identifier     = var.ca_cert_identifier
  parameter_group_name   = aws_db_parameter_group.this.name

  backup_retention_period   = var.backup_retention_period
  backup_window             = var.backup_window
  maintenance_window        = var.maintenance_window
  copy_tags_to_snapshot     = true
  delete_automated_backups  = false
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = var.skip_final_snapshot ? null : "${var.identifier}-final"

  auto_minor_version_upgrade  = var.auto_minor_version_upgrade
  allow_major_version_upgrade = false
  apply_immediately           = var.apply_immediately

  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.storage_kms_key_arn
  performance_insights_retention_period = var.performance_insights_retention_period

  monitoring_interval = var.monitoring_interval
  monitoring_role_arn = aws_iam_role.monitoring.arn

  enabled_cloudwatch_logs_exports = local.log_exports

  tags = merge(var.tags, { Name = var.identifier })

  depends_on = [
    aws_cloudwatch_log_group.this,
    aws_iam_role_policy_attachment.monitoring,
  ]

  lifecycle {
    precondition {
      condition     = var.max_allocated_storage > var.allocated_storage
      error_message = "max_allocated_storage must be greater than allocated_storage (storage autoscaling)."
    }
  }
}

# ---------------------------------------------------------------------------------------------------------
# Event notifications to the operators' topic: availability, failures and failovers, low storage, maintenance
# and configuration changes of the instance and of its parameter group.
# ---------------------------------------------------------------------------------------------------------

resource "aws_db_event_subscription" "instance" {
  name        = "${var.identifier}-instance"
  sns_topic   = var.event_topic_arn
  source_type = "db-instance"
  source_ids  = [aws_db_instance.this.identifier]
  event_categories = [
    "availability",
    "configuration change",
    "deletion",
    "failover",
    "failure",
    "low storage",
    "maintenance",
    "notification",
    "recovery",
    "restoration",
  ]

  tags = merge(var.tags, { Name = "${var.identifier}-instance" })
}

resource "aws_db_event_subscription" "parameters" {
  name             = "${var.identifier}-parameters"
  sns_topic        = var.event_topic_arn
  source_type      = "db-parameter-group"
  source_ids       = [aws_db_parameter_group.this.name]
  event_categories = ["configuration change"]

  tags = merge(var.tags, { Name = "${var.identifier}-parameters" })
}
