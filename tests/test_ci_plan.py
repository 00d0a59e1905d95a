"""CI plans from what is committed: the generated workflow's own plan steps, run as written on a copy holding only
the files git would commit (no terraform.tfvars), against the emulator's S3 backend.

Only the ``run:`` steps of the plan job are executed; the ``uses:`` steps are what the runner provides here:
the checkout (the copy), AWS credentials (the emulator's) and Terraform (on PATH). Every ``${{ vars.X }}`` the
workflow reads must be a GitHub variable that the generated README's Prerequisites set.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import shutil
import socket
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from conftest import SEED, SEED_DEV

from iacf_core.testing import run_cli
from iacf_core.toolkit.tools import terraform_setup

WORKFLOW = ".github/workflows/terraform.yml"
STATE_BUCKET = "ci-tfstate-123456789012"
LOCK_TABLE = "ci-tflock"

# seed prod and dev, then stacks that together hold every other kind once
STACKS = {
    "seed-prod": SEED,
    "seed-dev": SEED_DEV,
    "serverless": ("API serverless avec Lambda, Aurora PostgreSQL, file SQS, topic SNS, table DynamoDB et bucket S3 "
                   "en dev sur AWS"),
    "trigger": "Un worker qui consomme une file SQS et une tâche planifiée en staging sur AWS",
    "cache-site": ("An ElastiCache Redis cache with a Lambda function and a static website with CloudFront in dev "
                   "on AWS"),
}
_EXPR = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def committed_copy(project: Path, dest: Path, env: dict[str, str]) -> Path:
    """What a clean checkout holds: the README's provider lock file is created and a local terraform.tfvars is
    written (as a user would), then only the files ``git ls-files`` lists after ``git add -A`` are copied."""
    init = subprocess.run(["terraform", "init", "-backend=false", "-input=false", "-no-color"], cwd=project, env=env,
                          capture_output=True, text=True, check=False)
    assert init.returncode == 0, init.stderr
    (project / "terraform.tfvars").write_text('owner = "someone-local"\n')
    git = {**env, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(cmd, cwd=project, env=git, check=True, capture_output=True)
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=project, env=git, check=True, capture_output=True,
                            text=True).stdout.split("\0")
    for rel in filter(None, listed):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(project / rel, dest / rel)
    return dest


def emulator_backend(url: str, region: str, lock_table: bool) -> dict[str, str]:
    """The state bucket, KMS key and lock table bootstrap/ would have made, on the emulator; the GitHub variables
    pointing at them."""
    import boto3

    kw = {"endpoint_url": url, "region_name": region, "aws_access_key_id": "test", "aws_secret_access_key": "test"}
    boto3.client("s3", **kw).create_bucket(Bucket=STATE_BUCKET,
                                           CreateBucketConfiguration={"LocationConstraint": region})
    key = boto3.client("kms", **kw).create_key()["KeyMetadata"]["Arn"]
    found = {"TF_STATE_BUCKET": STATE_BUCKET, "TF_STATE_KMS_KEY": key,
             "AWS_PLAN_ROLE_ARN": "arn:aws:iam::123456789012:role/ci-plan"}
    if lock_table:
        boto3.client("dynamodb", **kw).create_table(
            TableName=LOCK_TABLE, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}])
        found["TF_LOCK_TABLE"] = LOCK_TABLE
    return found


def s3_backend_override(url: str) -> str:
    from iacf_aws.emulator import override_tf

    backend = (f'backend "s3" {{\n    endpoints = {{\n      s3       = "{url}"\n      dynamodb = "{url}"\n'
               f'      sts      = "{url}"\n    }}\n    use_path_style              = true\n'
               "    skip_credentials_validation = true\n    skip_requesting_account_id  = true\n"
               "    skip_metadata_api_check     = true\n  }")
    return override_tf(url, backend)


def substitute(text: str, env: dict[str, str], github_vars: dict[str, str]) -> str:
    """A workflow value with its ``${{ }}`` expressions resolved as GitHub does for a push to main."""
    def value(match: re.Match[str]) -> str:
        expr = match.group(1)
        if expr.startswith("vars."):
            name = expr.removeprefix("vars.")
            assert name in github_vars, f"the workflow reads the GitHub variable {name}, which nothing sets"
            return github_vars[name]
        if expr.startswith("env."):
            return env[expr.removeprefix("env.")]
        known = {"github.token": "not-used", "github.event.pull_request.number": ""}
        assert expr in known, f"unexpected expression in the workflow: {expr}"
        return known[expr]

    return _EXPR.sub(value, str(text))


def run_plan_job(copy: Path, github_vars: dict[str, str], base_env: dict[str, str]) -> list[tuple[str, int, str]]:
    """Run the plan job's ``run:`` steps in order, as written; stop at the first failure."""
    flow = yaml.safe_load((copy / WORKFLOW).read_text())
    env = dict(base_env)
    for scope in (flow.get("env") or {}, flow["jobs"]["plan"].get("env") or {}):
        env.update({k: substitute(v, env, github_vars) for k, v in scope.items()})
    results = []
    for step in flow["jobs"]["plan"]["steps"]:
        if "run" not in step:
            continue
        step_env = {**env, **{k: substitute(v, env, github_vars) for k, v in (step.get("env") or {}).items()}}
        argv = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]]
        started = datetime.now(timezone.utc)
        proc = subprocess.run(argv, cwd=copy, env=step_env, capture_output=True, text=True, check=False, timeout=900)
        own = own_lock(proc.stdout + proc.stderr, started)
        if proc.returncode != 0 and own:
            # the step's own plan holds the lock it waits for: the emulator stored a lock whose answer the SDK
            # did not receive, and the SDK's retry found it taken (a real DynamoDB answers or fails). Release
            # that lock and run the step once more; any other holder fails the test.
            subprocess.run(["terraform", "force-unlock", "-force", own], cwd=copy, env=step_env, check=True,
                           capture_output=True)
            proc = subprocess.run(argv, cwd=copy, env=step_env, capture_output=True, text=True, check=False,
                                  timeout=900)
        results.append((step.get("name", step["run"].split("\n")[0]), proc.returncode, proc.stdout + proc.stderr))
        if proc.returncode != 0:
            break
    return results


def own_lock(output: str, since: datetime) -> str | None:
    """The ID of the state lock a failed step reports as held, when the holder is a plan of this user on this host
    created after ``since``: the step's own."""
    text = re.sub(r"\x1b\[[0-9;]*m|[│╷╵]", "", output)
    if "Error acquiring the state lock" not in text:
        return None
    info = dict(re.findall(r"^\s*(ID|Operation|Who|Created):\s*(.+?)\s*$", text, re.M))
    created = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", info.get("Created", ""))
    mine = f"{getpass.getuser()}@{socket.gethostname()}"
    if not created or info.get("Operation") != "OperationTypePlan" or info.get("Who") != mine:
        return None
    held_since = datetime.strptime(created.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
    return info.get("ID") if held_since >= since.replace(microsecond=0) else None


def documented_variables(project: Path) -> set[str]:
    """GitHub variables the project tells the user to set: the bootstrap's github_settings output sets the backend
    and role ones, the README's Prerequisites name the others (``gh variable set NAME``)."""
    text = (project / "README.md").read_text()
    prerequisites = text.split("## Prerequisites", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"gh variable set ([A-Z][A-Z0-9_]+)", prerequisites))
    outputs = (project / "bootstrap" / "outputs.tf").read_text()
    scripted = set(re.findall(r"\b([A-Z][A-Z0-9_]+)\s+=\s", outputs))
    scripted |= set(re.findall(r"gh variable set (\w+)", outputs))
    return named | scripted


def workflow_variables(text: str) -> set[str]:
    return set(re.findall(r"\$\{\{ vars\.([A-Z0-9_]+) \}\}", text))


@pytest.fixture(scope="module")
def tf_env() -> dict[str, str]:
    setup = terraform_setup()
    if setup is None:
        pytest.skip("terraform not found")
    env = {k: v for k, v in setup.env.items() if not k.startswith(("AWS_", "TF_VAR_", "GITHUB_"))}
    return env


@pytest.mark.emulator
@pytest.mark.parametrize("name", sorted(STACKS))
def test_workflow_plans_from_the_committed_files(name, tmp_path, moto_endpoint, tf_env):
    project = tmp_path / "generated"
    # prod needs someone to notify (the plan stops on the variable's validation otherwise): the organisation's
    # policy names the recipients, as the README's prerequisites ask
    policy = tmp_path / "iacf.toml"
    policy.write_text('[notifications]\nemails = ["secops@example.com"]\n')
    res = run_cli("generate", STACKS[name], "--out", str(project), "--no-validate", "--policy", str(policy))
    assert res.exit_code == 0, res.stderr
    manifest = json.loads((project / ".iacf" / "manifest.json").read_text())
    kinds = {c["kind"] for c in manifest["components"]}
    copy = committed_copy(project, tmp_path / "checkout", tf_env)
    assert not (copy / "terraform.tfvars").exists() and (copy / "iacf.auto.tfvars").is_file()
    assert (copy / ".terraform.lock.hcl").is_file() and not (copy / ".terraform").exists()
    (copy / "zz_ci_override.tf").write_text(s3_backend_override(moto_endpoint))

    flow_text = (copy / WORKFLOW).read_text()
    region = yaml.safe_load(flow_text)["env"]["AWS_REGION"]
    wanted = workflow_variables(flow_text)
    undocumented = wanted - documented_variables(copy)
    assert not undocumented, f"the workflow reads GitHub variables nothing tells the user to set: {undocumented}"
    github_vars = emulator_backend(moto_endpoint, region, "TF_LOCK_TABLE" in wanted)
    release = sorted(wanted - set(github_vars) - {"AWS_APPLY_ROLE_ARN"})
    assert release == sorted(f"{c['id'].upper()}_IMAGE_TAG" for c in manifest["components"] if c["kind"] == "web_app")
    github_vars.update({r: "1.0.0" for r in release})
    base = {**tf_env, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_ENDPOINT_URL": moto_endpoint,
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "PATH": os.environ["PATH"]}

    results = run_plan_job(copy, github_vars, base)
    failed = [(step, out[-3000:]) for step, code, out in results if code != 0]
    assert not failed, failed
    assert [s for s, _c, _o in results][-2:] == ["terraform plan -lock-timeout=5m -out=tfplan",
                                                  "Plan summary (job summary, and a comment on the pull request)"]
    summary = (tmp_path / "summary.md").read_text()
    counted = re.search(r"^Plan: (\d+) to add, 0 to change, 0 to destroy\.", summary, re.M)
    assert counted, summary[:2000]
    # the committed values are the ones planned; the local terraform.tfvars never travelled
    plan = (copy / "plan.txt").read_text()
    assert re.search(rf'"Project"\s+= "{manifest["spec"]["project"]}"', plan) and "someone-local" not in plan
    print(f"{name}: {counted.group(1)} resources planned; kinds {sorted(kinds)}")

    if release:
        # a release value left unset stops the job at its first step, naming the GitHub variable
        missing = {**github_vars, release[0]: ""}
        step, code, out = run_plan_job(copy, missing, base)[0]
        assert code == 1 and f"GitHub variable {release[0]} is not set" in out, out


@pytest.mark.emulator
def test_plan_fails_when_a_committed_value_is_missing(tmp_path, moto_endpoint, tf_env):
    """The test above can fail: drop the domain name from the committed values and the same plan stops."""
    project = tmp_path / "generated"
    assert run_cli("generate", SEED, "--out", str(project), "--no-validate").exit_code == 0
    copy = committed_copy(project, tmp_path / "checkout", tf_env)
    (copy / "zz_ci_override.tf").write_text(s3_backend_override(moto_endpoint))
    values = copy / "iacf.auto.tfvars"
    values.write_text("".join(line for line in values.read_text().splitlines(keepends=True)
                              if not line.startswith("domain_name")))
    github_vars = {**emulator_backend(moto_endpoint, "eu-west-3", True), "APP_IMAGE_TAG": "1.0.0"}
    base = {**tf_env, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_ENDPOINT_URL": moto_endpoint,
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "PATH": os.environ["PATH"]}
    results = run_plan_job(copy, github_vars, base)
    step, code, out = results[-1]
    assert step.startswith("terraform plan") and code != 0
    assert "No value for required variable" in out and "domain_name" in out


def test_the_planned_stacks_hold_every_kind():
    from iacf_core.engine.pipeline import build_stack
    from iacf_core.kernel.plugins import Plugins, get_plugin_manager
    from iacf_core.request.parser import parse_request

    plugins = Plugins(get_plugin_manager())
    kinds = set()
    for request in STACKS.values():
        stack = build_stack(parse_request(request, plugins.registry).spec, plugins)
        kinds |= {c.kind for c in stack.components.values()}
    from iacf_aws.kinds import SPECS

    assert kinds == set(SPECS)  # requested and internal ones


def test_only_a_lock_held_by_the_step_itself_is_released():
    """The retry above releases a lock only when the failed step's own plan holds it."""
    def refused(op: str, who: str, created: str) -> str:
        lines = ["Error: Error acquiring the state lock", "Lock Info:", "  ID:        15911e51-0eab",
                 f"  Operation: {op}", f"  Who:       {who}", f"  Created:   {created}.413856623 +0000 UTC"]
        return "Acquiring state lock.\n" + "".join(f"\x1b[31m│\x1b[0m \x1b[0m{line}\n" for line in lines)

    me = f"{getpass.getuser()}@{socket.gethostname()}"
    since = datetime(2026, 12, 8, 5, 16, 49, 500000, tzinfo=timezone.utc)
    assert own_lock(refused("OperationTypePlan", me, "2026-12-08 05:16:49"), since) == "15911e51-0eab"
    assert own_lock(refused("OperationTypeApply", me, "2026-12-08 05:16:49"), since) is None
    assert own_lock(refused("OperationTypePlan", "ci@elsewhere", "2026-12-08 05:16:49"), since) is None
    assert own_lock(refused("OperationTypePlan", me, "2026-12-08 05:16:48"), since) is None
    assert own_lock("Error: No value for required variable", since) is None
