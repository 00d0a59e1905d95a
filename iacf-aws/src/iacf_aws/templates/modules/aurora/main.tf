# Amazon Aurora cluster (PostgreSQL- or MySQL-compatible): private, encrypted with a CMK, master password
# generated and stored by RDS in Secrets Manager, TLS enforced by the cluster parameter group, IAM
# authentication, backups, Performance Insights, enhanced monitoring and log exports to KMS-encrypted log
# groups created here with a retention. One writer, plus readers in other AZs when instance_count > 1.

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

  engine_defaults = {
    aurora-postgresql = {
      port        = 5432
      family      = "aurora-postgresql${split(".", var.engine_version)[0]}"
      log_exports = ["postgresql"]
      parameters = {
        "rds.force_ssl"              = "1"
        "log_connections"            = "1"
        "log_disconnections"         = "1"
        "log_statement"              = "ddl"
        "log_min_duration_statement" = "1000"
      }
    }
    # Aurora MySQL: Advanced Auditing (cluster-level parameters; without server_audit_events the audit log
    # records nothing) records connections, disconnections and failed logins (CONNECT), grants and user changes
    # (QUERY_DCL) and schema changes (QUERY_DDL). Statements that read or write data (QUERY_DML, which would log
    # each of them with its data literals) and the tables they touch (TABLE) are not audited. The general log
    # records every statement with its data literals too: off unless general_log_enabled.
    aurora-mysql = {
      port        = 3306
      family      = "aurora-mysql${join(".", slice(split(".", var.engine_version), 0, 1))}.0"
      log_exports = ["audit", "error", "slowquery"]
      parameters = {
        "require_secure_transport" = "ON"
        "server_audit_logging"     = "1"
        "server_audit_events"      = "CONNECT,QUERY_DCL,QUERY_DDL"
        "general_log"              = var.general_log_enabled ? "1" : "0"
        "slow_query_log"           = "1"
        "long_query_time"          = "1"
      }
    }
  }

  engine = local.engine_defaults[var.engine]
  port   = local.engine.port
  # the logs the cluster writes, and only those, are exported (the general log when general_log_enabled)
  log_exports = concat(local.engine.log_exports, lookup(local.engine.parameters, "general_log", "0") == "1" ? ["general"] : [])
}

# ---------------------------------------------------------------------------------------------------------
# Security group (no rules here: the callers add ingress from their security groups; no egress at all)
# ---------------------------------------------------------------------------------------------------------

resource "aws_security_group" "this" {
  name_prefix = "${var.identifier}-db-"
  description = "Aurora cluster ${var.identifier}: ${var.engine} from the application only, no egress"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.identifier}-db" })

  lifecycle {
    create_before_destroy = true
  }
}

# ---------------------------------------------------------------------------------------------------------
# Cluster parameter group
# ---------------------------------------------------------------------------------------------------------

resource "aws_rds_cluster_parameter_group" "this" {
  name_prefix = "${var.identifier}-"
  description = "${var.identifier}: TLS enforced, connection and statement logging"
  family      = local.engine.family

  dynamic "parameter" {
    for_each = local.engine.parameters
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
# Log groups for the exported logs (encrypted, with a retention; RDS would create them without either)
# ---------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "this" {
  for_each = toset(local.log_exports)

  name              = "/aws/rds/cluster/${var.identifier}/${each.value}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn

  tags = merge(var.tags, { Name = "/aws/rds/cluster/${var.identifier}/${each.value}" })
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
      values   = ["arn:${local.partition}:rds:${local.region}:${local.account_id}:db:${var.identifier}-*"]
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
# Cluster and instances
# ---------------------------------------------------------------------------------------------------------

# engine_version is a major version for aurora-postgresql (16) whose minor version AWS chooses and upgrades in
# the maintenance window: the provider keeps the prefix in the state (the running version is
# engine_version_actual), so an upgrade is not drift. aurora-mysql documents full versions only
# (8.0.mysql_aurora.3.10.4): they are pinned, with auto_minor_version_upgrade = false, like any full version.
resource "aws_rds_cluster" "this" {
  #checkov:skip=CKV2_AWS_8:The calling project puts the cluster in its AWS Backup plan in prod (decision aws.backup.plan); every environment keeps continuous backups (backup_retention_period days, point-in-time restore) and a final snapshot.
  #checkov:skip=CKV2_AWS_27:PostgreSQL logs DDL and every statement slower than 1 s (cluster parameter group); logging every statement would copy data values into the logs.
  cluster_identifier = var.identifier
  engine             = var.engine
  engine_version     = var.engine_version
  database_name      = var.db_name
  port               = local.port

  master_username               = var.master_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.master_user_secret_kms_key_arn

  iam_database_authentication_enabled = true

  storage_encrypted = true
  kms_key_id        = var.storage_kms_key_arn

  db_subnet_group_name            = var.db_subnet_group_name
  vpc_security_group_ids          = [aws_security_group.this.id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.this.name
  network_type                    = "IPV4"

  backup_retention_period      = var.backup_retention_period
  preferred_backup_window      = var.backup_window
  preferred_maintenance_window = var.maintenance_window
  copy_tags_to_snapshot        = true
  deletion_protection          = var.deletion_protection
  skip_final_snapshot          = var.skip_final_snapshot
  final_snapshot_identifier    = var.skip_final_snapshot ? null : "${var.identifier}-final"
  apply_immediately            = var.apply_immediately

  enabled_cloudwatch_logs_exports = local.log_exports

  tags = merge(var.tags, { Name = var.identifier })

  depends_on = [aws_cloudwatch_log_group.this]
}

resource "aws_rds_cluster_instance" "this" {
  count = var.instance_count

  # no engine_version: an Aurora instance runs its cluster's version, which the cluster manages (for Aurora the
  # instance's engine version is "not applicable" in the RDS API); repeating the cluster's major-version prefix
  # (16) here would only risk a mismatch with the version the cluster actually runs.
  identifier         = "${var.identifier}-${count.index + 1}"
  cluster_identifier = aws_rds_cluster.this.id
  engine             = aws_rds_cluster.this.engine
  instance_class     = var.instance_class

  db_subnet_group_name = var.db_subnet_group_name
  publicly_accessible  = false
  ca_cert_identifier   = var.ca_cert_identifier

  auto_minor_version_upgrade = var.auto_minor_version_upgrade
  apply_immediately          = var.apply_immediately
  copy_tags_to_snapshot      = true

  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.storage_kms_key_arn
  performance_insights_retention_period = var.performance_insights_retention_period

  monitoring_interval = var.monitoring_interval
  monitoring_role_arn = aws_iam_role.monitoring.arn

  tags = merge(var.tags, { Name = "${var.identifier}-${count.index + 1}" })

  depends_on = [aws_iam_role_policy_attachment.monitoring]
}

# ---------------------------------------------------------------------------------------------------------
# Event notifications to the operators' topic: failures, failovers and maintenance of the cluster, and
# availability and failures of each instance.
# ---------------------------------------------------------------------------------------------------------

resource "aws_db_event_subscription" "cluster" {
  name             = "${var.identifier}-cluster"
  sns_topic        = var.event_topic_arn
  source_type      = "db-cluster"
  source_ids       = [aws_rds_cluster.this.id]
  event_categories = ["deletion", "failover", "failure", "maintenance", "notification"]

  tags = merge(var.tags, { Name = "${var.identifier}-cluster" })
}

resource "aws_db_event_subscription" "instances" {
  name        = "${var.identifier}-instances"
  sns_topic   = var.event_topic_arn
  source_type = "db-instance"
  source_ids  = aws_rds_cluster_instance.this[*].identifier
  event_categories = [
    "availability",
    "configuration change",
    "deletion",
    "failover",
    "failure",
    "maintenance",
    "notification",
    "recovery",
  ]

  tags = merge(var.tags, { Name = "${var.identifier}-instances" })
}
