"""Certificates of the entry points: nothing serves on a certificate that is not issued. Without a zone, a two-step
first deployment driven by the committed `https_enabled`; with a Route 53 zone (spec, policy or variable), the
validation records and HTTPS in one apply. The emulator runs are in test_seed_stack.py (zone, prod),
test_verify.py (step 1, dev) and test_kinds.py (both steps, static site)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from iacf_core.testing import run_cli

ZONE = "Z0123456789ABCDEFGHIJ"


def _spec(tmp: Path, request: str, **fields: str) -> Path:
    res = run_cli("parse", request, "--json")
    assert res.exit_code == 0, res.stderr
    spec = json.loads(res.stdout)["spec"]
    spec.update(fields)
    path = tmp / "spec.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def _generate(out: Path, *args: str) -> Path:
    res = run_cli("generate", *args, "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    return out


def _block(text: str, header: str) -> str:
    return text[text.index(header):].split("\n}\n")[0]


def test_without_a_zone_nothing_serves_until_https_is_turned_on(generated):
    root = generated["dev"]
    tfvars = (root / "iacf.auto.tfvars").read_text()
    assert re.search(r"^dns_zone_id = null$", tfvars, re.M) and re.search(r"^https_enabled = false$", tfvars, re.M)
    main = (root / "main.tf").read_text()
    cert = _block(main, 'module "certificate"')
    assert "route53_zone_id     = var.dns_zone_id" in cert and "wait_for_validation = var.https_enabled" in cert
    alb = _block(main, 'module "alb"')
    assert "https_enabled       = var.https_enabled" in alb
    assert "certificate_arn     = module.certificate.validated_arn" in alb
    assert "service_enabled       = module.alb.https_enabled" in _block(main, 'module "app"')
    # in the modules: the HTTPS listener and the service are counted on the switch, port 80 always redirects
    alb_module = (root / "modules/alb/main.tf").read_text()
    assert "count = var.https_enabled ? 1 : 0" in _block(alb_module, 'resource "aws_lb_listener" "https"')
    http = _block(alb_module, 'resource "aws_lb_listener" "http"')
    assert 'type = "redirect"' in http and "forward" not in http
    assert "count = var.service_enabled ? 1 : 0" in (root / "modules/ecs_service/main.tf").read_text()
    cert_module = (root / "modules/acm_certificate/main.tf").read_text()
    validation = _block(cert_module, 'resource "aws_acm_certificate_validation" "this"')
    assert 'aws_acm_certificate.this.status == "ISSUED"' in validation and '"5m"' in validation
    # what the operator reads: outputs, README steps in order, decisions
    outputs = (root / "outputs.tf").read_text()
    for name in ("acm_certificate_validation_records", "acm_certificate_status", "acm_certificate_arn",
                 "https_next_step"):
        assert f'output "{name}"' in outputs, name
    readme = (root / "README.md").read_text()
    steps = [readme.index(s) for s in ("3. **First deployment of an application**", "4. **HTTPS**, once",
                                       "terraform output acm_certificate_validation_records",
                                       "aws acm describe-certificate",
                                       "set `https_enabled = true` in `iacf.auto.tfvars`",
                                       "point\n   the domain at `alb_dns_name`")]
    assert steps == sorted(steps)
    assert "-target" not in readme
    decisions = (root / "DECISIONS.md").read_text()
    for title in ("ACM certificate validated by DNS records the operator creates: two-step first deployment",
                  "The HTTPS listener is created only once the certificate is issued (variable https_enabled)",
                  "Before HTTPS is on: nothing served, WAF in place, outputs say what to do"):
        assert title in decisions, title


def test_a_zone_from_the_spec_or_the_policy_turns_https_on_in_one_apply(tmp_path):
    spec = _spec(tmp_path, "Site web statique en dev sur AWS", domain_name="www.example.com", dns_zone=ZONE)
    site = _generate(tmp_path / "site", "--spec", str(spec))
    tfvars = (site / "iacf.auto.tfvars").read_text()
    assert f'dns_zone_id = "{ZONE}"' in tfvars and "site_https_enabled = true" in tfvars
    main = (site / "main.tf").read_text()
    alias = _block(main, 'resource "aws_route53_record" "site_alias"')
    assert 'toset(["A", "AAAA"])' in alias and "aws_cloudfront_distribution.site[0].domain_name" in alias
    readme = (site / "README.md").read_text()
    assert f"public Route 53 hosted zone `{ZONE}`" in readme and "**HTTPS** is on from the first apply" in readme
    assert "aws acm describe-certificate --" not in readme
    decisions = (site / "DECISIONS.md").read_text()
    assert f"ACM certificate validated in Route 53 zone {ZONE}: HTTPS from the first apply" in decisions
    assert "Before HTTPS is on" not in decisions
    # a policy zone does the same for every project; the spec's zone wins over it
    policy = tmp_path / "iacf.toml"
    policy.write_text('[aws]\ndns_zone = "ZPOLICY0000000000000"\n')
    web = _generate(tmp_path / "web", "App web Django en dev sur AWS", "--policy", str(policy))
    assert 'dns_zone_id = "ZPOLICY0000000000000"' in (web / "iacf.auto.tfvars").read_text()
    assert "https_enabled = true" in (web / "iacf.auto.tfvars").read_text()
    both = _generate(tmp_path / "both", "--spec", str(spec), "--policy", str(policy))
    assert f'dns_zone_id = "{ZONE}"' in (both / "iacf.auto.tfvars").read_text()


def test_two_entry_points_share_the_zone_variable_and_have_their_own_switch(tmp_path):
    out = _generate(tmp_path / "mixed", "Application Django avec PostgreSQL et un frontend React en prod sur AWS")
    variables = (out / "variables.tf").read_text()
    assert variables.count('variable "dns_zone_id"') == 1
    assert 'variable "https_enabled"' in variables and 'variable "site_https_enabled"' in variables
    tfvars = (out / "iacf.auto.tfvars").read_text()
    assert tfvars.count("dns_zone_id = null") == 1
    assert re.search(r"^https_enabled = false$", tfvars, re.M) and "site_https_enabled = false" in tfvars
    readme = (out / "README.md").read_text()
    assert "`https_enabled = true`" in readme and "`site_https_enabled = true`" in readme


@pytest.mark.parametrize(("where", "value"), [("spec", "example.com"), ("policy", "z123")])
def test_a_bad_zone_is_refused_in_one_line(tmp_path, where, value):
    args = ["generate", "App web Django en dev sur AWS"]
    if where == "spec":
        args = ["generate", "--spec", str(_spec(tmp_path, "App web Django en dev sur AWS", dns_zone=value))]
    else:
        (tmp_path / "iacf.toml").write_text(f'[aws]\ndns_zone = "{value}"\n')
        args += ["--policy", str(tmp_path / "iacf.toml")]
    proc = subprocess.run([sys.executable, "-m", "iacf_core", *args, "--out", str(tmp_path / "x")],
                          capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("iacf: error:") and proc.stderr.count("\n") == 1, proc.stderr
    assert "hosted zone ID" in proc.stderr and not (tmp_path / "x").exists()


def test_the_gate_catches_a_listener_rewired_to_the_pending_certificate(generated, tmp_path):
    from iacf_core.kernel.plugins import Plugins
    from iacf_core.toolkit.validation.runner import validate_dir

    project = shutil.copytree(generated["prod"], tmp_path / "p")
    clean = validate_dir(project, Plugins(), None, external=False)
    assert clean.ok and any(f.gate == "certificates" and f.severity.value == "info" for f in clean.findings)
    main = project / "main.tf"
    main.write_text(main.read_text().replace("module.certificate.validated_arn", "module.certificate.arn"))
    broken = validate_dir(project, Plugins(), None, external=False)
    (error,) = [f for f in broken.errors if f.gate == "certificates"]
    assert error.resource == "aws_lb_listener.https" and error.file == "modules/alb/main.tf"


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.parametrize(("request_text", "domain"), [
    pytest.param("App web Django avec PostgreSQL en prod sur AWS", "app.example.com", id="web-app-prod"),
    pytest.param("A static website with CloudFront in dev on AWS", "www.example.com", id="static-site-dev"),
])
def test_stacks_with_a_zone_pass_every_gate(request_text, domain, tmp_path, need_terraform, need_checkov):
    spec = _spec(tmp_path, request_text, domain_name=domain, dns_zone=ZONE)
    res = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "infra"), "--json")
    report = json.loads(res.stdout)
    assert res.exit_code == 0, [f for f in report["findings"] if f["severity"] == "error"][:10]
    gates = {g["gate"]: g for g in report["gates"]}
    for gate in ("hcl", "tags", "ingress", "certificates", "fmt", "validate", "checkov"):
        assert gates[gate]["status"] == "passed", gates[gate]
    checkov = gates["checkov"]["counts"]
    assert checkov["failed"] == 0 and checkov["parsing_errors"] == 0
    print(f"{request_text}: checkov {checkov}")
