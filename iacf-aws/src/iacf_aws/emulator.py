"""The AWS emulator profile: moto. What the deploy-test harness of core (:mod:`iacf_core.toolkit.deploy`) needs to
know about AWS on moto: the provider's endpoint overrides, the types moto cannot create, the attributes it does
not store, the protections to lift before a destroy, and the server itself.

``deploy(project, endpoint)`` runs the harness with this profile: init → plan → apply → plan again (must be
empty) → destroy, in a temporary copy of the project.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from iacf_core import emulator_unsupported
from iacf_core.toolkit.deploy import DeployResult, EmulatorProfile, free_port, override_file
from iacf_core.toolkit.deploy import deploy as _deploy
from iacf_core.toolkit.deploy import teardown_overrides as _teardown_overrides

from .kinds import KINDS

__all__ = ["EMULATOR_DRIFT", "MOTO", "TEARDOWN", "UNSUPPORTED_TYPES", "EmulatorResult", "deploy", "free_port",
           "moto_server", "override_tf", "reset", "teardown_overrides"]

EmulatorResult = DeployResult
INSTALL_HINT = "pip install 'iacf-aws[emulator]'"

# Resource types whose API calls moto lacks (the rest of the project is applied around them).
UNSUPPORTED_TYPES: dict[str, str] = emulator_unsupported(KINDS)  # each kind's KindSpec lists its own

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
    ("aws_backup_vault", "tags"): "moto's ListTags reads the ARN from the wrong part of the path (no tags returned)",
    ("aws_backup_vault", "tags_all"): "moto's ListTags reads the ARN from the wrong part of the path (no tags "
                                      "returned)",
    ("aws_backup_plan", "tags"): "moto's ListTags reads the ARN from the wrong part of the path (no tags returned)",
    ("aws_backup_plan", "tags_all"): "moto's ListTags reads the ARN from the wrong part of the path (no tags "
                                     "returned)",
}

# What a decommissioning operator switches off before a destroy (deletion protection, non-empty buckets). Applied
# only in the temporary copy, and only when a first destroy fails: the project keeps its protections.
TEARDOWN: dict[str, dict[str, object]] = {
    "aws_db_instance": {"deletion_protection": False, "skip_final_snapshot": True},
    "aws_rds_cluster": {"deletion_protection": False, "skip_final_snapshot": True},
    "aws_dynamodb_table": {"deletion_protection_enabled": False},
    "aws_lb": {"enable_deletion_protection": False},
    "aws_s3_bucket": {"force_destroy": True},
    "aws_ecr_repository": {"force_delete": True},
}

SERVICES = (
    "accessanalyzer", "acm", "apigateway", "apigatewayv2", "applicationautoscaling", "budgets", "cloudfront",
    "cloudtrail", "cloudwatch", "cloudwatchlogs", "configservice", "dynamodb", "ec2", "ecr", "ecs",
    "elasticache", "elb", "elbv2", "events", "guardduty", "iam", "kms", "lambda", "rds", "route53", "s3",
    "scheduler", "secretsmanager", "securityhub", "sns", "sqs", "ssm", "sts", "wafv2",
)


def provider_override(endpoint: str) -> str:
    """The ``provider "aws"`` block of an emulator run: test credentials, every endpoint on the emulator."""
    endpoints = "\n".join(f'    {name} = "{endpoint}"' for name in SERVICES)
    return f"""provider "aws" {{
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


def environment(endpoint: str) -> dict[str, str]:
    """Every SDK call to the emulator, with its fixed test credentials (the user's profile and session unset)."""
    return {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_ENDPOINT_URL": endpoint,
            "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-west-3")}


def override_tf(endpoint: str, backend: str = 'backend "local" {}') -> str:
    """The override file of an emulator run: ``backend`` (a local state by default) and every endpoint."""
    return override_file(MOTO, endpoint, backend)


@contextmanager
def moto_server(port: int | None = None) -> Iterator[str]:
    """Start a moto server on 127.0.0.1 (IAM managed policies loaded, AWS's defaults: see
    :mod:`iacf_aws.emulator_server`); yield its URL; stop it."""
    port = port or free_port()
    # ACM issues a certificate as soon as it is described again: the emulator checks no DNS record, so the
    # second step of a first deployment (HTTPS on) and a zone's validation run without moto's 60-second delay
    env = {"MOTO_ACM_VALIDATION_WAIT": "0", **os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
    log = tempfile.TemporaryFile()
    # moto's server with AWS's defaults where moto's differ (iacf_aws.emulator_server)
    proc = subprocess.Popen(  # noqa: S603 - fixed command line
        [sys.executable, "-m", "iacf_aws.emulator_server", "-H", "127.0.0.1", "-p", str(port)],
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


def moto_missing() -> bool:
    return any(find_spec(m) is None for m in ("moto", "flask", "flask_cors"))


def _unavailable() -> str | None:
    return f"the local AWS emulator (moto) is not installed: {INSTALL_HINT}" if moto_missing() else None


def moto_version() -> str:
    try:
        return f"moto {version('moto')}"
    except PackageNotFoundError:  # pragma: no cover - checked by moto_missing() first
        return "moto"


# the callables look the module's functions up at call time, so that tests can replace them
MOTO = EmulatorProfile(
    name="moto", provider_override=provider_override, environment=environment,
    # the emulator speaks plain HTTP on loopback: a CA bundle has nothing to verify there, and the provider
    # refuses to load one a second time into the process every command of the run attaches to
    unset=("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CA_BUNDLE"), unsupported=UNSUPPORTED_TYPES, drift=EMULATOR_DRIFT,
    teardown=TEARDOWN, server=lambda: moto_server(), unavailable=lambda: _unavailable(),
    version=lambda: moto_version(),
)


def teardown_overrides(plan: dict[str, Any], exclude: tuple[str, ...] | set[str] = ()) -> tuple[dict[str, str],
                                                                                             list[str]]:
    """Override files (folder → text) lifting the :data:`TEARDOWN` protections of the planned resources."""
    return _teardown_overrides(plan, TEARDOWN, exclude)


def deploy(project: Path, endpoint: str, variables: dict[str, str] | None = None, *, destroy: bool = True,
           root: str = ".", progress: Callable[[str], None] = lambda _m: None, var_files: tuple[str, ...] = (),
           keep: bool = False, then: dict[str, str] | None = None,
           after_apply: Callable[[Path], None] | None = None) -> DeployResult:
    """The harness of core (:func:`iacf_core.toolkit.deploy.deploy`) on moto at ``endpoint``."""
    return _deploy(project, MOTO, endpoint, variables, destroy=destroy, root=root, progress=progress,
                   var_files=var_files, keep=keep, then=then, after_apply=after_apply)
