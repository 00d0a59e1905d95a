from __future__ import annotations

from iacf_aws.checks import check_ingress, check_tags


def test_tags_missing_keys(tmp_path):
    (tmp_path / "providers.tf").write_text(
        'provider "aws" {\n  default_tags {\n    tags = { Project = "x", Owner = "y" }\n  }\n}\n')
    findings = check_tags(tmp_path)
    assert findings[0].severity.value == "error"
    assert "Environment, CostCenter, ManagedBy" in findings[0].message


def test_tags_ok(tmp_path):
    (tmp_path / "providers.tf").write_text(
        'provider "aws" {\n  default_tags {\n    tags = { Project = "x", Environment = "d", Owner = "y",'
        ' CostCenter = "c", ManagedBy = "terraform" }\n  }\n}\n')
    assert [f.severity.value for f in check_tags(tmp_path)] == ["info"]


def test_no_provider_is_an_error(tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {}\n')
    assert check_tags(tmp_path)[0].check == "iacf.tags.no-provider"


def test_open_ssh_is_refused_web_ports_allowed(tmp_path):
    (tmp_path / "main.tf").write_text('''
resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = "sg-1"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}
resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = "sg-1"
  cidr_ipv6         = "::/0"
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}
resource "aws_security_group" "legacy" {
  ingress {
    from_port   = 0
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
''')
    errors = [f for f in check_ingress(tmp_path) if f.severity.value == "error"]
    assert sorted(f.resource for f in errors) == ["aws_security_group.legacy",
                                                  "aws_vpc_security_group_ingress_rule.ssh"]


def test_severity_map_is_complete_and_documented():
    from pathlib import Path

    from iacf_aws.docs import severity_markdown
    from iacf_aws.plugin import checkov_map
    from iacf_core.plugins import Plugins, get_plugin_manager

    checks = checkov_map()
    assert len(checks) > 400
    assert {e["severity"] for e in checks.values()} == {"critical", "high", "medium", "low"}
    controls = {c["id"] for c in __import__("iacf_governance.plugin", fromlist=["catalogue"]).catalogue()}
    assert {e["control"] for e in checks.values()} - {""} <= controls  # every control named exists
    ratings = Plugins(get_plugin_manager()).registry.checks
    assert ratings["CKV2_AWS_6"].severity == "critical" and ratings["iacf.ingress.open"].severity == "critical"
    page = Path(__file__).resolve().parents[2] / "docs" / "checkov-severity.md"
    assert page.read_text() == severity_markdown(), "regenerate: python -m iacf_aws.docs > docs/checkov-severity.md"


PLANTED_STATE_SECRETS = '''
data "aws_secretsmanager_secret_version" "token" {
  secret_id = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:x"
}

data "aws_ssm_parameter" "decrypted" {
  name = "/app/password"
}

data "aws_ssm_parameter" "plain" {
  name            = "/app/feature-flag"
  with_decryption = false
}

ephemeral "aws_secretsmanager_random_password" "fine" {
  password_length = 32
}

resource "aws_secretsmanager_secret_version" "literal" {
  secret_id     = "x"
  secret_string = var.value
}

resource "aws_secretsmanager_secret_version" "write_only" {
  secret_id                = "x"
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.fine.random_password
  secret_string_wo_version = 1
}

resource "aws_elasticache_replication_group" "token" {
  replication_group_id = "x"
  description          = "x"
  auth_token           = data.aws_secretsmanager_secret_version.token.secret_string
}

resource "aws_elasticache_replication_group" "iam" {
  replication_group_id = "y"
  description          = "y"
  user_group_ids       = ["g"]
}

resource "aws_ssm_parameter" "secure" {
  name  = "/a"
  type  = "SecureString"
  value = var.value
}

resource "aws_ssm_parameter" "string" {
  name  = "/b"
  type  = "String"
  value = "public"
}

resource "aws_db_instance" "managed" {
  manage_master_user_password = true
}

output "token" {
  value = data.aws_secretsmanager_secret_version.token.secret_string
}

output "flagged" {
  value     = var.value
  sensitive = true
}

output "arn" {
  value = aws_secretsmanager_secret_version.write_only.arn
}
'''


def test_state_secret_gate_refuses_reads_arguments_and_outputs(tmp_path):
    """Planted cases: each way a secret reaches the state is refused; write-only, ephemeral and plain values pass."""
    from iacf_aws.checks import STATE_SECRETS
    from iacf_core.validation.state_secrets import check_secret_outputs, check_state_secrets

    (tmp_path / "main.tf").write_text(PLANTED_STATE_SECRETS)
    errors = {(f.check, f.resource) for f in check_state_secrets(tmp_path, STATE_SECRETS)
              if f.severity.value == "error"}
    assert errors == {
        ("iacf.secrets.state-data-source", "data.aws_secretsmanager_secret_version.token"),
        ("iacf.secrets.state-data-source", "data.aws_ssm_parameter.decrypted"),
        ("iacf.secrets.state-argument", "aws_secretsmanager_secret_version.literal"),
        ("iacf.secrets.state-argument", "aws_elasticache_replication_group.token"),
        ("iacf.secrets.state-argument", "aws_ssm_parameter.secure"),
    }
    outputs = [f for f in check_secret_outputs(tmp_path) if f.severity.value == "error"]
    assert sorted(f.resource for f in outputs) == ["output.flagged", "output.token"]
    assert all("clear text" in f.message for f in outputs)


def test_state_secret_gate_fails_validate_with_its_fix(tmp_path):
    """Through the plugin's iacf_validate: one finding per leak, the fix named, the gate failed."""
    from iacf_aws.checks import validate

    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  default_tags {\n    tags = { Project = "x", Environment = "d", Owner = "y",'
        ' CostCenter = "c", ManagedBy = "terraform" }\n  }\n}\n'
        'data "aws_secretsmanager_secret_version" "db" {\n  secret_id = "x"\n}\n')
    found = [f for f in validate(tmp_path, None) if f.gate == "secrets"]
    assert [f.check for f in found] == ["iacf.secrets.state-data-source"]
    assert found[0].severity.value == "error" and "ephemeral" in found[0].message
    (tmp_path / "main.tf").write_text('resource "aws_secretsmanager_secret" "s" {\n  name = "x"\n}\n')
    (clean,) = [f for f in validate(tmp_path, None) if f.gate == "secrets"]
    assert clean.severity.value == "info" and "none keeps a secret value" in clean.message
