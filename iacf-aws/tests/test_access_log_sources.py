"""S3 server access logs reach their bucket: the access-log bucket's policy lets ``logging.s3.amazonaws.com``
write only for the buckets that log there (``aws:SourceArn``), and each ARN it names is the real name of a bucket
of the project, the name the ``s3_bucket`` module gives it (with its ``-<account id>-<region>`` suffix)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iacf_core.testing import run_cli
from iacf_core.toolkit.hcl import blocks, load_text

REQUESTS = [
    "App web Django avec PostgreSQL en prod sur AWS",
    "Static website on AWS in prod with a custom domain www.example.com",
    "A static site and a Django app with an S3 bucket in dev on AWS",
]


def _locals(module: Path) -> dict:
    doc = load_text((module / "main.tf").read_text())
    merged: dict = {}
    for block in doc.get("locals", []):
        merged.update(block)
    return merged


def _expr(value: str) -> str:
    """An HCL expression as python-hcl2 renders it, without its ``${...}`` wrapper and spacing."""
    value = value.strip()
    if value.startswith("${") and value.endswith("}"):
        value = value[2:-1]
    return re.sub(r"\s+", "", value)


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    outs = {}
    for index, request in enumerate(REQUESTS):
        out = tmp_path_factory.mktemp(f"access-logs-{index}") / "out"
        res = run_cli("generate", request, "--out", str(out), "--no-validate")
        assert res.exit_code == 0, res.stderr
        outs[request] = out
    return outs


def test_the_module_names_source_buckets_as_it_names_its_own(projects):
    """The SourceArn values are built with the very expression that names a bucket (``var.name`` standing for
    each source's name): a bare ``arn:...:::<name>`` never matches a suffixed bucket and S3 logging is denied."""
    for out in projects.values():
        names = _locals(out / "modules" / "s3_bucket")
        own = _expr(names["bucket_name"])
        assert "var.name" in own and "local.account_id" in own and "local.region" in own
        arns = _expr(names["access_log_source_arns"])
        match = re.fullmatch(r'\[fornameinvar\.access_log_source_buckets:'
                             r'"arn:\$\{local\.partition\}:s3:::\$\{(.*)\}"\]', arns)
        assert match, arns
        assert match[1] == own.replace("var.name", "name"), (match[1], own)
        policy = (out / "modules" / "s3_bucket" / "main.tf").read_text()
        condition = re.search(r'variable = "aws:SourceArn"\n\s*values\s*=\s*(.*)\n', policy)
        assert condition and "local.access_log_source_arns" in condition[1], condition


def test_every_access_log_source_is_a_bucket_of_the_project(projects):
    """Each bucket a receiver lists is a bucket of the project that logs to that receiver, given with the name
    its own module was given and the same suffix setting, so the module builds its real ARN; each bucket that
    logs to a receiver is listed."""
    seen = 0
    for request, out in projects.items():
        modules = {}
        for tf in sorted(out.glob("*.tf")):
            for block in blocks(load_text(tf.read_text()), None, "module", 1):
                if block.body.get("source") == "./modules/s3_bucket":
                    modules[block.labels[0]] = block.body
        receivers = {n: b for n, b in modules.items() if b.get("allow_s3_access_log_delivery") is True}
        assert receivers, request
        for name, body in receivers.items():
            suffixed = body.get("append_account_region_suffix", True)
            senders = sorted((b["name"], b.get("append_account_region_suffix", True)) for b in modules.values()
                             if b.get("access_log_bucket_name") == f"${{module.{name}.bucket_id}}")
            listed = sorted((source, suffixed) for source in body.get("access_log_source_buckets", []))
            assert senders and listed == senders, (request, name, listed, senders)
            seen += 1
    assert seen >= 4


SOURCE_ARN_TEST = """
provider "aws" {
  region                      = "eu-west-3"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

override_data {
  target = data.aws_caller_identity.current
  values = { account_id = "123456789012" }
}

variables {
  name                         = "shop-prod-edge-s3logs"
  access_logging_enabled       = false
  allow_s3_access_log_delivery = true
  access_log_source_buckets    = ["shop-prod-alb-logs"]
}

run "source_arn_is_the_real_bucket" {
  command = plan

  assert {
    condition = strcontains(data.aws_iam_policy_document.this.json,
    "\\"arn:aws:s3:::shop-prod-alb-logs-123456789012-eu-west-3\\"")
    error_message = data.aws_iam_policy_document.this.json
  }
}
"""


@pytest.mark.terraform
def test_the_policy_the_provider_builds_names_the_real_source_bucket(projects, module_test):
    """The aws provider itself (offline: the policy document is built locally, the account id is overridden)
    writes the suffixed source bucket into the access-log bucket's policy."""
    module_test(next(iter(projects.values())) / "modules" / "s3_bucket", "source_arn.tftest.hcl", SOURCE_ARN_TEST)
