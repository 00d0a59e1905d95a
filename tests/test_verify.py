"""``iacf verify`` end to end on the shared moto server: the dev seed project, and a project whose apply fails."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import pytest

from iacf_core.testing import check_json_output, run_cli

MANDATORY_TAGS = {"Project", "Environment", "Owner", "CostCenter", "ManagedBy"}


def tree_hash(root: Path) -> str:
    """Every path under root (folders included) with its bytes and mode: any change shows."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + oct(path.stat().st_mode).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Temporary files of the run go here, so the test can see that none is left."""
    where = tmp_path / "tmp"
    where.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(where))
    return where


@pytest.fixture
def deploys(monkeypatch, state_secret_scan):
    """Record what each root module's deployment planned (the real deploy runs), and scan each applied state for
    secret values (``state_secret_scan``)."""
    from iacf_aws import emulator
    from iacf_aws import verify as aws_verify

    seen, deploy = {}, emulator.deploy
    seen["states"] = {}

    def spy(project, endpoint, *args, root=".", **kw):
        def after_apply(where: Path) -> None:
            state_secret_scan(where)
            seen["states"][root] = json.loads((where / "terraform.tfstate").read_text())

        seen[root] = result = deploy(project, endpoint, *args, root=root, after_apply=after_apply, **kw)
        return result

    monkeypatch.setattr(aws_verify.emulator, "deploy", spy)
    return seen


@pytest.mark.emulator
def test_verify_dev_seed_project(generated, moto_endpoint, private_tmp, deploys, state_secret_scan):
    project = generated["dev"]
    before = tree_hash(project)
    res = run_cli("verify", str(project), "--endpoint", moto_endpoint, "--json")
    assert res.exit_code == 0, (res.stderr, res.stdout[:4000])
    report = json.loads(res.stdout)
    check_json_output("verify", report)
    assert tree_hash(project) == before  # the user's folder is untouched
    assert list(private_tmp.iterdir()) == []  # no temporary copy left
    assert report["ok"] is True and report["endpoint"] == moto_endpoint
    roots = {r["root"]: r for r in report["roots"]}
    assert list(roots) == ["bootstrap", "."]
    for r in roots.values():
        assert [(s["name"], s["status"]) for s in r["stages"]] == [
            ("init", "passed"), ("plan", "passed"), ("apply", "passed"), ("replan", "passed"),
            ("destroy", "passed")]
        assert r["destroyed"] is True and r["drift"] == []
        # emulator drift is only what the emulator is known not to store, each with its reason
        assert all(d["reason"] for d in r["emulator_drift"])
    boot, main = roots["bootstrap"], roots["."]
    assert len(boot["applied"]) >= 15 and boot["not_applied"] == []
    assert {"aws_s3_bucket", "aws_dynamodb_table", "aws_kms_key"} <= {p["type"] for p in deploys["bootstrap"].planned}
    # the state backend protects itself; the teardown lifts that in the copy only
    assert any("aws_dynamodb_table.lock" in a for a in boot["lifted"])
    assert len(main["applied"]) > 100
    # the committed iacf.auto.tfvars is step 1 of the first deployment (no zone): the certificate exists, nothing
    # serves yet (no HTTPS listener, no ECS service), port 80 only redirects
    assert "module.certificate.aws_acm_certificate.this" in main["applied"]
    assert "module.alb.aws_lb_listener.http" in main["applied"]
    assert not [a for a in main["applied"] if "aws_lb_listener.https" in a or "aws_ecs_service" in a
                or "aws_acm_certificate_validation" in a]
    from iacf_aws.emulator import UNSUPPORTED_TYPES

    assert main["not_applied"] and all(n["reason"] == UNSUPPORTED_TYPES[n["type"]] for n in main["not_applied"])
    # what was planned: every taggable resource carries the mandatory tags, no ingress from anywhere but 80/443
    for root in ("bootstrap", "."):
        planned = deploys[root].planned
        assert {p["address"] for p in planned} == set(roots[root]["applied"]) | {
            n["address"] for n in roots[root]["not_applied"]}
        untagged = [p["address"] for p in planned if isinstance(p["after"], dict) and "tags_all" in p["after"]
                    and not MANDATORY_TAGS <= set(p["after"].get("tags_all") or {})]
        assert untagged == []
        for p in planned:
            after = p["after"] or {}
            if p["type"] == "aws_vpc_security_group_ingress_rule" and (
                    after.get("cidr_ipv4") == "0.0.0.0/0" or after.get("cidr_ipv6") == "::/0"):
                assert after["from_port"] == after["to_port"] and after["from_port"] in (80, 443), p["address"]
    # no secret in either state: neither the RDS master password the emulator generated nor any secret attribute
    assert state_secret_scan.scanned == 2 and state_secret_scan.found == []
    assert state_secret_scan.secret_values >= 1
    # the application's identity, as applied: its own IAM-authenticated database user, never the master secret
    (task,) = [r["instances"][0]["attributes"] for r in deploys["states"]["."]["resources"]
               if r.get("module") == "module.app" and r["type"] == "aws_ecs_task_definition"]
    container = json.loads(task["container_definitions"])[0]
    assert {e["name"]: e["value"] for e in container["environment"]}["DB_USER"] == "app_user"
    assert [s["name"] for s in container["secrets"]] == ["DJANGO_SECRET_KEY"]
    assert container["logConfiguration"]["options"]["mode"] == "non-blocking"
    # network ACLs, as applied: nothing open to the internet covers 22 or 3389; the default ACL has no rule
    acls = {r["type"] + "." + r["name"]: r["instances"][0]["attributes"]
            for r in deploys["states"]["."]["resources"] if r["type"].endswith("network_acl")}
    assert sorted(acls) == ["aws_default_network_acl.this", "aws_network_acl.database", "aws_network_acl.private",
                            "aws_network_acl.public"]
    for name, acl in acls.items():
        for rule in acl["ingress"]:
            if rule["cidr_block"] == "0.0.0.0/0" and rule["action"] == "allow":
                assert not any(rule["from_port"] <= port <= rule["to_port"] for port in (22, 3389)), (name, rule)
    assert acls["aws_default_network_acl.this"]["ingress"] == [] == acls["aws_default_network_acl.this"]["egress"]
    assert len(acls["aws_network_acl.database"]["subnet_ids"]) == 2
    print(f"bootstrap applied {len(boot['applied'])}; main applied {len(main['applied'])}, planned only "
          f"{sorted({n['type'] for n in main['not_applied']})}; emulator drift "
          f"{[d['address'] for r in roots.values() for d in r['emulator_drift']]}")


SMALL = {
    ".iacf/manifest.json": json.dumps({"generator": "iacf", "spec": {"cloud": "aws", "project": "small"}}),
    "versions.tf": 'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
                   '      version = "~> 5.100"\n    }\n  }\n}\n',
    "providers.tf": 'provider "aws" {\n  region = "eu-west-3"\n}\n',
    "main.tf": 'resource "aws_cloudwatch_log_group" "created" {\n  name = "verify-small-created"\n}\n',
}
BROKEN = {
    **SMALL,
    "main.tf": (
        'resource "aws_cloudwatch_log_group" "created" {\n  name = "verify-broken-created"\n}\n\n'
        "# the table does not exist: the plan passes, the apply fails\n"
        'resource "aws_dynamodb_table_item" "orphan" {\n  table_name = "verify-no-such-table"\n'
        '  hash_key   = "id"\n  item       = jsonencode({ id = { S = "1" } })\n'
        "  depends_on = [aws_cloudwatch_log_group.created]\n}\n"),
}


@pytest.mark.emulator
def write(project: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    return project


def log_groups(endpoint: str) -> list[str]:
    import boto3

    logs = boto3.client("logs", endpoint_url=endpoint, region_name="eu-west-3", aws_access_key_id="test",
                        aws_secret_access_key="test")  # noqa: S106 - the emulator's fixed test credentials
    return [g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]]


@pytest.mark.emulator
def test_verify_failed_apply_exit_1_names_the_stage_and_cleans_up(tmp_path, moto_endpoint, private_tmp):
    project = write(tmp_path / "broken", BROKEN)
    before = tree_hash(project)
    res = run_cli("verify", str(project), "--endpoint", moto_endpoint)
    assert res.exit_code == 1, res.stdout + res.stderr
    assert "Root module .: FAILED at apply" in res.stdout and "ResourceNotFoundException" in res.stdout
    assert "applied 1, planned only 0" in res.stdout  # the log group was created, the item was not
    assert "stages: init passed" in res.stdout and "apply failed" in res.stdout and "replan skipped" in res.stdout
    assert res.stdout.rstrip().endswith("Result: FAILED (exit code 1)")
    assert "… [main] terraform apply" in res.stderr  # progress on stderr
    assert tree_hash(project) == before and list(private_tmp.iterdir()) == []
    assert log_groups(moto_endpoint) == []  # what the failed apply created was destroyed


@pytest.mark.emulator
def test_verify_keep_leaves_resources_and_working_copy(tmp_path, moto_endpoint, private_tmp):
    project = write(tmp_path / "small", SMALL)
    before = tree_hash(project)
    res = run_cli("verify", str(project), "--endpoint", moto_endpoint, "--keep", "--json")
    assert res.exit_code == 0, res.stdout + res.stderr
    (root,) = json.loads(res.stdout)["roots"]
    assert [s["name"] for s in root["stages"]] == ["init", "plan", "apply", "replan"]
    assert root["applied"] == ["aws_cloudwatch_log_group.created"] and root["destroyed"] is False
    kept = Path(root["workdir"])
    assert kept.is_relative_to(private_tmp) and (kept / "terraform.tfstate").is_file()
    assert (kept / "zz_emulator_override.tf").is_file() and not (project / "zz_emulator_override.tf").exists()
    assert log_groups(moto_endpoint) == ["verify-small-created"]
    assert tree_hash(project) == before
