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
from conftest import SEED_DEV

from iacf_core.testing import run_cli
from iacf_core.toolkit.tools import find_checkov

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


@pytest.mark.parametrize("env", ["prod", "dev"])
def test_every_init_sends_the_state_encrypted_as_the_state_bucket_requires(generated, env):
    # the state bucket denies s3:PutObject without x-amz-server-side-encryption = aws:kms, and Terraform's S3
    # backend sends that header (with kms_key_id) only when encrypt is true: set in backend.tf, for CI's init too
    bucket_policy = (generated[env] / "modules" / "state_backend" / "main.tf").read_text()  # bootstrap/ calls it
    assert '"DenyObjectsNotEncryptedWithKms"' in bucket_policy and '"s3:x-amz-server-side-encryption"' in bucket_policy
    backend = re.search(r'backend "s3" \{(.*?)\n  \}', (generated[env] / "backend.tf").read_text(), re.S)
    assert backend is not None and re.search(r"^\s*encrypt\s*=\s*true$", backend.group(1), re.M), backend
    flow = yaml.safe_load((generated[env] / WORKFLOW).read_text())
    inits = [s["run"] for job in flow["jobs"].values() for s in job["steps"]
             if "terraform init" in s.get("run", "") and "-backend=false" not in s["run"]]
    assert len(inits) == 2 and all('-backend-config="kms_key_id=' in run for run in inits)
    assert not any("encrypt=false" in run for run in inits)


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


# -- the delivery roles, proven from the bootstrap's plan ---------------------------------------------------

PROJECT = "django-app"


def _plan_bootstrap(project: Path, moto_server_url: str, work: Path, *variables: str) -> dict:
    """``terraform show -json`` of the bootstrap/ plan of ``project`` (copied to ``work``), on the emulator."""
    from iacf_aws.emulator import override_tf
    from iacf_core.toolkit.tools import terraform_setup

    setup = terraform_setup()
    assert setup is not None
    shutil.copytree(project, work)
    root = work / "bootstrap"
    (root / "zz_emulator_override.tf").write_text(override_tf(moto_server_url))
    env = {**setup.env, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_ENDPOINT_URL": moto_server_url}
    for cmd in (["init", "-input=false", "-no-color"],
                ["plan", "-input=false", "-no-color", "-out=bootstrap.tfplan", "-var=github_repository=acme/shop",
                 *(f"-var={v}" for v in variables)]):
        proc = subprocess.run([setup.executable, *cmd], cwd=root, env=env, capture_output=True, text=True,
                              check=False)
        assert proc.returncode == 0, proc.stderr[-3000:]
    shown = subprocess.run([setup.executable, "show", "-json", "bootstrap.tfplan"], cwd=root, env=env,
                           capture_output=True, text=True, check=True)
    return json.loads(shown.stdout)


@pytest.fixture(scope="module")
def bootstrap_plan(generated, moto_server_url, tmp_path_factory) -> dict:
    """``terraform show -json`` of bootstrap/'s plan for the prod seed project, planned on the emulator."""
    return _plan_bootstrap(generated["prod"], moto_server_url, tmp_path_factory.mktemp("bootstrap") / "project")


def _scope(plan: dict):
    from iacf_aws.iam_escalation import Scope

    iam = "arn:aws:iam::123456789012"
    return Scope(account="123456789012", partition="aws", region="eu-west-3",
                 boundary_arn=f"{iam}:policy/{PROJECT}-prod-workload-boundary", bounded_prefix=f"{PROJECT}-prod-",
                 protected=(f"{iam}:role/{PROJECT}-ci-plan", f"{iam}:role/{PROJECT}-ci-prod-apply",
                            f"{iam}:policy/{PROJECT}-ci-boundary", f"{iam}:policy/{PROJECT}-prod-workload-boundary"))


STATE_OBJECTS = (f"arn:aws:s3:::{PROJECT}-tfstate-123456789012/{PROJECT}/*",)


@pytest.mark.emulator
def test_delivery_roles_have_no_escalation_path_and_read_no_data(bootstrap_plan):
    from iacf_aws.iam_escalation import data_reads, escalation_paths, principals_from_plan

    roles = principals_from_plan(bootstrap_plan)
    assert set(roles) == {f"{PROJECT}-ci-plan", f"{PROJECT}-ci-prod-apply"}
    scope = _scope(bootstrap_plan)
    for role in roles.values():
        assert role.policies and role.boundary and not role.unknown, role.name
        paths = escalation_paths(role, scope)
        assert paths == [], "\n".join(map(str, paths))
        reads = data_reads(role, scope, allowed_objects=STATE_OBJECTS)
        assert reads == [], "\n".join(map(str, reads))
    # no AWS-managed policy (whose text the plan does not show) is attached to either role
    attached = [c for c in bootstrap_plan["resource_changes"] if c["type"] == "aws_iam_role_policy_attachment"]
    assert attached == []
    # IAM quotas the emulator does not enforce: managed policies 6,144 characters, a role's inline ones 10,240
    for change in bootstrap_plan["resource_changes"]:
        if change["type"] in ("aws_iam_policy", "aws_iam_role_policy"):
            size = len(re.sub(r"\s", "", change["change"]["after"]["policy"]))
            assert size <= (6144 if change["type"] == "aws_iam_policy" else 10240), (change["address"], size)


@pytest.mark.emulator
def test_delivery_roles_can_do_what_a_plan_and_an_apply_need(bootstrap_plan):
    from iacf_aws.iam_escalation import Request, allowed, principals_from_plan

    roles = principals_from_plan(bootstrap_plan)
    plan, apply = roles[f"{PROJECT}-ci-plan"], roles[f"{PROJECT}-ci-prod-apply"]
    account, region = "123456789012", {"aws:RequestedRegion": ("eu-west-3",)}
    state = f"arn:aws:s3:::{PROJECT}-tfstate-{account}/{PROJECT}/prod/terraform.tfstate"
    lock = f"arn:aws:dynamodb:eu-west-3:{account}:table/{PROJECT}-tflock"
    via_s3 = {"kms:ViaService": ("s3.eu-west-3.amazonaws.com",), "kms:ResourceAliases": (f"alias/{PROJECT}-tfstate",)}
    key = f"arn:aws:kms:eu-west-3:{account}:key/0000"
    role = f"arn:aws:iam::{account}:role/{PROJECT}-prod-app-task"
    with_boundary = {"iam:PermissionsBoundary": (f"arn:aws:iam::{account}:policy/{PROJECT}-prod-workload-boundary",)}
    for principal in (plan, apply):
        for request in (Request("s3:GetObject", state), Request("dynamodb:PutItem", lock),
                        Request("dynamodb:GetItem", lock), Request("kms:Decrypt", key, via_s3),
                        Request("ec2:DescribeVpcs", "*", region), Request("rds:DescribeDBInstances", "*", region),
                        Request("secretsmanager:DescribeSecret", "*", region), Request("iam:GetRole", role),
                        Request("iam:GetAccountPasswordPolicy", "*")):
            assert allowed(principal, request), (principal.name, request)
        assert not allowed(principal, Request("kms:Decrypt", key, {}, frozenset({"kms:ViaService"})))
        assert not allowed(principal, Request("ec2:DescribeVpcs", "*", {"aws:RequestedRegion": ("ap-south-1",)}))
    for request in (Request("s3:PutObject", state), Request("ec2:CreateVpc", "*", region),
                    Request("iam:CreateRole", role, with_boundary)):
        assert not allowed(plan, request), request
        assert allowed(apply, request), request
    for request in (Request("iam:CreateRole", role, {}, frozenset({"iam:PermissionsBoundary"})),
                    Request("iam:CreateRole", f"arn:aws:iam::{account}:role/{PROJECT}-dev-x", with_boundary),
                    Request("secretsmanager:GetSecretValue", f"arn:aws:secretsmanager:eu-west-3:{account}:secret:x"),
                    Request("s3:PutBucketPolicy", f"arn:aws:s3:::{PROJECT}-tfstate-{account}"),
                    Request("dynamodb:DeleteTable", lock),
                    # the audit evidence: no lifting of a GOVERNANCE-mode lock, no pausing of the trail
                    Request("s3:BypassGovernanceRetention", f"arn:aws:s3:::{PROJECT}-trail-{account}/AWSLogs/x"),
                    Request("cloudtrail:StopLogging", f"arn:aws:cloudtrail:eu-west-3:{account}:trail/{PROJECT}"),
                    Request("kms:ScheduleKeyDeletion", key, {"kms:ResourceAliases": (f"alias/{PROJECT}-tfstate",)}),
                    Request("ec2:CreateVpc", "*", {"aws:RequestedRegion": ("ap-south-1",)})):
        assert not allowed(apply, request), request
    # us-east-1 is not a second region: only the global services the stack uses answer there (data residency)
    us_east_1 = {"aws:RequestedRegion": ("us-east-1",)}
    for request in (Request("route53:ChangeResourceRecordSets", "*", us_east_1),
                    Request("budgets:ModifyBudget", "*", us_east_1)):
        assert allowed(apply, request), request
    assert allowed(plan, Request("route53:GetHostedZone", "*", us_east_1))
    for action in ("ec2:CreateVpc", "ec2:RunInstances", "rds:CreateDBInstance", "s3:CreateBucket", "ecs:CreateCluster",
                   "kms:CreateKey", "logs:CreateLogGroup", "acm:RequestCertificate", "wafv2:CreateWebACL"):
        assert not allowed(apply, Request(action, "*", us_east_1)), action
    assert not allowed(plan, Request("ec2:DescribeVpcs", "*", us_east_1))


@pytest.mark.emulator
def test_a_role_the_apply_role_creates_is_capped_by_the_workload_boundary(bootstrap_plan):
    """Whatever policy the apply role writes into an environment role, the boundary caps it: no escalation path,
    another environment's secrets and another account's data out of reach, and nothing at all for a session
    opened through a web identity provider."""
    from iacf_aws.iam_escalation import Principal, Request, allowed, escalation_paths, statements

    boundary = next(c["change"]["after"]["policy"] for c in bootstrap_plan["resource_changes"]
                    if c["type"] == "aws_iam_policy"
                    and c["change"]["after"]["name"] == f"{PROJECT}-prod-workload-boundary")
    admin = Principal("bounded-admin", "arn:aws:iam::123456789012:role/django-app-prod-x",
                      statements({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
                      statements(boundary))
    assert escalation_paths(admin, _scope(bootstrap_plan)) == []
    secret = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:{}/app-secret-key-AbCdEf"  # noqa: S105 - an ARN
    service = frozenset({"aws:FederatedProvider"})
    assert allowed(admin, Request("secretsmanager:GetSecretValue", secret.format(f"{PROJECT}-prod"), {}, service))
    assert not allowed(admin, Request("secretsmanager:GetSecretValue", secret.format(f"{PROJECT}-dev"), {}, service))
    assert not allowed(admin, Request("s3:PutObject", "arn:aws:s3:::elsewhere/x",
                                      {"aws:ResourceAccount": ("999999999999",)}, service))
    assert allowed(admin, Request("s3:PutObject", "arn:aws:s3:::uploads/x",
                                  {"aws:ResourceAccount": ("123456789012",)}, service))
    web_identity = {"aws:FederatedProvider": ("token.actions.githubusercontent.com",),
                    "aws:ResourceAccount": ("123456789012",)}
    assert not allowed(admin, Request("s3:PutObject", "arn:aws:s3:::uploads/x", web_identity))
    for action in ("iam:CreateRole", "sts:AssumeRole", "ec2:RunInstances", "lambda:CreateFunction"):
        assert not allowed(admin, Request(action, "*")), action


@pytest.mark.emulator
def test_pull_requests_get_the_plan_role_the_main_environment_the_apply_role(bootstrap_plan):
    subjects = {}
    for change in bootstrap_plan["resource_changes"]:
        if change["type"] == "aws_iam_role":
            after = change["change"]["after"]
            (statement,) = json.loads(after["assume_role_policy"])["Statement"]
            assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
            assert statement["Principal"]["Federated"].endswith(":oidc-provider/token.actions.githubusercontent.com")
            conditions = statement["Condition"]["StringEquals"]
            assert conditions["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
            sub = conditions["token.actions.githubusercontent.com:sub"]
            subjects[after["name"]] = sorted([sub] if isinstance(sub, str) else sub)
    assert subjects == {f"{PROJECT}-ci-plan": ["repo:acme/shop:pull_request", "repo:acme/shop:ref:refs/heads/main"],
                        f"{PROJECT}-ci-prod-apply": ["repo:acme/shop:environment:prod"]}


# -- outside dev, the pipeline cannot remove the evidence of what it did (segregation of duties) ------------

ACCOUNT = "123456789012"
REGION = {"aws:RequestedRegion": ("eu-west-3",)}
_ARN = "arn:aws:{}:eu-west-3:" + ACCOUNT + ":{}"
KEY = _ARN.format("kms", "key/1111aaaa-0000-0000-0000-000000000000")
TRAIL_LOG_GROUP = _ARN.format("logs", f"log-group:/aws/cloudtrail/{PROJECT}-prod-trail")
FLOW_LOG_GROUP = _ARN.format("logs", f"log-group:/aws/vpc-flow-logs/{PROJECT}-prod")
VAULT = _ARN.format("backup", f"backup-vault:{PROJECT}-prod-vault")

# what deletes, stops, disables or detaches the audit evidence, the backups or their keys
EVIDENCE_REMOVAL = (
    ("cloudtrail:DeleteTrail", _ARN.format("cloudtrail", f"trail/{PROJECT}-prod-trail")),
    ("cloudtrail:StopLogging", _ARN.format("cloudtrail", f"trail/{PROJECT}-prod-trail")),
    ("cloudtrail:UpdateTrail", _ARN.format("cloudtrail", f"trail/{PROJECT}-prod-trail")),
    ("guardduty:DeleteDetector", _ARN.format("guardduty", "detector/12abc34d567e8fa901bc2d34e56789f0")),
    ("guardduty:DisassociateFromMasterAccount", _ARN.format("guardduty", "detector/12abc34d567e8fa901bc2d34e56789f0")),
    ("guardduty:DisassociateFromAdministratorAccount", _ARN.format("guardduty", "detector/12abc")),
    ("config:DeleteConfigurationRecorder", "*"), ("config:StopConfigurationRecorder", "*"),
    ("config:DeleteDeliveryChannel", "*"),
    ("securityhub:DisableSecurityHub", _ARN.format("securityhub", "hub/default")),
    ("securityhub:BatchDisableStandards", _ARN.format("securityhub", "hub/default")),
    ("backup:DeleteBackupVault", VAULT), ("backup:DeleteBackupVaultLockConfiguration", VAULT),
    ("backup:DeleteBackupVaultAccessPolicy", VAULT),
    ("backup:DeleteRecoveryPoint", _ARN.format("backup", "recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45")),
    ("backup:UpdateRecoveryPointLifecycle", _ARN.format("backup", "recovery-point:1EB3B5E7")),
    ("kms:ScheduleKeyDeletion", KEY), ("kms:DisableKey", KEY), ("kms:DeleteImportedKeyMaterial", KEY),
    ("logs:DeleteLogGroup", TRAIL_LOG_GROUP), ("logs:DeleteLogGroup", TRAIL_LOG_GROUP + ":*"),
    ("logs:DeleteLogStream", TRAIL_LOG_GROUP + ":log-stream:123456789012_CloudTrail_eu-west-3"),
    ("logs:DeleteLogGroup", FLOW_LOG_GROUP),
)

# what an apply that creates, tags or changes the seed stack's evidence resources in place calls
APPLY_CALLS = (
    ("cloudtrail:CreateTrail", _ARN.format("cloudtrail", f"trail/{PROJECT}-prod-trail")),
    ("cloudtrail:StartLogging", _ARN.format("cloudtrail", f"trail/{PROJECT}-prod-trail")),
    ("cloudtrail:PutEventSelectors", _ARN.format("cloudtrail", f"trail/{PROJECT}-prod-trail")),
    ("cloudtrail:AddTags", _ARN.format("cloudtrail", f"trail/{PROJECT}-prod-trail")),
    ("guardduty:CreateDetector", "*"), ("guardduty:UpdateDetector", _ARN.format("guardduty", "detector/12abc")),
    ("config:PutConfigurationRecorder", "*"), ("config:PutDeliveryChannel", "*"),
    ("config:StartConfigurationRecorder", "*"),
    ("securityhub:EnableSecurityHub", _ARN.format("securityhub", "hub/default")),
    ("securityhub:BatchEnableStandards", _ARN.format("securityhub", "hub/default")),
    ("backup:CreateBackupVault", VAULT), ("backup:PutBackupVaultAccessPolicy", VAULT),
    ("backup:PutBackupVaultLockConfiguration", VAULT), ("backup:PutBackupVaultNotifications", VAULT),
    ("backup:CreateBackupPlan", "*"), ("backup:TagResource", VAULT),
    ("kms:CreateKey", "*"), ("kms:EnableKeyRotation", KEY), ("kms:TagResource", KEY), ("kms:PutKeyPolicy", KEY),
    ("kms:CreateAlias", _ARN.format("kms", f"alias/{PROJECT}-prod-cloudtrail")),
    ("logs:CreateLogGroup", TRAIL_LOG_GROUP), ("logs:PutRetentionPolicy", TRAIL_LOG_GROUP),
    ("logs:TagResource", TRAIL_LOG_GROUP), ("logs:AssociateKmsKey", FLOW_LOG_GROUP),
)


@pytest.fixture(scope="module")
def bootstrap_plans(generated, bootstrap_plan, moto_server_url, tmp_path_factory) -> dict[str, dict]:
    """The bootstrap/ plans of the seed project in prod, staging (the prod project's bootstrap for a staging
    account and environment) and dev."""
    staging = _plan_bootstrap(generated["prod"], moto_server_url, tmp_path_factory.mktemp("staging") / "project",
                              "environment=staging", 'github_environments=["staging"]')
    dev = _plan_bootstrap(generated["dev"], moto_server_url, tmp_path_factory.mktemp("dev") / "project")
    return {"prod": bootstrap_plan, "staging": staging, "dev": dev}


@pytest.mark.emulator
def test_outside_dev_the_pipeline_cannot_remove_the_evidence_of_what_it_did(bootstrap_plans):
    """In staging and prod the CI boundary denies what deletes, stops, disables or detaches the trail, Config,
    GuardDuty, Security Hub, backup vaults and recovery points, KMS keys and the audit log groups; in dev it
    does not (CI can destroy a dev stack). What an apply of the seed stack calls stays allowed."""
    from iacf_aws.iam_escalation import Principal, Request, allowed, principals_from_plan, statements

    everything = statements({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    for env, plan in bootstrap_plans.items():
        roles = principals_from_plan(plan)
        apply = roles[f"{PROJECT}-ci-{env}-apply"]
        assert apply.boundary is not None
        # the boundary's denies alone: what they refuse, no policy attached to a CI role can grant
        denies = Principal("denies", apply.arn, everything + [s for s in apply.boundary if s.effect == "Deny"])
        for action, resource in EVIDENCE_REMOVAL:
            request = Request(action, resource, REGION)
            if env == "dev" and action != "cloudtrail:StopLogging":
                assert allowed(denies, request), (env, action, resource)
            else:
                assert not allowed(denies, request), (env, action, resource)
                assert not allowed(roles[f"{PROJECT}-ci-plan"], request) and not allowed(apply, request)
        lockout = Request("kms:PutKeyPolicy", KEY, {**REGION, "kms:BypassPolicyLockoutSafetyCheck": ("true",)})
        assert allowed(denies, lockout) == (env == "dev"), env
        if env == "dev":
            continue
        for action, resource in APPLY_CALLS:
            request = Request(action, resource, {**REGION, "kms:BypassPolicyLockoutSafetyCheck": ("false",)})
            assert allowed(apply, request), (env, action, resource)
        # a log group that is not evidence can still be destroyed; so can a key's alias
        assert allowed(apply, Request("logs:DeleteLogGroup", _ARN.format("logs", f"log-group:/ecs/{PROJECT}-{env}-app"),
                                      REGION))
        assert allowed(apply, Request("kms:DeleteAlias", _ARN.format("kms", f"alias/{PROJECT}-{env}-cloudtrail"),
                                      REGION))


# -- every workload role fits in the boundary (AWS enforces it; the emulator does not) ----------------------

_BLOCK = re.compile(r'^(resource|data) "(aws_iam_role_policy|aws_iam_policy_document|aws_iam_role_policy_attachment)" '
                    r'"([^"]+)" \{\n(.*?)^\}', re.M | re.S)
_ACTION = re.compile(r'"([a-z0-9-]+:[A-Za-z0-9*]+)"')


def _allowed_actions(hcl_body: str) -> set[str]:
    """Actions of the Allow statements of an aws_iam_policy_document body or a jsonencode'd document."""
    found: set[str] = set()
    for part in re.split(r"\n  (?:statement|dynamic \"statement\") \{|\{\s*\n\s*Sid", hcl_body):
        if re.search(r'effect\s*=\s*"Deny"|Effect\s*=\s*"Deny"', part):
            continue
        for block in re.findall(r'(?:actions|Action)\s*=\s*(\[.*?\]|"[^"]*")', part, re.S):
            found.update(_ACTION.findall(block) or [block.strip('"')])
    return found


# the services AWS Backup's role touches for the data stores iacf protects (the managed policies cover more)
BACKUP_SERVICES = {"backup", "cloudwatch", "dynamodb", "events", "kms", "rds", "s3", "tag"}


def role_actions(project: Path) -> dict[str, set[str]]:
    """Actions granted to the project's workload roles: inline policies (their documents or jsonencode text, the
    task role policy a web app passes to its module) and attached AWS-managed policies, by policy."""
    import moto.iam.aws_managed_policies as managed

    aws_managed = json.loads(managed.aws_managed_policies_data)
    out: dict[str, set[str]] = {}
    for path in sorted(project.rglob("*.tf")):
        if "github_oidc" in path.parts or "bootstrap" in path.parts:
            continue  # the CI roles are analysed above
        text = path.read_text()
        docs = {m.group(3): m.group(4) for m in _BLOCK.finditer(text) if m.group(2) == "aws_iam_policy_document"}
        for sibling in path.parent.glob("*.tf"):
            docs.update({m.group(3): m.group(4) for m in _BLOCK.finditer(sibling.read_text())
                         if m.group(2) == "aws_iam_policy_document"})
        for m in _BLOCK.finditer(text):
            kind, name, body = m.group(2), m.group(3), m.group(4)
            key = f"{path.relative_to(project)}:{name}"
            if kind == "aws_iam_role_policy":
                ref = re.search(r"policy\s*=\s*data\.aws_iam_policy_document\.(\w+)", body)
                out[key] = _allowed_actions(docs[ref.group(1)]) if ref else _allowed_actions(body)
            elif kind == "aws_iam_role_policy_attachment":
                arn = re.search(r'policy_arn\s*=\s*"[^"]*:policy/(?:service-role/)?([\w-]+)"', body)
                names = [arn.group(1)] if arn else []
                if arn is None and "${each.value}" in body:  # for_each over the module's list of AWS policies
                    listed = re.search(r"managed_policies = concat\((.*?)\n  \)", text, re.S)
                    names = re.findall(r'"(AWS[\w-]+)"', listed.group(1)) if listed else []
                assert names, body
                actions = {a for n in names for s in aws_managed[n]["Document"]["Statement"]
                           if s["Effect"] == "Allow"
                           for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
                if "backup" in path.parts:  # AWS Backup acts only on the selected stores: RDS, DynamoDB, S3
                    actions = {a for a in actions if a.split(":")[0] in BACKUP_SERVICES}
                out[key] = actions
        for call in re.finditer(r"task_role_policy_json = jsonencode\(\{(.*?)^  \}\)", text, re.M | re.S):
            out[f"{path.relative_to(project)}:task_role_policy_json"] = _allowed_actions(call.group(1))
    return out


# The AWS Config recorder's custom role (AWS_ConfigRole: reads of every resource type, and delivery to its
# bucket) moves to the Config service-linked role, which no boundary applies to (issue 10, account baseline).
NOT_BOUNDED = ("modules/account_baseline/config.tf:",)


def test_every_workload_role_fits_in_the_boundary(tmp_path):
    """AWS intersects a role's policies with its boundary: an action the boundary lacks would silently fail on
    AWS while the emulator, which ignores boundaries, applies it. Every action a generated role is granted must be
    allowed by the workload boundary, for every kind."""
    from test_ci_plan import STACKS

    from iacf_aws.iam_escalation import Principal, Request, allowed, statements

    boundary_tf = (Path(__file__).resolve().parents[1] / "iacf-aws" / "src" / "iacf_aws" / "templates" / "modules"
                   / "github_oidc" / "boundary.tf").read_text()
    boundary_actions = _allowed_actions(next(m.group(4) for m in _BLOCK.finditer(boundary_tf)
                                             if m.group(3) == "boundary"))
    cap = Principal("cap", "x", statements({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
                    statements({"Statement": [{"Effect": "Allow", "Action": sorted(boundary_actions),
                                               "Resource": "*"}]}))
    missing: dict[str, set[str]] = {}
    checked = 0
    for name, request in STACKS.items():
        out = tmp_path / name
        assert run_cli("generate", request, "--out", str(out), "--no-validate").exit_code == 0
        for policy, actions in role_actions(out).items():
            if policy.startswith(NOT_BOUNDED):
                continue
            checked += len(actions)
            lacking = {a for a in actions if "*" not in a.split(":", 1)[1] and not allowed(cap, Request(a, "*"))}
            lacking |= {a for a in actions if "*" in a.split(":", 1)[1] and a not in boundary_actions
                        and not any(re.fullmatch(a.replace("*", ".*"), b) for b in boundary_actions)}
            if lacking:
                missing[f"{name}/{policy}"] = lacking
    assert checked > 40
    assert missing == {}, missing
