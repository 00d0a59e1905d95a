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
    from iacf_core.kernel.plugins import Plugins, get_plugin_manager

    checks = checkov_map()
    assert len(checks) > 400
    assert {e["severity"] for e in checks.values()} == {"critical", "high", "medium", "low"}
    controls = {c["id"] for c in __import__("iacf_governance.plugin", fromlist=["catalogue"]).catalogue()}
    assert {e["control"] for e in checks.values()} - {""} <= controls  # every control named exists
    ratings = Plugins(get_plugin_manager()).registry.checks
    assert ratings["CKV2_AWS_6"].severity == "critical" and ratings["iacf.ingress.open"].severity == "critical"
    page = Path(__file__).resolve().parents[2] / "docs" / "checkov-severity.md"
    assert page.read_text() == severity_markdown(), "regenerate: python -m iacf_aws.docs > docs/checkov-severity.md"


# -- certificates: a listener or distribution must wait for an issued certificate ----------------------------

CERT = '''
resource "aws_acm_certificate" "c" {
  domain_name       = "app.example.com"
  validation_method = "DNS"
}

resource "aws_acm_certificate_validation" "c" {
  count           = var.on ? 1 : 0
  certificate_arn = aws_acm_certificate.c.arn
}
'''


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


def _write(root, files: dict[str, str]):
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _cert_findings(root, severity="error"):
    from iacf_aws.checks import check_certificates

    return sorted((f.resource, f.file) for f in check_certificates(root) if f.severity.value == severity)


def _listener(name: str, arn: str) -> str:
    return (f'resource "aws_lb_listener" "{name}" {{\n  load_balancer_arn = "x"\n  port = 443\n  protocol = "HTTPS"\n'
            f'  certificate_arn = {arn}\n  default_action {{\n    type = "forward"\n  }}\n}}\n')


def test_certificate_used_directly_is_refused_validated_one_passes(tmp_path):
    _write(tmp_path, {"main.tf": CERT + _listener("bad", "aws_acm_certificate.c.arn")
                      + _listener("good", "aws_acm_certificate_validation.c[0].certificate_arn")
                      + _listener("splat", "one(aws_acm_certificate_validation.c[*].certificate_arn)")
                      + 'resource "aws_lb_listener" "http" {\n  port = 80\n  protocol = "HTTP"\n}\n'})
    assert _cert_findings(tmp_path) == [("aws_lb_listener.bad", "main.tf")]
    from iacf_aws.checks import check_certificates

    (error,) = [f for f in check_certificates(tmp_path) if f.severity.value == "error"]
    assert "aws_acm_certificate.c" in error.message and "aws_acm_certificate_validation" in error.message
    assert error.check == "iacf.tls.validated-certificate" and error.gate == "certificates"


def test_a_conditional_branch_on_the_pending_certificate_is_refused(tmp_path):
    """The shape the alb module had: validation only when asked for, else the certificate itself."""
    _write(tmp_path, {"main.tf": CERT + '''
locals {
  arn = var.on ? aws_acm_certificate_validation.c[0].certificate_arn : aws_acm_certificate.c.arn
  off = var.on ? aws_acm_certificate_validation.c[0].certificate_arn : null
}
''' + _listener("mixed", "local.arn") + _listener("nullable", "local.off")})
    assert _cert_findings(tmp_path) == [("aws_lb_listener.mixed", "main.tf")]


def test_chain_through_module_outputs_and_variables(tmp_path):
    """Hand-written project: the listener lives in a module whose variable comes, through a second module's
    output, from the certificate; the same listener module called with the validated ARN passes."""
    _write(tmp_path, {
        "modules/cert/main.tf": CERT.replace("var.on", "true") + '''
output "arn" {
  value = aws_acm_certificate.c.arn
}

output "validated" {
  value = one(aws_acm_certificate_validation.c[*].certificate_arn)
}
''',
        "modules/edge/main.tf": 'variable "certificate_arn" {\n  type = string\n}\n\n'
                                + _listener("https", "var.certificate_arn"),
        "main.tf": '''
module "cert" {
  source = "./modules/cert"
}

module "edge" {
  source          = "./modules/edge"
  certificate_arn = module.cert.validated
}
''',
    })
    assert _cert_findings(tmp_path) == []
    main = tmp_path / "main.tf"
    main.write_text(main.read_text().replace("module.cert.validated", "module.cert.arn"))
    assert _cert_findings(tmp_path) == [("aws_lb_listener.https", "modules/edge/main.tf")]
    # one good and one bad caller of the same module: the module's listener is refused
    main.write_text(main.read_text().replace("module.cert.arn", "module.cert.validated") + '''
module "edge2" {
  source          = "./modules/edge"
  certificate_arn = module.cert.arn
}
''')
    assert _cert_findings(tmp_path) == [("aws_lb_listener.https", "modules/edge/main.tf")]


def test_cloudfront_distribution_and_extra_listener_certificates(tmp_path):
    _write(tmp_path, {"main.tf": CERT + '''
resource "aws_cloudfront_distribution" "pending" {
  viewer_certificate {
    acm_certificate_arn = aws_acm_certificate.c.arn
    ssl_support_method  = "sni-only"
  }
}

resource "aws_cloudfront_distribution" "dynamic" {
  dynamic "viewer_certificate" {
    for_each = [1]
    content {
      acm_certificate_arn = aws_acm_certificate.c.arn
    }
  }
}

resource "aws_cloudfront_distribution" "issued" {
  viewer_certificate {
    acm_certificate_arn = aws_acm_certificate_validation.c[0].certificate_arn
  }
}

resource "aws_cloudfront_distribution" "default_cert" {
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

resource "aws_lb_listener_certificate" "extra" {
  listener_arn    = "x"
  certificate_arn = aws_acm_certificate.c.arn
}
'''})
    assert _cert_findings(tmp_path) == [("aws_cloudfront_distribution.dynamic", "main.tf"),
                                        ("aws_cloudfront_distribution.pending", "main.tf"),
                                        ("aws_lb_listener_certificate.extra", "main.tf")]


def test_issued_sources_pass_unknown_ones_warn(tmp_path):
    _write(tmp_path, {"main.tf": '''
data "aws_acm_certificate" "issued" {
  domain = "app.example.com"
}

data "aws_acm_certificate" "any" {
  domain   = "app.example.com"
  statuses = ["PENDING_VALIDATION", "ISSUED"]
}

resource "aws_acm_certificate" "imported" {
  private_key      = "k"
  certificate_body = "b"
}

variable "certificate_arn" {
  type = string
}
''' + _listener("data_issued", "data.aws_acm_certificate.issued.arn")
        + _listener("data_any", "data.aws_acm_certificate.any.arn")
        + _listener("imported", "aws_acm_certificate.imported.arn")
        + _listener("root_variable", "var.certificate_arn")
        + _listener("literal", '"arn:aws:acm:eu-west-3:123456789012:certificate/abc"')})
    assert _cert_findings(tmp_path) == [("aws_lb_listener.data_any", "main.tf")]
    assert _cert_findings(tmp_path, "warning") == [("aws_lb_listener.literal", "main.tf"),
                                                   ("aws_lb_listener.root_variable", "main.tf")]


def test_iacf_validate_refuses_a_hand_written_folder(tmp_path):
    """The gate runs in `iacf validate` on any folder: exit 1, the finding named."""
    import json

    from iacf_core.testing import run_cli

    _write(tmp_path, {"providers.tf": 'provider "aws" {\n  region = "eu-west-3"\n}\n',
                      "variables.tf": 'variable "on" {\n  type = bool\n}\n',
                      "main.tf": CERT + _listener("https", "aws_acm_certificate.c.arn")})
    res = run_cli("validate", str(tmp_path), "--json")
    report = json.loads(res.stdout)
    assert res.exit_code == 1
    gate = next(g for g in report["gates"] if g["gate"] == "certificates")
    assert gate["status"] == "failed"
    (finding,) = [f for f in report["findings"] if f["check"] == "iacf.tls.validated-certificate"]
    assert finding["resource"] == "aws_lb_listener.https" and finding["risk"] == "high"


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


def test_state_secret_gate_refuses_reads_arguments_and_outputs(tmp_path):
    """Planted cases: each way a secret reaches the state is refused; write-only, ephemeral and plain values pass."""
    from iacf_aws.checks import STATE_SECRETS
    from iacf_core.toolkit.validation.state_secrets import check_secret_outputs, check_state_secrets

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


def test_the_access_key_pattern_is_the_aws_plugin_s(tmp_path):
    from iacf_core.kernel.plugins import Plugins, get_plugin_manager
    from iacf_core.toolkit.validation.runner import validate_dir

    (tmp_path / "main.tf").write_text('locals {\n  id = "AKIAABCDEFGHIJKLMNOP"\n}\n')
    report = validate_dir(tmp_path, Plugins(), None, external=False)
    found = [f for f in report.findings if f.check == "iacf.secrets.aws-access-key"]
    assert [(f.line, f.risk, f.control) for f in found] == [(2, "critical", "secrets-management")]
    core_only = Plugins(get_plugin_manager(load_entry_points=False))
    assert "iacf.secrets.aws-access-key" not in core_only.registry.secret_patterns
