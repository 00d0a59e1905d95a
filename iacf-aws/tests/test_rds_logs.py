"""The rds module exports the MySQL/MariaDB logs the instance writes, and only those: log_output = FILE (the
only output RDS exports), error and slow query logs; the general log (every statement with its data literals)
off unless asked, and exported only then; no audit export without the audit plugin's option group."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from iacf_core.testing import run_cli

LOGS_TEST = """
mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}" }
  }
}

variables {
  identifier                     = "test-prod-db"
  engine                         = "ENGINE"
  engine_version                 = "VERSION"
  instance_class                 = "db.t4g.medium"
  db_name                        = "app"
  allocated_storage              = 20
  max_allocated_storage          = 100
  storage_kms_key_arn            = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
  master_user_secret_kms_key_arn = "arn:aws:kms:eu-west-3:123456789012:key/66666666-7777-8888-9999-000000000000"
  multi_az                       = true
  db_subnet_group_name           = "test-prod-db"
  vpc_id                         = "vpc-0123456789abcdef0"
  backup_retention_period        = 30
  deletion_protection            = true
  skip_final_snapshot            = false
  log_retention_in_days          = 365
  log_kms_key_arn                = "arn:aws:kms:eu-west-3:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
  event_topic_arn                = "arn:aws:sns:eu-west-3:123456789012:example-prod-notifications"
}

run "general_log_off_by_default" {
  command = plan

  assert {
    condition     = toset(aws_db_instance.this.enabled_cloudwatch_logs_exports) == toset(["error", "slowquery"])
    error_message = "only the error and slow query logs are written, so only they are exported"
  }
  assert {
    condition     = toset(keys(aws_cloudwatch_log_group.this)) == toset(["error", "slowquery"])
    error_message = "a log group per exported log"
  }
  assert {
    condition = length(setintersection(
      toset([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"]),
      toset(["log_output=FILE", "general_log=0", "slow_query_log=1"]))) == 3
    error_message = "log_output must be FILE, the general log off, the slow query log on"
  }
}

run "general_log_on_request" {
  command = plan

  variables {
    general_log_enabled = true
  }

  assert {
    condition = (toset(aws_db_instance.this.enabled_cloudwatch_logs_exports)
    == toset(["error", "general", "slowquery"]))
    error_message = "the general log, once written, is exported"
  }
  assert {
    condition     = contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "general_log=1")
    error_message = "general_log_enabled turns the general log on"
  }
}
"""


@pytest.mark.terraform
@pytest.mark.parametrize(("engine", "version"), [("mysql", "8.4"), ("mariadb", "10.11")])
def test_mysql_family_exports_the_logs_it_writes(module_test, engine, version):
    module_test(Path(str(files("iacf_aws"))) / "templates" / "modules" / "rds", "logs.tftest.hcl",
                LOGS_TEST.replace("ENGINE", engine).replace("VERSION", version))


def test_the_decision_says_what_the_mysql_logs_record(tmp_path):
    out = tmp_path / "out"
    res = run_cli("generate", "A Django app with MySQL in prod on AWS", "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    decisions = (out / "DECISIONS.md").read_text()
    why = decisions.split("### `aws.db.observability`", 1)[1].split("\n### ", 1)[0]
    assert "general log" in why and "is off" in why and "MARIADB_AUDIT_PLUGIN" in why
    assert "No audit log is produced" in why
