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


def test_every_iam_role_carries_a_permissions_boundary(tmp_path):
    from iacf_aws.checks import check_permissions_boundaries

    module = tmp_path / "modules" / "svc"
    module.mkdir(parents=True)
    (module / "main.tf").write_text('''
variable "permissions_boundary_arn" {
  type    = string
  default = null
}
resource "aws_iam_role" "bounded" {
  name                 = "svc"
  assume_role_policy   = "{}"
  permissions_boundary = var.permissions_boundary_arn
}
''')
    (tmp_path / "main.tf").write_text('''
locals {
  boundary = "arn:aws:iam::123456789012:policy/b"
}
module "passes_it" {
  source                   = "./modules/svc"
  permissions_boundary_arn = local.boundary
}
module "forgets_it" {
  source = "./modules/svc"
}
resource "aws_iam_role" "root_bounded" {
  name                 = "a"
  assume_role_policy   = "{}"
  permissions_boundary = local.boundary
}
resource "aws_iam_role" "unbounded" {
  name               = "b"
  assume_role_policy = "{}"
}
''')
    errors = [f for f in check_permissions_boundaries(tmp_path) if f.severity.value == "error"]
    assert sorted(f.resource for f in errors) == ["aws_iam_role.unbounded", "module.forgets_it"]
    assert all(f.check == "iacf.iam.permissions-boundary" for f in errors)
    assert "permissions_boundary_arn" in next(f.message for f in errors if f.resource == "module.forgets_it")
    # a default on the module variable satisfies every call
    (module / "main.tf").write_text((module / "main.tf").read_text().replace("default = null",
                                                                             'default = "arn:aws:iam::1:policy/b"'))
    errors = [f for f in check_permissions_boundaries(tmp_path) if f.severity.value == "error"]
    assert [f.resource for f in errors] == ["aws_iam_role.unbounded"]
