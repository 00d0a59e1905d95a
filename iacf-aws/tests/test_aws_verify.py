"""The AWS side of ``iacf verify`` that needs neither terraform nor moto: the teardown table, bad input."""

from __future__ import annotations

import json

import pytest

from iacf_aws import emulator
from iacf_aws.emulator import teardown_overrides
from iacf_core.toolkit import verify as core_verify


def change(address, rtype, name, module="", **after):
    return {"address": address, "mode": "managed", "type": rtype, "name": name, "module_address": module or None,
            "change": {"actions": ["create"], "after": after}}


def test_teardown_overrides_land_in_each_module_folder():
    plan = {
        "configuration": {"root_module": {"module_calls": {
            "db": {"source": "./modules/rds", "module": {}},
            "state": {"source": "./modules/state_backend", "module": {"module_calls": {
                "logs": {"source": "../s3_bucket"}}}},
            "remote": {"source": "terraform-aws-modules/vpc/aws"},
        }}},
        "resource_changes": [
            change("module.db.aws_db_instance.this", "aws_db_instance", "this", "module.db",
                   deletion_protection=True, skip_final_snapshot=False),
            change("module.state.aws_dynamodb_table.lock[0]", "aws_dynamodb_table", "lock", "module.state",
                   deletion_protection_enabled=True),
            change('module.state.module.logs["a"].aws_s3_bucket.this', "aws_s3_bucket", "this",
                   'module.state.module.logs["a"]', force_destroy=False),
            change("aws_s3_bucket.open", "aws_s3_bucket", "open", force_destroy=True),  # nothing to lift
            change("aws_lb.alb", "aws_lb", "alb", enable_deletion_protection=True),
            change("aws_lb.skipped", "aws_lb", "skipped", enable_deletion_protection=True),
            change("module.remote.aws_lb.x", "aws_lb", "x", "module.remote", enable_deletion_protection=True),
        ],
    }
    files, lifted = teardown_overrides(plan, exclude={"aws_lb.skipped"})
    assert sorted(files) == [".", "modules/rds", "modules/s3_bucket", "modules/state_backend"]
    assert 'resource "aws_db_instance" "this" {\n  deletion_protection = false\n  skip_final_snapshot = true\n}' \
        in files["modules/rds"]
    assert 'resource "aws_dynamodb_table" "lock" {\n  deletion_protection_enabled = false\n}' \
        in files["modules/state_backend"]
    assert 'resource "aws_s3_bucket" "this" {\n  force_destroy = true\n}' in files["modules/s3_bucket"]
    assert '"alb"' in files["."] and '"open"' not in files["."] and '"skipped"' not in files["."]
    assert lifted == sorted(["module.db.aws_db_instance.this", "module.state.aws_dynamodb_table.lock[0]",
                             'module.state.module.logs["a"].aws_s3_bucket.this', "aws_lb.alb"])


@pytest.fixture
def aws_project(tmp_path):
    (tmp_path / ".iacf").mkdir()
    (tmp_path / ".iacf" / "manifest.json").write_text(json.dumps({"spec": {"cloud": "aws"}}))
    (tmp_path / "main.tf").write_text("")
    return tmp_path


def test_moto_not_installed_exit_2_with_the_pip_command(iacf_cli, aws_project, monkeypatch):
    monkeypatch.setattr(core_verify, "terraform_setup", lambda: object())
    monkeypatch.setattr(emulator, "moto_missing", lambda: True)
    res = iacf_cli("verify", str(aws_project))
    assert res.exit_code == 2
    assert res.stderr == "iacf: error: the local AWS emulator (moto) is not installed: " \
                         "pip install 'iacf-aws[emulator]'\n"


def test_unreachable_endpoint_exit_2(iacf_cli, aws_project, monkeypatch):
    monkeypatch.setattr(core_verify, "terraform_setup", lambda: object())
    from iacf_aws.emulator import free_port

    res = iacf_cli("verify", str(aws_project), "--endpoint", f"http://127.0.0.1:{free_port()}")
    assert res.exit_code == 2 and res.stderr.startswith("iacf: error: no emulator answers at http://127.0.0.1:")
    assert res.stderr.count("\n") == 1


def test_terraform_missing_exit_2(iacf_cli, aws_project, monkeypatch):
    monkeypatch.setenv("IACF_TERRAFORM", "/nonexistent/terraform")
    monkeypatch.setenv("PATH", "/nonexistent")
    res = iacf_cli("verify", str(aws_project))
    assert res.exit_code == 2 and "terraform not found" in res.stderr
