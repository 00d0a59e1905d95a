"""The external gates on small hand-written folders: failures are reported, never passed."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacf_core.toolkit.validation.gates import checkov, terraform_fmt


@pytest.mark.checkov
def test_checkov_failure_and_unexplained_skip(tmp_path: Path, need_checkov):
    (tmp_path / "main.tf").write_text(
        'resource "aws_s3_bucket" "a" {\n  #checkov:skip=CKV_AWS_18\n  bucket = "a"\n}\n'
        'resource "aws_s3_bucket" "b" {\n  #checkov:skip=CKV_AWS_144:no second region\n  bucket = "b"\n}\n'
    )
    gate, findings, skips = checkov(tmp_path)
    assert gate.status == "failed" and gate.counts["failed"] > 0 and gate.counts["resource_count"] == 2
    by_check = {(f.check, f.resource): f for f in findings}
    unexplained = by_check[("checkov.unexplained-skip", "aws_s3_bucket.a")]
    assert unexplained.severity.value == "error" and unexplained.message.startswith("CKV_AWS_18 skipped without")
    assert by_check[("CKV_AWS_144", "aws_s3_bucket.b")].severity.value == "info"
    assert {s["reason"] for s in skips if s["check"] == "CKV_AWS_144"} == {"no second region"}


@pytest.mark.checkov
def test_checkov_on_nothing_is_not_a_pass(tmp_path: Path, need_checkov):
    (tmp_path / "main.tf").write_text("locals {\n  a = 1\n}\n")
    gate, findings, _ = checkov(tmp_path)
    assert gate.status == "failed" and any(f.check == "checkov.empty" for f in findings)


@pytest.mark.terraform
def test_fmt_reports_files(tmp_path: Path, need_terraform):
    (tmp_path / "main.tf").write_text('locals {\n  a     = 1\n}\n')
    gate, findings = terraform_fmt(tmp_path)
    assert gate.status == "failed" and findings[0].file == "main.tf"


@pytest.mark.checkov
def test_findings_carry_severity_and_the_policy_decides_what_blocks(tmp_path: Path, need_checkov, iacf_cli):
    """Checkov findings print with the severity of the AWS map; a policy that blocks only critical and high
    turns medium and low failures into warnings, while critical ones still fail the run."""
    project = tmp_path / "tf"
    project.mkdir()
    (project / "main.tf").write_text('resource "aws_s3_bucket" "a" {\n  bucket = "a"\n}\n')
    res = iacf_cli("validate", str(project), "--json")
    assert res.exit_code == 1
    import json

    findings = {f["check"]: f for f in json.loads(res.stdout)["findings"] if f["gate"] == "checkov"}
    assert findings["CKV2_AWS_6"]["risk"] == "critical" and findings["CKV2_AWS_6"]["control"] == "public-access-block"
    assert findings["CKV_AWS_144"]["risk"] == "low" and findings["CKV_AWS_144"]["severity"] == "error"

    policy = tmp_path / "iacf.toml"
    policy.write_text('[findings]\nblock = ["critical", "high"]\n')
    res = iacf_cli("validate", str(project), "--policy", str(policy))
    assert res.exit_code == 1  # the critical ones still block
    lines = res.stdout.splitlines()
    assert any(line.strip().startswith("ERROR   [critical] CKV2_AWS_6") for line in lines), res.stdout
    assert any(line.strip().startswith("WARNING [low] CKV_AWS_144") and "does not block" in line for line in lines)
    assert any(line.strip().startswith("WARNING [medium] CKV_AWS_18") for line in lines)

    bad = tmp_path / "bad.toml"
    bad.write_text('[findings]\nblock = ["high"]\n')
    res = iacf_cli("validate", str(project), "--policy", str(bad))
    assert res.exit_code == 2 and "findings.block" in res.stderr and "critical" in res.stderr
