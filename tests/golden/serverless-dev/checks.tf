# Reviewer invariants, evaluated at every plan and apply against the deployed resources. A failing check is
# reported as a warning: it never blocks an apply, it tells the reviewer the deployment drifted from the
# decisions of this environment (DECISIONS.md).

check "db_hardening" {
  data "aws_rds_cluster" "db" {
    cluster_identifier = module.db.identifier
  }

  assert {
    condition     = data.aws_rds_cluster.db.storage_encrypted
    error_message = "The Aurora cluster storage is not encrypted."
  }

  assert {
    condition     = data.aws_rds_cluster.db.backup_retention_period >= 7
    error_message = "The Aurora backup retention is shorter than decided for this environment (7 days)."
  }
}

check "db_deletion_protection" {
  assert {
    condition     = module.db.deletion_protection == false
    error_message = "RDS deletion protection differs from the decision for this environment (false)."
  }
}

check "table_deletion_protection" {
  assert {
    condition     = aws_dynamodb_table.table.deletion_protection_enabled == false
    error_message = "DynamoDB deletion protection differs from the decision for this environment (false)."
  }
}
