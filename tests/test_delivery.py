"""Delivery as code: the generated GitHub workflow (pinned actions, least permissions, OIDC, plan summary)
passes zizmor and Checkov's github_actions framework; the policy names the repository the CI roles trust."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from iacf_core.testing import run_cli
from iacf_core.tools import find_checkov

from conftest import SEED_DEV

WORKFLOW = ".github/workflows/terraform.yml"


def _zizmor() -> str | None:
    return shutil.which("zizmor")


@pytest.mark.parametrize("env", ["prod", "dev"])
def test_workflow_has_no_zizmor_finding(generated, env):
    exe = _zizmor()
    if exe is None:
        pytest.skip("zizmor is not installed (pip install zizmor)")
    proc = subprocess.run([exe, "--offline", "--persona", "pedantic", "--format", "json",
                           str(generated[env] / WORKFLOW)], capture_output=True, text=True, check=False)
    findings = json.loads(proc.stdout or "[]")
    assert findings == [], json.dumps(findings, indent=1)[:3000]
    assert proc.returncode == 0, proc.stderr


@pytest.mark.checkov
@pytest.mark.parametrize("env", ["prod", "dev"])
def test_workflow_passes_checkov_github_actions(generated, env, need_checkov):
    exe = find_checkov()
    assert exe is not None
    proc = subprocess.run([exe, "-d", ".", "--framework", "github_actions", "-o", "json", "--skip-download",
                           "--compact"], cwd=generated[env], capture_output=True, text=True, check=False)
    data = json.loads(proc.stdout)
    data = data[0] if isinstance(data, list) else data
    summary = data["summary"]
    assert summary["failed"] == 0, [c["check_id"] for c in data["results"]["failed_checks"]]
    assert summary["passed"] > 20 and summary["parsing_errors"] == 0


@pytest.mark.parametrize("env", ["prod", "dev"])
def test_workflow_pins_actions_and_grants_least_permissions(generated, env):
    text = (generated[env] / WORKFLOW).read_text()
    flow = yaml.safe_load(text)
    assert flow["permissions"] == {}
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    jobs = flow["jobs"]
    assert jobs["checks"]["permissions"] == {"contents": "read"}
    assert jobs["plan"]["permissions"] == {"contents": "read", "id-token": "write", "pull-requests": "write"}
    assert jobs["apply"]["permissions"] == {"contents": "read", "id-token": "write"}
    assert jobs["apply"]["environment"] == env and "refs/heads/main" in jobs["apply"]["if"]
    for job in jobs.values():
        for step in job["steps"]:
            if "actions/checkout" in step.get("uses", ""):
                assert step["with"]["persist-credentials"] is False
            # no expression is expanded inside a shell script (template injection)
            assert "${{" not in step.get("run", "")
    roles = re.findall(r"role-to-assume: \$\{\{ vars\.(\w+) \}\}", text)
    assert roles == ["AWS_PLAN_ROLE_ARN", "AWS_APPLY_ROLE_ARN"]
    assert "aws-access-key-id" not in text and "secrets." not in text
    plan_steps = " ".join(s.get("run", "") for s in jobs["plan"]["steps"])
    assert "gh pr comment" in plan_steps and "GITHUB_STEP_SUMMARY" in plan_steps
    assert "-lockfile=readonly" in plan_steps


def test_policy_names_the_repository_the_ci_roles_trust(tmp_path: Path):
    policy = tmp_path / "iacf.toml"
    policy.write_text('[delivery]\ngithub_repository = "acme/payments-infra"\nplan_branches = ["main", "release"]\n')
    out = tmp_path / "out"
    res = run_cli("generate", SEED_DEV, "--out", str(out), "--no-validate", "--policy", str(policy))
    assert res.exit_code == 0, res.stderr
    tfvars = (out / "bootstrap" / "iacf.auto.tfvars").read_text()
    assert 'github_repository    = "acme/payments-infra"' in tfvars
    assert 'github_plan_branches = ["main", "release"]' in tfvars and 'github_environments  = ["dev"]' in tfvars
    decisions = (out / "DECISIONS.md").read_text()
    assert "aws.delivery.github-oidc" in decisions and "acme/payments-infra" in decisions

    without = tmp_path / "plain"
    assert run_cli("generate", SEED_DEV, "--out", str(without), "--no-validate").exit_code == 0
    assert "github_repository (OWNER/NAME) is required" in (without / "bootstrap" / "iacf.auto.tfvars").read_text()

    for bad, field in (('github_repository = "not a repo"', "github_repository"),
                       ('github_repository = "a/b"\nplan_branches = ["*"]', "plan_branches")):
        policy.write_text(f"[delivery]\n{bad}\n")
        res = run_cli("generate", SEED_DEV, "--out", str(tmp_path / "x"), "--no-validate", "--policy", str(policy))
        assert res.exit_code == 2 and field in res.stderr and "Traceback" not in res.stderr
        assert not (tmp_path / "x").exists()
