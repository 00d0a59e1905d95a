"""``iacf_aws.preflight`` on moto's in-process mock (no server, no terraform): what a project creates is read
from its files, and each singleton is reported against what the account holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacf_core import PreflightOptions
from iacf_core.testing import run_cli

moto = pytest.importorskip("moto", reason="moto is installed with iacf-aws[emulator]")

REGION = "eu-west-3"


def generate(tmp_path: Path, policy: str = "") -> Path:
    out = tmp_path / "infra"
    args = ["generate", "Django avec PostgreSQL en dev sur AWS", "--out", str(out), "--no-validate"]
    if policy:
        (tmp_path / "iacf.toml").write_text(policy)
        args += ["--policy", str(tmp_path / "iacf.toml")]
    res = run_cli(*args)
    assert res.exit_code == 0, res.stderr
    return out


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Path:
    """The dev seed project, generated once for the tests that need no policy."""
    return generate(tmp_path_factory.mktemp("plain"))


@pytest.fixture
def account(monkeypatch):
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    with moto.mock_aws():
        import boto3

        yield {name: boto3.client(name, region_name=REGION)
               for name in ("cloudtrail", "config", "guardduty", "iam", "s3")}


def run(project: Path):
    from iacf_aws.preflight import preflight

    report = preflight(project, PreflightOptions(cloud="aws"))
    return report, {s.id: s for s in report.singletons}


def test_project_read_from_its_files(tmp_path):
    from iacf_aws.preflight import read_project

    project = read_project(generate(tmp_path, '[account_baseline]\nprovided = ["threat-detection"]\n'))
    assert (project.name, project.region, project.module) == ("django-app-dev", REGION, "module.governance")
    assert project.switches["enable_guardduty"] is False and project.switches["enable_cloudtrail"] is True
    assert project.creates("enable_cloudtrail") and not project.creates("enable_guardduty")
    assert project.provided == ["threat-detection"] and project.baseline == "project"


def test_provided_baseline_expects_the_singletons(tmp_path, account):
    project = generate(tmp_path, '[account_baseline]\nmode = "provided"\nmanaged_by = "Control Tower"\n')
    account["guardduty"].create_detector(Enable=True)
    report, found = run(project)
    assert report.ok and report.baseline == "provided"
    detector = found["guardduty-detector"]
    assert detector.status == "exists" and not detector.created_by_project and not detector.collides
    recorder = found["config-recorder"]  # left to the owner, yet absent: a gap the report shows
    assert recorder.status == "absent" and not recorder.created_by_project
    assert found["budget"].created_by_project  # the project keeps its budget
    assert report.imports_hcl() == "" and report.collisions == []


def test_control_tower_recorder_and_names_that_differ(plain, account):
    project = plain
    role = account["iam"].create_service_linked_role(AWSServiceName="config.amazonaws.com")["Role"]["Arn"]
    account["config"].put_configuration_recorder(ConfigurationRecorder={
        "name": "aws-controltower-BaselineConfigRecorder", "roleARN": role})
    account["s3"].create_bucket(Bucket="ct-logs", CreateBucketConfiguration={"LocationConstraint": REGION})
    account["config"].put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "ct-logs"})
    report, found = run(project)
    assert not report.ok
    assert "Control Tower owns it" in found["config-recorder"].note
    channel = found["config-delivery-channel"]
    assert channel.collides and 'name_overrides = { config_delivery_channel = "default" }' in channel.note
    assert [(b.to, b.id) for b in channel.imports] == [("module.governance.aws_config_delivery_channel.this[0]",
                                                        "default")]
    assert report.provided == ["config-recording"]


def test_singletons_named_like_the_project_say_so(plain, account):
    project = plain
    account["guardduty"].create_detector(Enable=True, Tags={"Project": "django-app", "Environment": "dev"})
    report, found = run(project)
    detector = found["guardduty-detector"]
    assert detector.collides and "named or tagged like this project's" in detector.note
    assert detector.imports and detector.imports[0].to == "module.governance.aws_guardduty_detector.this[0]"
