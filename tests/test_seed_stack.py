"""The seed request, prod and dev, through every gate: validate, Checkov, tags, secrets, ingress, emulator."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from iacf_core.testing import assert_tree_equal, run_cli, template_roots, tree

from conftest import SEED, SEED_DEV

GOLDEN = Path(__file__).parent / "golden"
MANDATORY_TAGS = {"Project", "Environment", "Owner", "CostCenter", "ManagedBy"}


@pytest.mark.parametrize("env", ["prod", "dev"])
def test_golden(generated, env, iacf_update_golden):
    assert_tree_equal(generated[env], GOLDEN / env, update=iacf_update_golden, vendored_from=template_roots())


def test_same_request_twice_is_byte_identical(generated, tmp_path):
    again = tmp_path / "again"
    assert run_cli("generate", SEED, "--out", str(again), "--no-validate").exit_code == 0
    assert tree(again) == tree(generated["prod"])


def test_prod_and_dev_differ_by_recorded_decisions(generated):
    prod = (generated["prod"] / "DECISIONS.md").read_text()
    dev = (generated["dev"] / "DECISIONS.md").read_text()
    assert "Multi-AZ standby" in prod and "Single-AZ instance" in dev
    assert "One NAT gateway per AZ" in prod and "A single NAT gateway" in dev
    assert "3 availability zones" in prod and "2 availability zones" in dev
    prod_main = (generated["prod"] / "main.tf").read_text()
    dev_main = (generated["dev"] / "main.tf").read_text()
    assert re.search(r"multi_az\s+= true", prod_main) and re.search(r"multi_az\s+= false", dev_main)
    assert re.search(r"deletion_protection\s+= true", prod_main)
    assert not re.search(r"deletion_protection\s+= true", dev_main)


@pytest.mark.parametrize("env", ["prod", "dev"])
def test_layout(generated, env):
    root = generated[env]
    for name in ("versions.tf", "providers.tf", "backend.tf", "main.tf", "variables.tf", "outputs.tf",
                 "checks.tf", "terraform.tfvars.example", "README.md", "DECISIONS.md"):
        assert (root / name).is_file(), name
    for module in ("network", "ecs_service", "rds", "alb", "waf", "kms_key", "s3_bucket", "secret",
                   "security_group_rules", "account_baseline", "state_backend"):
        for name in ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md"):
            assert (root / "modules" / module / name).is_file(), f"{module}/{name}"
    checks = (root / "checks.tf").read_text()
    assert checks.count('check "') >= 3
    for name in ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "providers.tf", "iacf.auto.tfvars"):
        assert (root / "bootstrap" / name).is_file(), f"bootstrap/{name}"


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.parametrize("request_text", [SEED, SEED_DEV], ids=["prod", "dev"])
def test_generate_passes_every_gate(request_text, tmp_path, need_terraform, need_checkov):
    out = tmp_path / "infra"
    res = run_cli("generate", request_text, "--out", str(out), "--json")
    report = json.loads(res.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert res.exit_code == 0, errors[:10]
    gates = {g["gate"]: g for g in report["gates"]}
    for gate in ("hcl", "secrets", "tags", "ingress", "certificates", "fmt", "validate", "checkov"):
        assert gates[gate]["status"] == "passed", gates[gate]
    checkov = gates["checkov"]["counts"]
    assert checkov["failed"] == 0 and checkov["parsing_errors"] == 0 and checkov["resource_count"] > 50
    # every inline skip is listed in DECISIONS.md with its reason
    decisions = (out / "DECISIONS.md").read_text()
    skipped = [f for f in report["findings"] if f["gate"] == "checkov" and f["severity"] == "info"]
    assert len(skipped) == checkov["skipped"]
    for f in skipped:
        assert f"`{f['check']}`" in decisions
    print(f"checkov: {checkov}")


@pytest.mark.emulator
def test_prod_applies_on_emulator_then_empty_plan(generated, moto_endpoint, state_secret_scan):
    """prod, kept (RDS deletion protection, as decided), on the one-apply path: a public Route 53 zone of the
    account validates the certificate, so HTTPS, the ECS service and the alias record come in the first apply.
    dev and bootstrap/ go through `iacf verify` (two-step path, step 1) in test_verify.py, destroy included."""
    import boto3

    from iacf_aws.emulator import deploy

    route53 = boto3.client("route53", endpoint_url=moto_endpoint, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
    zone = route53.create_hosted_zone(Name="example.com", CallerReference="seed-prod")["HostedZone"]["Id"]
    zone_id = zone.rsplit("/", 1)[-1]
    result = deploy(generated["prod"], moto_endpoint, {"domain_name": "app.example.com", "app_image_tag": "1.0.0",
                                                       "dns_zone_id": zone_id, "https_enabled": "true",
                                                       # prod requires a notification recipient
                                                       "notification_emails": '["secops@example.com"]'},
                    destroy=False, after_apply=state_secret_scan)
    assert result.ok, f"{result.stage}: {result.message}\n{[vars(d) for d in result.drift]}"
    for address in ('module.certificate.aws_route53_record.validation["app.example.com"]',
                    "module.certificate.aws_acm_certificate_validation.this[0]", "module.alb.aws_lb_listener.https[0]",
                    "module.app.aws_ecs_service.this[0]", "aws_route53_record.alias[0]"):
        assert address in result.applied, address
    # no secret in the state: not the master password the emulator generated, no secret attribute
    assert state_secret_scan.scanned == 1 and state_secret_scan.found == [], state_secret_scan.found
    assert state_secret_scan.secret_values >= 1
    records = route53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    assert {r["Type"] for r in records if r["Name"] == "app.example.com."} == {"A"}
    assert any(r["Type"] == "CNAME" and r["Name"].endswith(".app.example.com.") for r in records)
    # 100 % of taggable resources carry the five tags in the plan
    untagged = [p["address"] for p in result.planned
                if isinstance(p["after"], dict) and "tags_all" in p["after"]
                and not MANDATORY_TAGS <= set((p["after"].get("tags_all") or {}))]
    assert untagged == []
    taggable = [p for p in result.planned if isinstance(p["after"], dict) and "tags_all" in p["after"]]
    assert len(taggable) > 30
    # no ingress from the internet except 80/443 (checked on the plan, where module inputs are resolved)
    for p in result.planned:
        after = p["after"] or {}
        if p["type"] == "aws_vpc_security_group_ingress_rule" and (
                after.get("cidr_ipv4") == "0.0.0.0/0" or after.get("cidr_ipv6") == "::/0"):
            assert after["from_port"] == after["to_port"] and after["from_port"] in (80, 443), p["address"]
    # only the resource types the emulator lacks are left out, each named with its reason
    from iacf_aws.emulator import UNSUPPORTED_TYPES

    assert all(p["type"] in UNSUPPORTED_TYPES for p in result.planned if p["address"] in result.not_applied)
    print(f"prod: applied {len(result.applied)}, not applied {sorted(result.not_applied)}, "
          f"emulator drift {[(d.address, d.attributes) for d in result.emulator_drift]}")


def test_real_cli_bad_inputs_exit_2_without_traceback(tmp_path):
    cases = [
        ["generate", "", "--out", str(tmp_path / "x")],
        ["generate", "Django app on Oracle Cloud", "--out", str(tmp_path / "x")],
        ["generate", "zorglub flimflam wibble", "--out", str(tmp_path / "x")],
        ["generate", "Django sur AWS", "--out", str(tmp_path / "x"), "--region", "mars-1"],
        ["generate", "Django avec Kafka sur AWS", "--out", str(tmp_path / "x")],
    ]
    for args in cases:
        proc = subprocess.run([sys.executable, "-m", "iacf_core", *args], capture_output=True, text=True)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.startswith("iacf: error:") and proc.stderr.count("\n") == 1, proc.stderr
        assert not (tmp_path / "x").exists()


def test_coverage_gate_catches_a_missing_control(generated, tmp_path):
    from iacf_core.kernel.plugins import Plugins
    from iacf_core.toolkit.validation.runner import validate_dir

    project = tmp_path / "p"
    import shutil

    shutil.copytree(generated["prod"], project)
    clean = validate_dir(project, Plugins(), None, external=False)
    assert clean.ok and any(f.gate == "coverage" for f in clean.findings)
    (project / "modules" / "account_baseline" / "cloudtrail.tf").unlink()
    broken = validate_dir(project, Plugins(), None, external=False)
    missing = [f for f in broken.errors if f.gate == "coverage"]
    assert missing and "audit-trail" in missing[0].message and "aws_cloudtrail" in missing[0].message


@pytest.mark.emulator
def test_prod_bootstrap_ci_roles_trust_only_the_repository(generated, moto_endpoint):
    """bootstrap/ of the prod project applies (empty re-plan), and its CI roles exist on the emulator with
    trust policies that name the repository and its branch or environment exactly."""
    from iacf_aws.emulator import deploy

    result = deploy(generated["prod"], moto_endpoint, {"github_repository": "acme/django-app-infra"},
                    root="bootstrap", destroy=False)
    assert result.ok, f"{result.stage}: {result.message}\n{[vars(d) for d in result.drift]}"
    types = {p["type"] for p in result.planned}
    assert {"aws_s3_bucket", "aws_dynamodb_table", "aws_kms_key", "aws_iam_openid_connect_provider",
            "aws_iam_role"} <= types
    # the CI roles exist on the emulator, each trusted only for the repository and its branch or environment
    import boto3

    iam = boto3.client("iam", endpoint_url=moto_endpoint, region_name="us-east-1",
                       aws_access_key_id="test", aws_secret_access_key="test")
    subjects = {}
    for name in ("django-app-ci-plan", "django-app-ci-prod-apply"):
        trust = iam.get_role(RoleName=name)["Role"]["AssumeRolePolicyDocument"]
        trust = json.loads(trust) if isinstance(trust, str) else trust
        (statement,) = trust["Statement"]
        assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
        assert statement["Condition"]["StringEquals"]["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
        sub = statement["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"]
        subjects[name] = sorted([sub] if isinstance(sub, str) else sub)
    assert subjects == {
        "django-app-ci-plan": ["repo:acme/django-app-infra:pull_request",
                               "repo:acme/django-app-infra:ref:refs/heads/main"],
        "django-app-ci-prod-apply": ["repo:acme/django-app-infra:environment:prod"],
    }
    for name in subjects:  # no AWS-managed policy; the CI boundary caps both roles
        assert iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"] == []
        boundary = iam.get_role(RoleName=name)["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"]
        assert boundary.endswith(":policy/django-app-ci-boundary")
    iam.get_policy(PolicyArn="arn:aws:iam::123456789012:policy/django-app-prod-workload-boundary")
    untagged = [p["address"] for p in result.planned
                if isinstance(p["after"], dict) and "tags_all" in p["after"]
                and not MANDATORY_TAGS <= set((p["after"].get("tags_all") or {}))]
    assert untagged == []
