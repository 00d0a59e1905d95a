"""Deploy-test a generated AWS project on a local moto server, without touching the project's files.

The project is copied to a temporary folder; a ``zz_emulator_override.tf`` there switches the backend to
``local`` and points every AWS endpoint at the emulator. Then: init → plan → apply → plan again (must be
empty) → destroy. Resource types the emulator cannot create are planned but not applied (``-target`` on the
rest) and reported by name; attributes the emulator does not store are reported as emulator drift.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacf_core.tools import run, terraform_setup

# Resource types whose API calls moto lacks (the rest of the project is applied around them).
UNSUPPORTED_TYPES: dict[str, str] = {
    "aws_appautoscaling_target": "moto does not implement Application Auto Scaling ListTagsForResource",
    "aws_appautoscaling_policy": "depends on the autoscaling target, which moto cannot tag",
    "aws_securityhub_account": "moto lacks Security Hub account enablement",
    "aws_securityhub_standards_subscription": "moto lacks Security Hub standards",
    "aws_budgets_budget": "moto lacks AWS Budgets",
    "aws_accessanalyzer_analyzer": "moto lacks IAM Access Analyzer",
    "aws_ebs_encryption_by_default": "moto lacks the EBS default encryption setting",
    "aws_ebs_default_kms_key": "moto lacks the EBS default KMS key",
    "aws_config_conformance_pack": "moto lacks Config conformance packs",
    "aws_s3_account_public_access_block": "the SDK sends it to <account id>.<endpoint host>, which an emulator on "
                                          "127.0.0.1 cannot serve",
    "aws_guardduty_detector_feature": "moto's UpdateDetector replaces the whole feature list instead of merging it",
    "aws_elasticache_replication_group": "moto lacks ElastiCache replication groups",
}

# (resource type, attribute) pairs moto does not store, so a re-plan shows them changing.
EMULATOR_DRIFT: dict[tuple[str, str], str] = {
    ("aws_ecs_service", "availability_zone_rebalancing"): "moto does not store ECS AZ rebalancing",
    ("aws_ecs_service", "enable_ecs_managed_tags"): "moto does not store ECS managed tags",
    ("aws_ecs_service", "health_check_grace_period_seconds"): "moto does not store the health check grace period",
    ("aws_db_instance", "network_type"): "moto does not return the RDS network type",
    ("aws_kms_key", "rotation_period_in_days"): "moto does not store the KMS rotation period",
    ("aws_s3_bucket_notification", "eventbridge"): "moto does not return the EventBridge notification setting",
    ("aws_db_instance", "performance_insights_enabled"): "moto does not store Performance Insights",
    ("aws_db_instance", "performance_insights_kms_key_id"): "moto does not store Performance Insights",
    ("aws_db_instance", "performance_insights_retention_period"): "moto does not store Performance Insights",
    ("aws_db_parameter_group", "parameter"): "moto does not store DB parameter group parameters",
    ("aws_rds_cluster", "scaling_configuration"): "moto returns an empty serverless scaling configuration for "
                                                  "provisioned Aurora clusters",
    ("aws_rds_cluster_instance", "performance_insights_enabled"): "moto does not store Performance Insights",
    ("aws_rds_cluster_instance", "performance_insights_kms_key_id"): "moto does not store Performance Insights",
    ("aws_rds_cluster_instance", "performance_insights_retention_period"): "moto does not store Performance "
                                                                          "Insights",
    ("aws_cloudfront_distribution", "origin"): "moto does not store the CloudFront OAC id",
    ("aws_lambda_function", "dead_letter_config"): "moto does not store a function's dead-letter configuration",
    ("aws_sqs_queue", "redrive_policy"): "moto returns the redrive policy JSON with spaces (same document)",
    ("aws_vpc_security_group_ingress_rule", "description"): "moto drops descriptions of SG-referencing rules",
    ("aws_vpc_security_group_egress_rule", "description"): "moto drops descriptions of SG-referencing rules",
}

SERVICES = (
    "accessanalyzer", "acm", "apigateway", "apigatewayv2", "applicationautoscaling", "budgets", "cloudfront",
    "cloudtrail", "cloudwatch", "cloudwatchlogs", "configservice", "dynamodb", "ec2", "ecr", "ecs",
    "elasticache", "elb", "elbv2", "events", "guardduty", "iam", "kms", "lambda", "rds", "s3", "scheduler",
    "secretsmanager", "securityhub", "sns", "sqs", "ssm", "sts", "wafv2",
)


def override_tf(endpoint: str) -> str:
    endpoints = "\n".join(f'    {name} = "{endpoint}"' for name in SERVICES)
    return f"""# Written by iacf for an emulator run; never part of the project.
terraform {{
  backend "local" {{}}
}}

provider "aws" {{
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = false
  s3_use_path_style           = true
  max_retries                 = 2

  endpoints {{
{endpoints}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def moto_server(port: int | None = None) -> Iterator[str]:
    """Start a moto server on 127.0.0.1 (IAM managed policies loaded); yield its URL; stop it."""
    port = port or free_port()
    env = {**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(  # noqa: S603 - fixed command line
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/moto-api/", timeout=2)  # noqa: S310 - loopback only
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    tail = log.read().decode(errors="replace")[-500:]
                    raise RuntimeError("moto server did not start: " + tail) from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def reset(url: str) -> None:
    """Forget every resource the emulator holds (moto's reset API)."""
    request = urllib.request.Request(f"{url}/moto-api/reset", method="POST")  # noqa: S310 - loopback http
    urllib.request.urlopen(request, timeout=30).close()  # noqa: S310 - http on loopback, built above


@dataclass
class Change:
    address: str
    type: str
    actions: list[str]
    attributes: list[str]

    def is_emulator_drift(self) -> bool:
        return self.actions == ["update"] and bool(self.attributes) and all(
            (self.type, a) in EMULATOR_DRIFT for a in self.attributes)


@dataclass
class EmulatorResult:
    ok: bool
    stage: str
    message: str = ""
    applied: list[str] = field(default_factory=list)
    not_applied: dict[str, str] = field(default_factory=dict)
    drift: list[Change] = field(default_factory=list)
    emulator_drift: list[Change] = field(default_factory=list)
    destroyed: bool = False
    planned: list[dict[str, Any]] = field(default_factory=list)


def _changed_attributes(change: dict[str, Any]) -> list[str]:
    before = change.get("before") or {}
    after = change.get("after") or {}
    unknown = change.get("after_unknown") or {}
    keys = sorted(set(before) | set(after) | set(unknown))
    return [k for k in keys if before.get(k) != after.get(k) or unknown.get(k)]


def _plan_json(tf: list[str], where: Path, env: dict[str, str], args: list[str]) -> tuple[int, dict[str, Any], str]:
    proc = run([*tf, "plan", "-input=false", "-no-color", "-out=iacf.tfplan", "-detailed-exitcode", *args],
               where, env)
    if proc.returncode == 1:
        return 1, {}, _tail(proc.stderr or proc.stdout)
    show = run([*tf, "show", "-json", "iacf.tfplan"], where, env)
    return proc.returncode, json.loads(show.stdout or "{}"), ""


def _tail(text: str, lines: int = 12) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def deploy(project: Path, endpoint: str, variables: dict[str, str] | None = None, *, destroy: bool = True,
           root: str = ".", progress: Callable[[str], None] = lambda _m: None) -> EmulatorResult:
    """init → plan → apply (supported types) → plan (must be empty) → destroy, in a temporary copy.

    ``root`` is the root module to run, relative to ``project`` (e.g. ``bootstrap``); the whole project is
    copied so that relative module sources resolve.
    """
    setup = terraform_setup()
    if setup is None:
        return EmulatorResult(ok=False, stage="setup", message="terraform not found")
    env = {**setup.env, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_ENDPOINT_URL": endpoint, "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-west-3")}
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        env.pop(key, None)
    tf = [setup.executable]
    var_args = [f"-var={k}={v}" for k, v in sorted((variables or {}).items())]
    with tempfile.TemporaryDirectory(prefix="iacf-emulator-") as tmp:
        where = Path(tmp) / "project"
        shutil.copytree(project, where, ignore=shutil.ignore_patterns(".terraform", "*.tfstate*", ".git"))
        where = where / root
        (where / "zz_emulator_override.tf").write_text(override_tf(endpoint))
        progress("terraform init (local backend, emulator endpoints)")
        init = run([*tf, "init", "-input=false", "-no-color"], where, env)
        if init.returncode != 0:
            return EmulatorResult(ok=False, stage="init", message=_tail(init.stderr or init.stdout))
        progress("terraform plan")
        code, plan, err = _plan_json(tf, where, env, var_args)
        if code == 1:
            return EmulatorResult(ok=False, stage="plan", message=err)
        changes = [c for c in plan.get("resource_changes", []) if c.get("mode") == "managed"]
        planned = [{"address": c["address"], "type": c["type"], "after": (c.get("change") or {}).get("after")}
                   for c in changes]
        skip = {c["address"]: UNSUPPORTED_TYPES[c["type"]] for c in changes if c["type"] in UNSUPPORTED_TYPES}
        applied = [c["address"] for c in changes if c["address"] not in skip]
        targets = [f"-target={a}" for a in applied] if skip else []
        unsupported = f", {len(skip)} not supported by the emulator" if skip else ""
        progress(f"terraform apply ({len(applied)} resources{unsupported})")
        apply = run([*tf, "apply", "-input=false", "-no-color", "-auto-approve", *var_args, *targets], where, env,
                    timeout=3600)
        result = EmulatorResult(ok=False, stage="apply", applied=applied, not_applied=skip, planned=planned)
        if apply.returncode != 0:
            result.message = _tail(apply.stderr or apply.stdout, 30)
            return result
        progress("terraform plan (must be empty)")
        code, replan, err = _plan_json(tf, where, env, [*var_args, *targets])
        if code == 1:
            result.stage, result.message = "replan", err
            return result
        for c in replan.get("resource_changes", []):
            actions = (c.get("change") or {}).get("actions", [])
            if c.get("mode") != "managed" or actions in (["no-op"], ["read"]):
                continue
            change = Change(c["address"], c["type"], actions, _changed_attributes(c.get("change") or {}))
            (result.emulator_drift if change.is_emulator_drift() else result.drift).append(change)
        result.stage, result.ok = "replan", not result.drift
        if destroy:
            progress("terraform destroy")
            gone = run([*tf, "destroy", "-input=false", "-no-color", "-auto-approve", *var_args, *targets], where,
                       env, timeout=3600)
            result.destroyed = gone.returncode == 0
            if not result.destroyed:
                result.message = "destroy failed: " + _tail(gone.stderr or gone.stdout)
    return result
