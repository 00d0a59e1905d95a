"""The CI identities and the VPC's egress on Google Cloud.

The apply service account's roles are derived from the stack's kinds: for three stacks of different kinds, the roles
granted are exactly the ones their resources need (no Cloud SQL role without a database, no service account or
network role without workloads), each explained in DECISIONS.md and the README, and its projectIamAdmin may grant
only the workloads' project-level roles. The gcp-iam gate refuses a basic role, an unconditioned projectIamAdmin or
a role acting as any service account in the CI identities' roles. Workloads reach Google APIs through Private Google
Access only; internet egress (Cloud NAT, HTTPS to any address) exists only for the workloads `[gcp]
internet_egress` names.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from iacf_core.testing import assert_refused, generated_project
from iacf_core.toolkit.hcl import load_file
from iacf_gcp.checks import check_iam

# the baseline, the keys and the APIs: every stack's apply identity holds these
BASE = {"roles/serviceusage.serviceUsageAdmin", "roles/cloudkms.admin", "roles/logging.configWriter",
        "roles/pubsub.admin", "roles/cloudasset.owner", "roles/securitycenter.notificationConfigEditor",
        "roles/monitoring.notificationChannelEditor"}
NETWORK = {"roles/compute.networkAdmin", "roles/compute.securityAdmin", "roles/servicenetworking.networksAdmin",
           "roles/dns.admin"}
STACKS = {
    # request, the roles beyond the baseline, the project-level roles the apply identity may grant
    "django": ("App web Django avec PostgreSQL en prod sur GCP",
               NETWORK | {"roles/compute.loadBalancerAdmin", "roles/run.admin", "roles/secretmanager.admin",
                          "roles/iam.serviceAccountAdmin", "roles/cloudsql.admin"},
               ["roles/cloudsql.client", "roles/cloudsql.instanceUser"]),
    "function": ("a Cloud Function that consumes a Pub/Sub queue and writes to a GCS bucket, prod on GCP",
                 NETWORK | {"roles/cloudfunctions.admin", "roles/artifactregistry.admin", "roles/run.admin",
                            "roles/iam.serviceAccountAdmin", "roles/storage.admin"},
                 ["roles/logging.logWriter"]),
    "site": ("A static website on Cloud CDN in dev on Google Cloud",
             {"roles/compute.loadBalancerAdmin", "roles/compute.securityAdmin", "roles/storage.admin"}, []),
}
PROJECT_IAM_ADMIN = "roles/resourcemanager.projectIamAdmin"


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {name: generated_project(tmp_path_factory, request, f"gcp-ci-{name}")
            for name, (request, _, _) in STACKS.items()}


@pytest.fixture(scope="module")
def open_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Django stack with app named in [gcp] internet_egress."""
    policy = tmp_path_factory.mktemp("policy") / "iacf.toml"
    policy.write_text('[gcp]\ninternet_egress = ["app"]\n')
    return generated_project(tmp_path_factory, STACKS["django"][0], "gcp-ci-internet", "--policy", str(policy))


def _tfvars(project: Path) -> dict[str, list[str]]:
    values = load_file(project / "bootstrap" / "iacf.auto.tfvars")
    return {k: [str(r) for r in values.get(k) or []] for k in ("apply_roles", "plan_roles", "workload_roles")}


def _decision(project: Path, decision_id: str) -> str:
    text = (project / "DECISIONS.md").read_text()
    section = text[text.index(f"### `{decision_id}`"):]
    return section[:section.index("\n### ", 1)]


@pytest.mark.parametrize("name", sorted(STACKS))
def test_the_apply_identity_gets_exactly_the_roles_of_the_stacks_services(projects: dict[str, Path],
                                                                          name: str) -> None:
    _, extra, granted = STACKS[name]
    roles = _tfvars(projects[name])
    assert set(roles["apply_roles"]) == BASE | extra
    assert len(roles["apply_roles"]) == len(set(roles["apply_roles"]))
    assert roles["workload_roles"] == granted
    # never a basic role, never IAM administration or acting as any service account on the whole project
    for refused in ("roles/owner", "roles/editor", "roles/viewer", PROJECT_IAM_ADMIN, "roles/iam.serviceAccountUser",
                    "roles/iam.serviceAccountTokenCreator", "roles/iam.securityAdmin"):
        assert refused not in roles["apply_roles"]
    # projectIamAdmin is granted alone, conditioned on the roles the workloads receive
    bootstrap = (projects[name] / "bootstrap" / "main.tf").read_text()
    grant = bootstrap[bootstrap.index('resource "google_project_iam_member" "apply_iam"'):]
    assert f'role    = "{PROJECT_IAM_ADMIN}"' in grant
    assert "modifiedGrantsByRole', []).hasOnly(${jsonencode(var.workload_roles)})" in grant


def test_a_role_comes_only_with_the_kind_that_needs_it(projects: dict[str, Path]) -> None:
    apply = {name: set(_tfvars(project)["apply_roles"]) for name, project in projects.items()}
    assert "roles/cloudsql.admin" in apply["django"]
    assert not {"roles/cloudsql.admin"} & (apply["function"] | apply["site"])  # no database, no Cloud SQL role
    assert "roles/storage.admin" not in apply["django"]  # no bucket in the Django stack
    # a static site has no workload and no VPC: no service account, network, DNS or Cloud Run role
    assert not apply["site"] & (NETWORK - {"roles/compute.securityAdmin"})
    assert not {r for r in apply["site"] if r.startswith(("roles/iam.", "roles/run.", "roles/secretmanager."))}
    # a function's Pub/Sub trigger needs the Functions admin role; the Django stack has no function role at all
    assert not {r for r in apply["django"] if r.startswith(("roles/cloudfunctions.", "roles/artifactregistry."))}
    plan = {name: set(_tfvars(project)["plan_roles"]) for name, project in projects.items()}
    assert "roles/cloudsql.viewer" in plan["django"] and "roles/cloudsql.viewer" not in plan["function"]
    assert "roles/dns.reader" in plan["function"] and "roles/dns.reader" not in plan["site"]


@pytest.mark.parametrize("name", sorted(STACKS))
def test_each_role_is_explained_in_decisions_and_the_readme(projects: dict[str, Path], name: str) -> None:
    project = projects[name]
    roles = _tfvars(project)
    decision = _decision(project, "gcp.delivery.apply-roles")
    assert f"holds {len(roles['apply_roles'])} predefined roles" in decision
    for role in roles["apply_roles"]:
        assert re.search(rf" {re.escape(role)}: [^.]+", decision), role
    granted = roles["workload_roles"]
    assert (f"may grant or revoke only {', '.join(granted)}" in decision if granted
            else "may grant or revoke no role at all" in decision)
    readme = (project / "README.md").read_text()
    table = readme[readme.index("## CI identities"):readme.index("## Validation")]
    rows = re.findall(r"^\| `(roles/[^`]+)`", table, re.M)
    assert sorted(rows) == sorted([*roles["apply_roles"], PROJECT_IAM_ADMIN])
    assert "`roles/billing.viewer` there for the plan service account" in readme


def test_the_iam_gate_refuses_what_the_ci_identities_must_not_hold(projects: dict[str, Path],
                                                                   tmp_path: Path) -> None:
    assert [f.severity.name for f in check_iam(projects["django"])] == ["INFO"]
    project = tmp_path / "tampered"
    shutil.copytree(projects["django"], project)
    tfvars = project / "bootstrap" / "iacf.auto.tfvars"
    text = tfvars.read_text()
    text = text.replace('apply_roles = [\n', 'apply_roles = [\n  "roles/iam.serviceAccountUser",\n', 1)
    text = text.replace('plan_roles = [\n', 'plan_roles = [\n  "roles/editor",\n  "roles/run.admin",\n', 1)
    tfvars.write_text(text)
    main = project / "bootstrap" / "main.tf"
    bootstrap = main.read_text()
    start = bootstrap.index("  condition {", bootstrap.index('"apply_iam"'))
    main.write_text(bootstrap[:start] + bootstrap[bootstrap.index("\n  }\n", start) + 4:])
    messages = sorted(f.message for f in check_iam(project) if f.severity.name == "ERROR")
    assert messages == [
        "apply_roles holds roles/iam.serviceAccountUser",
        f"google_project_iam_member.apply_iam grants {PROJECT_IAM_ADMIN} without a condition on the roles it may "
        "grant",
        "plan_roles holds roles/editor",
        "plan_roles holds roles/run.admin, not a read-only role",
    ]


def test_workloads_reach_google_apis_privately_and_not_the_internet(projects: dict[str, Path]) -> None:
    for name in ("django", "function"):
        main = (projects[name] / "main.tf").read_text()
        network = main[main.index('module "network" {'):]
        network = network[:network.index("\n}\n")]
        assert "cloud_nat = false" in network and "0.0.0.0/0" not in network and "-internet" not in network
        rules = re.findall(r'"([a-z0-9_-]+-google-apis)" = \{\s+description[^\n]+\s+target_tags[^\n]+\s+'
                           r'ports += \["443"\]\s+to_google_apis = true', network)
        assert rules == [f"{'app' if name == 'django' else 'fn'}-google-apis"]
        assert '"dns.googleapis.com"' in main
    module = (projects["django"] / "modules" / "network" / "main.tf").read_text()
    for resource in ('resource "google_dns_managed_zone" "google_apis"', 'resource "google_compute_route" '
                     '"private_google_apis"', 'resource "google_dns_policy" "logging"',
                     'dest_range       = local.google_apis_range', "enable_logging            = true",
                     "count = var.cloud_nat ? 1 : 0"):
        assert resource in module, resource
    decision = _decision(projects["django"], "gcp.network.egress")
    assert "no internet egress, no Cloud NAT" in decision and "199.36.153.8/30" in decision
    assert "Secure Web Proxy" in decision and "restricted.googleapis.com" in decision
    assert "Cloud NAT" not in _decision(projects["django"], "gcp.network.vpc").split("\n")[0]
    assert "roles/compute.networkAdmin: VPC, subnet, route to private.googleapis.com and the Private Service Access " \
           "range [network]." in _decision(projects["django"], "gcp.delivery.apply-roles")


def test_internet_egress_only_for_the_workloads_the_policy_names(open_app: Path) -> None:
    main = (open_app / "main.tf").read_text()
    network = main[main.index('module "network" {'):]
    network = network[:network.index("\n}\n")]
    assert "cloud_nat = true" in network
    rule = network[network.index('"app-internet" = {'):]
    assert re.match(r'"app-internet" = \{\s+description[^\n]+\s+target_tags += \["\$\{local\.name\}-app"\]\s+'
                    r'ports += \["443"\]\s+destination_ranges = \["0\.0\.0\.0/0"\]', rule)
    assert network.count("0.0.0.0/0") == 1 and '"app-google-apis" = {' in network
    decision = _decision(open_app, "gcp.network.egress")
    assert "HTTPS to the internet for app only, through Cloud NAT" in decision
    assert "[gcp] internet_egress" in decision.split("**Trigger:**")[1].split("\n")[0]
    assert "Cloud Router and Cloud NAT [network]" in _decision(open_app, "gcp.delivery.apply-roles")
    assert "Through Cloud NAT, `app` may also reach any internet address" in (open_app / "README.md").read_text()


@pytest.mark.parametrize(("policy", "says"), [
    ('internet_egress = ["web"]', "[gcp] internet_egress names web: no workload of this stack has that id"),
    ('internet_egress = ["App"]', "'App' is not a component id"),
])
def test_internet_egress_names_a_workload_of_the_stack(tmp_path: Path, policy: str, says: str) -> None:
    path = tmp_path / "iacf.toml"
    path.write_text(f"[gcp]\n{policy}\n")
    assert_refused(tmp_path / "out", STACKS["django"][0], says, "--policy", str(path))


BOOTSTRAP_TEST = """
variables {
  project                = "demo"
  environment            = "dev"
  project_id             = "demo-project-1"
  region                 = "europe-west9"
  owner                  = "team"
  cost_center            = "cc"
  github_owner           = "org"
  github_repository_name = "repo"
  apply_roles            = ["roles/run.admin", "roles/cloudkms.admin"]
  plan_roles             = ["roles/browser", "roles/dns.reader", "roles/iam.securityReviewer"]
  workload_roles         = ["roles/cloudsql.client"]
}

run "the_generated_shape_is_accepted" {
  command = plan
}
""" + "".join(f"""
run "{name}" {{
  command = plan

  variables {{
    {variable} = {value}
  }}

  expect_failures = [var.{variable}]
}}
""" for name, variable, value in (
    ("apply_no_basic_role", "apply_roles", '["roles/editor"]'),
    ("apply_no_project_iam_admin", "apply_roles", f'["{PROJECT_IAM_ADMIN}"]'),
    ("apply_no_service_account_user", "apply_roles", '["roles/run.admin", "roles/iam.serviceAccountUser"]'),
    ("plan_no_basic_viewer", "plan_roles", '["roles/viewer"]'),
    ("plan_read_only", "plan_roles", '["roles/browser", "roles/storage.admin"]'),
    ("workloads_no_iam_admin", "workload_roles", '["roles/iam.serviceAccountAdmin"]'),
))


@pytest.mark.terraform
def test_the_bootstrap_refuses_roles_it_must_not_grant(projects: dict[str, Path], tmp_path: Path) -> None:
    """The bootstrap's variables refuse what the generator never writes, should someone edit its tfvars."""
    if shutil.which("terraform") is None:
        pytest.skip("terraform not installed")
    shutil.copy(projects["django"] / "bootstrap" / "variables.tf", tmp_path / "variables.tf")
    (tmp_path / "roles.tftest.hcl").write_text(BOOTSTRAP_TEST)
    for command in (["terraform", "init", "-backend=false", "-input=false"], ["terraform", "test"]):
        res = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
        assert res.returncode == 0, res.stdout + res.stderr
    assert "7 passed, 0 failed" in res.stdout
