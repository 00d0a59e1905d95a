# Reviewer invariants, evaluated at every plan and apply against the deployed resources. A failing check is
# reported as a warning: it never blocks an apply, it tells the reviewer the deployment drifted from the
# decisions of this environment (DECISIONS.md).

check "app_no_plaintext_secrets" {
  assert {
    condition = length([
      for n in module.app.container_environment_names : n
      if can(regex("(?i)(SECRET|PASSWORD|TOKEN|PRIVATE_KEY)", n))
    ]) == 0
    error_message = "A container environment variable looks like a secret; inject it through the ECS secrets list instead."
  }
}

check "db_hardening" {
  data "aws_db_instance" "db" {
    db_instance_identifier = module.db.identifier
  }

  assert {
    condition     = data.aws_db_instance.db.storage_encrypted
    error_message = "The RDS instance storage is not encrypted."
  }

  assert {
    condition     = !data.aws_db_instance.db.publicly_accessible
    error_message = "The RDS instance is publicly accessible."
  }

  assert {
    condition     = data.aws_db_instance.db.multi_az == false
    error_message = "The RDS instance Multi-AZ setting differs from the decision for this environment (false)."
  }

  assert {
    condition     = data.aws_db_instance.db.backup_retention_period >= 7
    error_message = "The RDS backup retention is shorter than decided for this environment (7 days)."
  }
}

check "db_deletion_protection" {
  assert {
    condition     = module.db.deletion_protection == false
    error_message = "RDS deletion protection differs from the decision for this environment (false)."
  }
}

check "alb_hardening" {
  data "aws_lb" "alb" {
    arn = module.alb.arn
  }

  assert {
    condition     = data.aws_lb.alb.drop_invalid_header_fields
    error_message = "The ALB does not drop invalid HTTP header fields."
  }

  assert {
    condition     = data.aws_lb.alb.enable_deletion_protection == false
    error_message = "ALB deletion protection differs from the decision for this environment (false)."
  }

  assert {
    condition     = length([for a in data.aws_lb.alb.access_logs : a if a.enabled]) == 1
    error_message = "ALB access logging is not enabled."
  }
}
