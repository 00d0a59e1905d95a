"""The external gates on small hand-written folders: failures are reported, never passed."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacf_core.validation.gates import checkov, terraform_fmt


@pytest.mark.checkov
def test_checkov_failure_and_unexplained_skip(tmp_path: Path, need_checkov):
    (tmp_path / "main.tf").write_text(
        'resource "aws_s3_bucket" "a" {\n  #checkov:skip=CKV_AWS_18\n  bucket = "a"\n}\n'
        'resource "aws_s3_bucket" "b" {\n  #checkov:skip=CKV_AWS_144:no second region\n  bucket = "b"\n}\n'
    )
    gate, findings, skips = checkov(tmp_path)
    assert gate.status == "failed" and gate.counts["failed"] > 0 and gate.counts["resource_count"] == 2
    by_check = {(f.check, f.resource): f for f in findings}
    assert by_check[("CKV_AWS_18", "aws_s3_bucket.a")].severity.value == "error"
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
