"""The aurora module's Aurora MySQL logs: Advanced Auditing records connections, privilege and schema changes
(server_audit_events = CONNECT,QUERY_DCL,QUERY_DDL; without it the exported audit log would hold nothing), not the
statements on data; the general log (every statement with its data literals) is off unless asked, and exported only
then; Aurora PostgreSQL is unchanged. data/sizing.yaml states the exported logs, and the decision names them."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from iacf_aws.kinds.relational_database import AURORA_MYSQL_AUDIT_EVENTS
from iacf_aws.sizing import sizing
from iacf_core.testing import run_cli
from iacf_core.toolkit.hcl import load_text

REQUEST = "A Django app with Aurora MySQL in prod on AWS"
MODULES = Path(str(files("iacf_aws"))) / "templates" / "modules"

LOGS_TEST = """
mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}" }
  }
  mock_data "aws_service_principal" {
    defaults = { region = "eu-west-3" }
  }
}

variables {
  identifier                     = "test-prod"
  engine                         = "aurora-mysql"
  engine_version                 = "8.0.mysql_aurora.3.10.4"
  auto_minor_version_upgrade     = false
  instance_class                 = "db.r7g.large"
  instance_count                 = 2
  db_name                        = "app"
  backup_retention_period        = 30
  deletion_protection            = true
  skip_final_snapshot            = false
  storage_kms_key_arn            = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
  master_user_secret_kms_key_arn = "arn:aws:kms:eu-west-3:123456789012:key/66666666-7777-8888-9999-000000000000"
  vpc_id                         = "vpc-0123456789abcdef0"
  db_subnet_group_name           = "test-prod-db"
  log_retention_in_days          = 365
  log_kms_key_arn                = "arn:aws:kms:eu-west-3:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
  event_topic_arn                = "arn:aws:sns:eu-west-3:123456789012:test-prod-notifications"
}

run "audit_without_data_general_log_off" {
  command = plan

  assert {
    condition = (toset(aws_rds_cluster.this.enabled_cloudwatch_logs_exports)
    == toset(["audit", "error", "slowquery"]))
    error_message = "the audit, error and slow query logs are exported, the general log is not"
  }
  assert {
    condition     = toset(keys(aws_cloudwatch_log_group.this)) == toset(["audit", "error", "slowquery"])
    error_message = "a log group per exported log"
  }
  assert {
    condition = (
      [for p in aws_rds_cluster_parameter_group.this.parameter : p.value if p.name == "server_audit_events"]
      == ["CONNECT,QUERY_DCL,QUERY_DDL"]
    )
    error_message = "Advanced Auditing records connections, DCL and DDL, and nothing else"
  }
  assert {
    condition = length(setintersection(
      toset([for p in aws_rds_cluster_parameter_group.this.parameter : "${p.name}=${p.value}"]),
      toset(["server_audit_logging=1", "general_log=0", "slow_query_log=1"]))) == 3
    error_message = "audit logging on, the general log off, the slow query log on"
  }
}

run "general_log_on_request" {
  command = plan

  variables {
    general_log_enabled = true
  }

  assert {
    condition = (toset(aws_rds_cluster.this.enabled_cloudwatch_logs_exports)
    == toset(["audit", "error", "general", "slowquery"]))
    error_message = "the general log, once written, is exported"
  }
  assert {
    condition     = contains(keys(aws_cloudwatch_log_group.this), "general")
    error_message = "the general log gets its encrypted log group"
  }
  assert {
    condition = contains([for p in aws_rds_cluster_parameter_group.this.parameter : "${p.name}=${p.value}"],
    "general_log=1")
    error_message = "general_log_enabled turns the general log on"
  }
}

run "postgresql_unchanged" {
  command = plan

  variables {
    engine                     = "aurora-postgresql"
    engine_version             = "16"
    auto_minor_version_upgrade = true
    general_log_enabled        = true
  }

  assert {
    condition     = aws_rds_cluster.this.enabled_cloudwatch_logs_exports == toset(["postgresql"])
    error_message = "Aurora PostgreSQL exports its log only"
  }
  assert {
    condition = length([for p in aws_rds_cluster_parameter_group.this.parameter : p
    if startswith(p.name, "server_audit") || p.name == "general_log"]) == 0
    error_message = "no MySQL logging parameter on PostgreSQL"
  }
}
"""


def _module_block(main_tf: str, name: str) -> dict:
    return next(block[name] for block in load_text(main_tf)["module"] if name in block)


@pytest.mark.terraform
def test_generated_aurora_mysql_audits_without_data_and_keeps_the_general_log_off(tmp_path, module_test):
    out = tmp_path / "out"
    res = run_cli("generate", REQUEST, "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    db = _module_block((out / "main.tf").read_text(), "db")
    assert db["source"] == "./modules/aurora" and db["engine"] == "aurora-mysql"
    assert "general_log_enabled" not in db  # the module's default (off) applies
    module_test(out / "modules" / "aurora", "logs.tftest.hcl", LOGS_TEST)


def test_sizing_states_the_logs_the_modules_export():
    engines = sizing()["engines"]
    for module, names in (("rds", ("postgres", "mysql", "mariadb")),
                          ("aurora", ("aurora-postgresql", "aurora-mysql"))):
        doc = load_text((MODULES / module / "main.tf").read_text())
        defaults = next(b["engine_defaults"] for b in doc["locals"] if "engine_defaults" in b)
        for name in names:
            assert engines[name]["log_exports"] == defaults[name]["log_exports"], name
            assert "general" not in engines[name]["log_exports"]  # exported only when general_log_enabled
    aurora_mysql = next(b["engine_defaults"] for b in load_text((MODULES / "aurora" / "main.tf").read_text())["locals"]
                        if "engine_defaults" in b)["aurora-mysql"]["parameters"]
    assert aurora_mysql["server_audit_logging"] == "1"
    assert aurora_mysql["server_audit_events"] == AURORA_MYSQL_AUDIT_EVENTS == "CONNECT,QUERY_DCL,QUERY_DDL"
    assert aurora_mysql["general_log"] == '${var.general_log_enabled ? "1" : "0"}'


def _observability(out: Path) -> tuple[str, str]:
    decisions = (out / "DECISIONS.md").read_text()
    section = decisions.split("### `aws.db.observability`", 1)[1].split("\n### ", 1)[0]
    fields = dict(line[4:].split(":** ", 1) for line in section.splitlines() if line.startswith("- **"))
    return fields["Why"], fields.get("Alternatives considered", "")


def test_the_decision_says_what_the_aurora_mysql_logs_record(tmp_path):
    out = tmp_path / "out"
    res = run_cli("generate", REQUEST, "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    why, alternatives = _observability(out)
    assert "Exported: the audit log, the error log and the slow query log (statements over 1 s)." in why
    assert "server_audit_events = CONNECT,QUERY_DCL,QUERY_DDL" in why
    assert "does not record reads or changes of data" in why and "(QUERY_DML) are not audited" in why
    assert "The general log" in why and "is off" in why and "general_log_enabled" in why
    assert "MARIADB_AUDIT_PLUGIN" not in why  # the RDS MySQL text does not apply to Aurora
    assert "QUERY_DML audited (every statement and its data literals)" in alternatives


def test_the_decision_for_aurora_postgresql_names_no_mysql_log(tmp_path):
    out = tmp_path / "out"
    res = run_cli("generate", "A Django app with Aurora PostgreSQL in dev on AWS", "--out", str(out),
                  "--no-validate")
    assert res.exit_code == 0, res.stderr
    why, alternatives = _observability(out)
    assert "audit" not in why and "general log" not in why and "QUERY_DML" not in alternatives
