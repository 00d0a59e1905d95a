"""``iacf preflight`` on the shared moto server: a clean account, then one whose singletons were created
beforehand through boto3; the import blocks it prints are checked by a real ``terraform plan``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from iacf_core.testing import check_json_output, run_cli

ACCOUNT, REGION = "123456789012", "eu-west-3"  # moto's account; the seed project's region


@pytest.fixture
def aws_env(monkeypatch):
    """The emulator's fixed credentials, nothing else from the machine."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")  # the emulator's fixed test credentials


def clients(endpoint: str) -> dict[str, object]:
    import boto3

    kw = {"endpoint_url": endpoint, "region_name": REGION, "aws_access_key_id": "test",
          "aws_secret_access_key": "test"}  # the emulator's fixed test credentials
    return {name: boto3.client(name, **kw) for name in ("cloudtrail", "config", "ec2", "guardduty", "iam", "s3",
                                                        "securityhub", "budgets")}


def preflight(project: Path, endpoint: str) -> tuple[int, dict]:
    res = run_cli("preflight", str(project), "--endpoint", endpoint, "--json")
    assert res.exit_code in (0, 1), res.stderr
    data = json.loads(res.stdout)
    check_json_output("preflight", data)
    assert data["exit_code"] == res.exit_code
    return res.exit_code, data


@pytest.mark.emulator
def test_clean_account_nothing_collides(generated, moto_endpoint, aws_env):
    code, data = preflight(generated["dev"], moto_endpoint)
    assert code == 0 and data["ok"] is True
    assert data["account"] == ACCOUNT and data["region"] == REGION and data["baseline"] == "project"
    by_id = {s["id"]: s for s in data["singletons"]}
    assert {"cloudtrail-trail", "guardduty-detector", "securityhub-account", "config-recorder",
            "config-delivery-channel", "config-service-linked-role", "access-analyzer", "iam-password-policy",
            "s3-account-public-access-block", "ebs-encryption-by-default", "budget"} == set(by_id)
    assert all(s["created_by_project"] and not s["collides"] for s in by_id.values())
    # everything the emulator can answer is absent; what it lacks is reported unknown with the reason
    assert {i for i, s in by_id.items() if s["status"] == "unknown"} <= {"access-analyzer"}
    assert all(s["note"] for s in by_id.values() if s["status"] == "unknown")
    assert data["imports_hcl"] == "" and data["policy_toml"] == "" and data["provided"] == []


@pytest.mark.emulator
def test_existing_singletons_collide_with_imports_and_policy(generated, moto_endpoint, aws_env, tmp_path):
    project, name = generated["dev"], "django-app-dev"
    aws = clients(moto_endpoint)
    detector = aws["guardduty"].create_detector(Enable=True)["DetectorId"]
    role = aws["iam"].create_service_linked_role(AWSServiceName="config.amazonaws.com")["Role"]["Arn"]
    aws["config"].put_configuration_recorder(ConfigurationRecorder={"name": f"{name}-recorder", "roleARN": role})
    aws["iam"].update_account_password_policy(MinimumPasswordLength=16)
    aws["securityhub"].enable_security_hub(EnableDefaultStandards=False)
    aws["ec2"].enable_ebs_encryption_by_default()
    aws["s3"].create_bucket(Bucket="legacy-trail-logs", CreateBucketConfiguration={"LocationConstraint": REGION})
    trail = aws["cloudtrail"].create_trail(Name="legacy-trail", S3BucketName="legacy-trail-logs",
                                           IsMultiRegionTrail=True)["TrailARN"]

    code, data = preflight(project, moto_endpoint)
    assert code == 1 and data["ok"] is False
    by_id = {s["id"]: s for s in data["singletons"]}
    colliding = {i for i, s in by_id.items() if s["collides"]}
    assert colliding == {"cloudtrail-trail", "guardduty-detector", "config-recorder", "config-service-linked-role",
                         "iam-password-policy", "securityhub-account", "ebs-encryption-by-default"}
    assert by_id["guardduty-detector"]["found"] == [detector] and "apply fails" in by_id["guardduty-detector"]["effect"]
    assert by_id["config-delivery-channel"]["status"] == "absent" and by_id["budget"]["status"] == "absent"
    imports = {(b["to"], b["id"]) for s in data["singletons"] for b in s["imports"]}
    assert {("module.governance.aws_guardduty_detector.this[0]", detector),
            ("module.governance.aws_config_configuration_recorder.this[0]", f"{name}-recorder"),
            ("module.governance.aws_config_configuration_recorder_status.this[0]", f"{name}-recorder"),
            ("module.governance.aws_iam_service_linked_role.config[0]", role),
            ("module.governance.aws_iam_account_password_policy.this[0]", "iam-account-password-policy"),
            ("module.governance.aws_securityhub_account.this[0]", ACCOUNT),
            ("module.governance.aws_ebs_encryption_by_default.this[0]", "default"),
            ("module.governance.aws_cloudtrail.this[0]", trail)} <= imports
    # a trail of another name is adopted only with its name: the report says how
    assert 'name_overrides = { cloudtrail = "legacy-trail" }' in by_id["cloudtrail-trail"]["note"]
    assert data["provided"] == ["audit-trail", "config-recording", "default-encryption", "password-policy",
                                "posture-management", "threat-detection"]
    assert data["policy_toml"] == ('[account_baseline]\nmode = "project"\nprovided = ["audit-trail", '
                                   '"config-recording", "default-encryption", "password-policy", '
                                   '"posture-management", "threat-detection"]\n')
    text = run_cli("preflight", str(project), "--endpoint", moto_endpoint)
    assert text.exit_code == 1 and "COLLIDES  GuardDuty detector" in text.stdout
    assert text.stdout.rstrip().endswith("Result: 7 collision(s) (exit code 1)")

    # the import blocks are exact: terraform imports each one the emulator can read, and replaces none
    from iacf_aws.emulator import UNSUPPORTED_TYPES

    adopt = [b for s in data["singletons"] if s["collides"] and s["id"] != "cloudtrail-trail" for b in s["imports"]
             if b["to"].split(".")[2] not in UNSUPPORTED_TYPES]
    plan = plan_with_imports(project, moto_endpoint, adopt, tmp_path)
    assert plan.returncode in (0, 2), plan.stdout[-3000:] + plan.stderr[-3000:]
    for block in adopt:
        assert f"{block['to']}: Preparing import... [id={block['id']}]" in plan.stdout, block
        assert f"# {block['to']} must be replaced" not in plan.stdout, block


def plan_with_imports(project: Path, endpoint: str, blocks: list[dict], tmp_path: Path) -> subprocess.CompletedProcess:
    """``terraform plan`` of a copy of the project on the emulator, with an imports.tf of ``blocks``, targeting
    the imported resources only (their dependencies come along)."""
    from iacf_aws.emulator import override_tf
    from iacf_core.kernel.reports import ImportBlock
    from iacf_core.toolkit.tools import terraform_setup

    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".terraform", "*.tfstate*"))
    (copy / "zz_emulator_override.tf").write_text(override_tf(endpoint))
    (copy / "imports.tf").write_text("\n".join(ImportBlock(**b).hcl() for b in blocks))
    setup = terraform_setup()
    assert setup is not None
    env = {**setup.env, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",  # the emulator's
           "AWS_ENDPOINT_URL": endpoint, "AWS_DEFAULT_REGION": REGION}                # fixed test credentials
    init = subprocess.run([setup.executable, "init", "-input=false", "-no-color"], cwd=copy, env=env,
                          capture_output=True, text=True, check=False)
    assert init.returncode == 0, init.stderr
    targets = [f"-target={b['to']}" for b in blocks]
    return subprocess.run([setup.executable, "plan", "-input=false", "-no-color", "-detailed-exitcode",
                           "-var=domain_name=app.example.com", "-var=app_image_tag=1.0.0", *targets],
                          cwd=copy, env=env, capture_output=True, text=True, check=False)


def test_no_credentials_is_one_line_exit_2(generated, monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                 "AWS_ENDPOINT_URL", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                 "AWS_WEB_IDENTITY_TOKEN_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    res = run_cli("preflight", str(generated["dev"]), "--endpoint", "http://127.0.0.1:9")
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.startswith("iacf: error: no AWS credentials found") and res.stderr.count("\n") == 1


def test_unreachable_endpoint_is_one_line_exit_2(generated, aws_env):
    from iacf_aws.emulator import free_port

    res = run_cli("preflight", str(generated["dev"]), "--endpoint", f"http://127.0.0.1:{free_port()}", "--json")
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.startswith("iacf: error: cannot reach http://127.0.0.1:") and res.stderr.count("\n") == 1
