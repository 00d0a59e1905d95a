"""Deploy-test a generated AWS project on a local moto server, without touching the project's files.

The project is copied to a temporary folder; a ``zz_emulator_override.tf`` there switches the backend to
``local`` and points every AWS endpoint at the emulator. Then: init → plan → apply → plan again (must be
empty) → destroy. Resource types the emulator cannot create are planned but not applied (``-target`` on the
rest) and reported by name; attributes the emulator does not store are reported as emulator drift.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacf_core.kinds import emulator_unsupported
from iacf_core.tools import run, run_streaming, terraform_setup

from .kinds import KINDS

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


def override_tf(endpoint: str, backend: str = 'backend "local" {}') -> str:
    """The override file of an emulator run: ``backend`` (a local state by default) and every endpoint."""
    endpoints = "\n".join(f'    {name} = "{endpoint}"' for name in SERVICES)
    return f"""# Written by iacf for an emulator run; never part of the project.
terraform {{
  {backend}
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
    # ACM issues a certificate as soon as it is described again: the emulator checks no DNS record, so the
    # second step of a first deployment (HTTPS on) and a zone's validation run without moto's 60-second delay
    env = {"MOTO_ACM_VALIDATION_WAIT": "0", **os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
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
    stages: dict[str, tuple[bool, float]] = field(default_factory=dict)  # stage → (passed, seconds), in run order
    lifted: list[str] = field(default_factory=list)  # resources whose protections were lifted for the destroy
    workdir: str = ""  # the temporary copy, when kept


# terraform's line output (-no-color): one line when a resource is done, one when it is refreshed
_DONE = re.compile(r"^(?P<address>\S+): (?:Creation|Modifications|Destruction) complete after ")
_REFRESHED = re.compile(r"^(?P<address>\S+): Refreshing state\.\.\.")
_INIT = re.compile(r"^(?:Initializing .*|- Installing .*|- Using .*)$")
_PLAN = re.compile(r"^(?:Plan: .*|No changes\..*)$")

Lines = Callable[[str], None]


def counter(progress: Callable[[str], None], step: str, wanted: Collection[str], pattern: re.Pattern[str],
            verb: str = "resources") -> Lines:
    """A line handler reporting ``step: done/total resources`` as terraform finishes (or refreshes) each
    resource of ``wanted``."""
    done: set[str] = set()
    total = len(set(wanted))

    def on_line(line: str) -> None:
        match = pattern.match(line.strip())
        if match and match.group("address") in wanted and match.group("address") not in done:
            done.add(match.group("address"))
            progress(f"{step}: {len(done)}/{total} {verb}")

    return on_line


def echo(progress: Callable[[str], None], step: str, pattern: re.Pattern[str]) -> Lines:
    """A line handler passing terraform's own step lines (``Initializing modules...``) on as progress."""
    def on_line(line: str) -> None:
        if pattern.match(line.strip()):
            progress(f"{step}: {line.strip()}")

    return on_line


def _changed_attributes(change: dict[str, Any]) -> list[str]:
    before = change.get("before") or {}
    after = change.get("after") or {}
    unknown = change.get("after_unknown") or {}
    keys = sorted(set(before) | set(after) | set(unknown))
    return [k for k in keys if before.get(k) != after.get(k) or unknown.get(k)]


def _plan_json(tf: list[str], where: Path, env: dict[str, str], args: list[str],
               on_line: Lines = lambda _line: None) -> tuple[int, dict[str, Any], str]:
    proc = run_streaming([*tf, "plan", "-input=false", "-no-color", "-out=iacf.tfplan", "-detailed-exitcode", *args],
                         where, env, on_line)
    if proc.returncode == 1:
        return 1, {}, _tail(proc.stderr or proc.stdout)
    show = run([*tf, "show", "-json", "iacf.tfplan"], where, env)
    return proc.returncode, json.loads(show.stdout or "{}"), ""


def _tail(text: str, lines: int = 12) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def _module_dirs(config: dict[str, Any], base: str = "") -> dict[str, str]:
    """Module address (``module.a.module.b``) → folder relative to the root, from a plan's ``configuration``."""
    found: dict[str, str] = {}
    for name, call in sorted((config.get("module_calls") or {}).items()):
        source = str(call.get("source", ""))
        if not source.startswith(("./", "../")):
            continue  # a registry module cannot be edited here
        folder = os.path.normpath(os.path.join(base, source))
        found[f"module.{name}"] = folder
        for sub, sub_dir in _module_dirs(call.get("module") or {}, folder).items():
            found[f"module.{name}.{sub}"] = sub_dir
    return found


def teardown_overrides(plan: dict[str, Any], exclude: Collection[str] = ()) -> tuple[dict[str, str], list[str]]:
    """Override files (folder → text) lifting the :data:`TEARDOWN` protections of the planned resources
    (``exclude``: addresses not applied), and the addresses concerned."""
    dirs = {"": ".", **_module_dirs((plan.get("configuration") or {}).get("root_module") or {})}
    blocks: dict[str, dict[tuple[str, str], dict[str, object]]] = {}
    lifted: list[str] = []
    for c in plan.get("resource_changes", []):
        wanted = TEARDOWN.get(c.get("type", ""))
        after = (c.get("change") or {}).get("after") or {}
        if c.get("mode") != "managed" or not wanted or c["address"] in exclude:
            continue
        module = str(c.get("module_address") or "")
        module_key = ".".join(p.split("[")[0] for p in module.split(".")) if module else ""
        if module_key not in dirs:
            continue
        changes = {k: v for k, v in wanted.items() if k in after and after[k] != v}
        if changes:
            blocks.setdefault(dirs[module_key], {}).setdefault((c["type"], c["name"]), {}).update(changes)
            lifted.append(c["address"])
    files = {}
    for folder, resources in sorted(blocks.items()):
        text = ["# Written by iacf for an emulator teardown; never part of the project."]
        for (rtype, rname), attrs in sorted(resources.items()):
            body = "".join(f"  {k} = {json.dumps(v)}\n" for k, v in sorted(attrs.items()))
            text.append(f'resource "{rtype}" "{rname}" {{\n{body}}}')
        files[folder] = "\n\n".join(text) + "\n"
    return files, sorted(lifted)


# an edge of ``terraform graph -type=plan``; `` (expand)`` nodes are the objects themselves, `` (close)`` ones
# are bookkeeping (a module's or provider's end) and keep their suffix so they never match a resource address
_EDGE = re.compile(r'^\s*"\[root\] ([^"]+?)(?: \(expand\))?" -> "\[root\] ([^"]+?)(?: \(expand\))?"\s*$')


def config_address(address: str) -> str:
    """``module.a["x"].aws_b.c[0]`` → ``module.a.aws_b.c`` (the address in the configuration and the graph)."""
    return re.sub(r"\[[^\]]*\]", "", address)


def graph_edges(dot: str) -> dict[str, set[str]]:
    """Node → the nodes that depend on it, from ``terraform graph -type=plan`` (edges point at dependencies)."""
    dependents: dict[str, set[str]] = {}
    for line in dot.splitlines():
        match = _EDGE.match(line)
        if match:
            dependents.setdefault(match.group(2), set()).add(match.group(1))
    return dependents


def dependents_of_unsupported(changes: list[dict[str, Any]], dependents: dict[str, set[str]]) -> dict[str, str]:
    """Planned resources that depend, directly or transitively, on a resource of an unsupported type: a targeted
    apply would pull that resource in. Address → the reason it is not applied."""
    by_config: dict[str, list[str]] = {}
    for c in changes:
        by_config.setdefault(config_address(c["address"]), []).append(c["address"])
    unsupported = sorted({(config_address(c["address"]), c["type"]) for c in changes if c["type"] in UNSUPPORTED_TYPES})
    found: dict[str, str] = {}
    for origin, rtype in unsupported:
        seen, todo = {origin}, [origin]
        while todo:
            for node in dependents.get(todo.pop(), ()):
                if node not in seen:
                    seen.add(node)
                    todo.append(node)
        for node in sorted(seen - {origin}):
            for address in by_config.get(node, []):
                found.setdefault(address, f"depends on {rtype}, which the emulator cannot create")
    return {a: r for a, r in found.items() if not any(c["address"] == a and c["type"] in UNSUPPORTED_TYPES
                                                     for c in changes)}


def deploy(project: Path, endpoint: str, variables: dict[str, str] | None = None, *, destroy: bool = True,
           root: str = ".", progress: Callable[[str], None] = lambda _m: None, var_files: tuple[str, ...] = (),
           keep: bool = False, then: dict[str, str] | None = None,
           after_apply: Callable[[Path], None] | None = None) -> EmulatorResult:
    """init → plan → apply (supported types) → plan (must be empty) → destroy, in a temporary copy.

    ``root`` is the root module to run, relative to ``project`` (e.g. ``bootstrap``); the whole project is
    copied so that relative module sources resolve. ``var_files`` are passed as ``-var-file`` (relative to
    the root). ``then`` adds a second plan and apply with these variables on top (the second step of a
    documented two-step first deployment, e.g. HTTPS turned on); the re-plan and the destroy use them too.
    Before the destroy, the :data:`TEARDOWN` protections are lifted in the copy (override files, applied to
    those resources only). ``keep`` leaves the copy (``result.workdir``) in place. ``after_apply`` is called
    with the root's working folder (local state in ``terraform.tfstate``) once every apply step succeeded,
    while the resources still exist.
    """
    setup = terraform_setup()
    if setup is None:
        return EmulatorResult(ok=False, stage="setup", message="terraform not found")
    env = {**setup.env, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_ENDPOINT_URL": endpoint, "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-west-3")}
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        env.pop(key, None)
    tf = [setup.executable]
    var_args = [f"-var-file={f}" for f in var_files]
    var_args += [f"-var={k}={v}" for k, v in sorted((variables or {}).items())]
    tmp = tempfile.mkdtemp(prefix="iacf-emulator-")
    stages: dict[str, tuple[bool, float]] = {}

    def step(stage: str, cmd: list[str], timeout: int = 1800,
             on_line: Lines | None = None) -> subprocess.CompletedProcess[str]:
        started = time.monotonic()
        proc = run_streaming(cmd, where, env, on_line, timeout) if on_line else run(cmd, where, env, timeout=timeout)
        spent = stages.get(stage, (True, 0.0))[1] + time.monotonic() - started
        stages[stage] = (proc.returncode in (0, 2), round(spent, 1))
        return proc

    where = Path(tmp) / "project" / root
    result_targets: list[list[str]] = []
    result_plans: list[dict[str, Any]] = []

    def apply_step(label: str, result: EmulatorResult) -> EmulatorResult | None:
        """Plan, then apply what the emulator supports; the failed result, or None (``result`` updated)."""
        progress(f"terraform plan{label}")
        started = time.monotonic()
        code, plan, err = _plan_json(tf, where, env, var_args, echo(progress, "terraform plan", _PLAN))
        stages["plan"] = (code != 1, round(stages.get("plan", (True, 0.0))[1] + time.monotonic() - started, 1))
        if code == 1:
            if destroy and result.applied:  # a second step's plan failed: remove what the first one created
                step("destroy", [*tf, "destroy", "-input=false", "-no-color", "-auto-approve", *var_args],
                     timeout=3600, on_line=counter(progress, "terraform destroy", result.applied, _DONE))
            return EmulatorResult(ok=False, stage="plan", message=err, stages=stages, applied=result.applied)
        changes = [c for c in plan.get("resource_changes", []) if c.get("mode") == "managed"]
        planned = {p["address"]: p for p in result.planned}
        planned.update({c["address"]: {"address": c["address"], "type": c["type"],
                                       "after": (c.get("change") or {}).get("after")} for c in changes})
        skip = {c["address"]: UNSUPPORTED_TYPES[c["type"]] for c in changes if c["type"] in UNSUPPORTED_TYPES}
        if skip:  # -target pulls in the targets' dependencies: leave out whatever needs an unsupported resource
            graph = run([*tf, "graph", "-type=plan"], where, env)
            if graph.returncode != 0:
                return EmulatorResult(ok=False, stage="plan", message=_tail(graph.stderr or graph.stdout),
                                      stages=stages, applied=result.applied)
            skip.update(dependents_of_unsupported(changes, graph_edges(graph.stdout)))
        applied = [c["address"] for c in changes if c["address"] not in skip]
        targets = [f"-target={a}" for a in applied] if skip else []
        unsupported = f", {len(skip)} not supported by the emulator" if skip else ""
        progress(f"terraform apply{label} ({len(applied)} resources{unsupported})")
        apply = step("apply", [*tf, "apply", "-input=false", "-no-color", "-auto-approve", *var_args, *targets],
                     timeout=3600, on_line=counter(progress, "terraform apply", applied, _DONE))
        result.applied = list(dict.fromkeys([*result.applied, *applied]))
        result.not_applied = {a: r for a, r in {**result.not_applied, **skip}.items() if a not in result.applied}
        result.planned = list(planned.values())
        result_targets.append(targets)
        result_plans.append(plan)
        if apply.returncode != 0:
            result.stage, result.message = "apply", _tail(apply.stderr or apply.stdout, 30)
            listed = run([*tf, "state", "list"], where, env)  # what the failed apply did create
            result.applied = [a for a in listed.stdout.split() if not a.startswith("data.") and ".data." not in a]
            if destroy:  # remove what the failed apply created; the failure stays the apply's
                progress("terraform destroy (clean up after the failed apply)")
                step("destroy", [*tf, "destroy", "-input=false", "-no-color", "-auto-approve", *var_args],
                     timeout=3600, on_line=counter(progress, "terraform destroy", result.applied, _DONE))
            return result
        return None

    def body() -> EmulatorResult:
        shutil.copytree(project, Path(tmp) / "project",
                        ignore=shutil.ignore_patterns(".terraform", "*.tfstate*", ".git"))
        (where / "zz_emulator_override.tf").write_text(override_tf(endpoint))
        progress("terraform init: local backend, emulator endpoints")
        init = step("init", [*tf, "init", "-input=false", "-no-color"],
                    on_line=echo(progress, "terraform init", _INIT))
        if init.returncode != 0:
            return EmulatorResult(ok=False, stage="init", message=_tail(init.stderr or init.stdout), stages=stages)
        result = EmulatorResult(ok=False, stage="plan", stages=stages)
        for number, extra in enumerate([{}, *([then] if then else [])]):
            pairs = [f"{k}={v}" for k, v in sorted(extra.items())]
            var_args.extend(f"-var={pair}" for pair in pairs)
            failed = apply_step(f" (step {number + 1}: {', '.join(pairs)})" if pairs else "", result)
            if failed is not None:
                return failed
        skip, targets, plan = result.not_applied, result_targets[-1], result_plans[-1]
        if after_apply is not None:
            after_apply(where)
        progress("terraform plan (must be empty)")
        started = time.monotonic()
        code, replan, err = _plan_json(tf, where, env, [*var_args, *targets],
                                       counter(progress, "terraform plan (must be empty)", result.applied, _REFRESHED,
                                               "resources refreshed"))
        stages["replan"] = (code != 1, round(time.monotonic() - started, 1))
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
        stages["replan"] = (result.ok, stages["replan"][1])
        if destroy:
            overrides, lifted = teardown_overrides(plan, exclude=set(skip))
            if overrides:  # what an operator does first; only in the copy
                progress(f"terraform apply (lift the deletion protection of {len(lifted)} resources in the copy)")
                for folder, text in overrides.items():
                    (where / folder / "zz_emulator_teardown_override.tf").write_text(text)
                step("destroy", [*tf, "apply", "-input=false", "-no-color", "-auto-approve", *var_args,
                                 *[f"-target={a}" for a in lifted]], timeout=3600,
                     on_line=counter(progress, "terraform apply (lift protections)", lifted, _DONE))
                result.lifted = lifted
            progress("terraform destroy")
            gone = step("destroy", [*tf, "destroy", "-input=false", "-no-color", "-auto-approve", *var_args,
                                    *targets], timeout=3600,
                        on_line=counter(progress, "terraform destroy", result.applied, _DONE))
            result.destroyed = gone.returncode == 0
            if not result.destroyed:
                result.message = "destroy failed: " + _tail(gone.stderr or gone.stdout)
        return result

    try:
        outcome = body()
        if keep:
            outcome.workdir = str(where)
        return outcome
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
