"""The ``gcp`` plugin: owns the Google Cloud cloud and its kinds; core routes every per-cloud hook of a ``gcp``
stack here."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from iacf_core import (
    CheckRating,
    CloudInfo,
    Component,
    ComponentKind,
    Control,
    FactoryModuleSource,
    Finding,
    PolicySection,
    RenderedFile,
    Renderer,
    Stack,
    TemplateSource,
    Term,
    TerraformProvider,
    VerifyOptions,
    VerifyReport,
    cloud_terms,
    hookimpl,
    load_data,
    run_rules,
)
from iacf_core.toolkit.layout import CloudLayout, factory_seed, scaffold

from . import governance, policy
from .kinds import KINDS, MODULES, OTHER_SERVICE_WORDS, RESOLVE_ORDER, SPECS
from .kinds.encryption_keys import CONTAINER_KINDS, PURPOSES, SHARED_AGENTS, purposes
from .kinds.kubernetes_cluster import NODE_ROLES

CLOUD = "gcp"
TEMPLATES = "gcp"
LAYOUT = CloudLayout(TEMPLATES)
PROVIDER = TerraformProvider("google", "hashicorp/google", "~> 7.0")

# Google Cloud service names of the governance controls: naming one is understood
CONTROL_WORDS: dict[str, tuple[str, ...]] = {
    "web-application-firewall": ("cloud armor", "google cloud armor"),
    "audit-trail": ("cloud audit logs", "audit logs gcp"),
    "threat-detection": ("security command center", "scc", "event threat detection"),
    "posture-management": ("security health analytics",),
    "config-recording": ("cloud asset inventory", "asset inventory"),
    "budget": ("cloud billing budget", "billing budget"),
    "encryption-keys": ("cloud kms", "cmek"),
    "secrets-management": ("secret manager", "google secret manager"),
    "network-flow-logs": ("vpc flow logs gcp",),
}

# the plugin's own checks guard non-negotiables: critical
OWN_CHECKS: tuple[tuple[str, str, str, str], ...] = (
    ("iacf.tags.default-tags", "critical", "tagging", "The provider's default_labels carry every mandatory label"),
    ("iacf.tags.no-provider", "critical", "tagging", "A google provider block with default_labels exists"),
    ("iacf.ingress.open", "critical", "private-data-tier", "No firewall rule open to the internet but 80/443"),
    ("iacf.gcp.iam", "critical", "least-privilege", "No basic role and no public member in an IAM grant"),
    ("iacf.gcp.public-buckets", "critical", "public-access-block",
     "Public access prevention enforced on every bucket but a static site's, which allows object reads only"),
)


def regions() -> dict[str, list[str]]:
    loaded: dict[str, list[str]] = load_data("iacf_gcp", "regions.yaml")
    return loaded


# modules a kind calls for a parameter rather than by default (the MySQL engine): seeded with that kind too
ENGINE_MODULES: dict[str, tuple[str, ...]] = {"relational_database": ("cloud_sql_mysql",)}


# -- registration ------------------------------------------------------------------------------------------


@hookimpl
def iacf_register_clouds(register: Callable[[CloudInfo], None]) -> None:
    register(CloudInfo(name=CLOUD, title="Google Cloud", default_region="europe-west9",
                       regions=tuple(sorted(regions())),
                       description="Terraform for the hashicorp/google provider 7.x",
                       required_controls=governance.REQUIRED_CONTROLS, provider=PROVIDER))


@hookimpl
def iacf_register_components(register: Callable[[ComponentKind], None]) -> None:
    for spec in KINDS:
        register(spec.component_kind(CLOUD))


@hookimpl
def iacf_register_vocabulary(register: Callable[[Term], None]) -> None:
    names, region_names = ("gcp", "google cloud", "google cloud platform"), regions()
    for term in cloud_terms(CLOUD, names, region_names, KINDS, OTHER_SERVICE_WORDS, CONTROL_WORDS):
        register(term)


def checkov_map() -> dict[str, dict[str, str]]:
    """Checkov Google Cloud id → {severity, control, title} (data/checkov_map.yaml, built by
    ``scripts/build_checkov_map.py --cloud gcp``)."""
    loaded: dict[str, dict[str, str]] = load_data("iacf_gcp", "checkov_map.yaml")["checks"]
    return loaded


@hookimpl
def iacf_register_checks(register: Callable[[CheckRating], None]) -> None:
    for check_id, entry in checkov_map().items():
        register(CheckRating(check_id, entry["severity"], entry["control"], entry["title"]))  # type: ignore[arg-type]
    for check_id, severity, control, title in OWN_CHECKS:
        register(CheckRating(check_id, severity, control, title))  # type: ignore[arg-type]


@hookimpl
def iacf_register_policy(register: Callable[[PolicySection], None]) -> None:
    register(policy.POLICY_SECTION)


@hookimpl
def iacf_register_templates(register: Callable[[TemplateSource], None]) -> None:
    register(TemplateSource(TEMPLATES, Path(str(files("iacf_gcp").joinpath("templates")))))


# -- pipeline --------------------------------------------------------------------------------------------


@hookimpl
def iacf_resolve_dependencies(stack: Stack) -> None:
    run_rules(stack, RESOLVE_ORDER)


@hookimpl
def iacf_inject_governance(stack: Stack, controls: list[Control]) -> None:
    governance.inject(stack, controls)


def labels(stack: Stack) -> dict[str, str]:
    """The extra labels of the policy and the spec: keys as label keys, values as Google takes them (at most 63
    lowercase letters, digits, _ and -; any other character becomes _, as for the owner and cost center)."""
    from .checks import label_key

    return {label_key(k): re.sub(r"[^a-z0-9_-]", "_", v.lower())[:63]
            for k, v in sorted({**stack.policy.tags.values, **stack.spec.tags}.items())}


def _apis(stack: Stack) -> list[str]:
    """The Google APIs the stack's resources need, enabled by the project itself."""
    kinds = {c.kind for c in stack.components.values()}
    apis = {"cloudresourcemanager", "serviceusage", "iam", "cloudkms", "logging", "pubsub", "securitycenter",
            "cloudasset", "billingbudgets", "orgpolicy", "monitoring"}
    if kinds & {"network", "load_balancer"}:
        apis |= {"compute", "servicenetworking"}
    if "static_site" in kinds:
        apis |= {"compute", "storage"}
    if "web_app" in kinds:
        apis |= {"run", "secretmanager", "artifactregistry"}
    if "relational_database" in kinds:
        apis |= {"sqladmin"}
    if "object_storage" in kinds:
        apis |= {"storage"}
    if "nosql_table" in kinds:
        apis |= {"firestore"}
    if "cache" in kinds:
        apis |= {"redis"}
    if "function" in kinds:
        apis |= {"cloudfunctions", "cloudbuild", "artifactregistry", "run", "storage"}
    if any(fn.params.get("event_source") for fn in stack.by_kind("function")):
        apis |= {"eventarc"}  # the Pub/Sub triggers of the functions consuming a queue or topic
    if "kubernetes_cluster" in kinds:
        apis |= {"container", "binaryauthorization", "containersecurity"}
    if kinds & set(CONTAINER_KINDS):
        apis |= {"run", "secretmanager", "artifactregistry"}
    if "scheduled_job" in kinds:
        apis |= {"cloudscheduler"}
    return sorted(f"{a}.googleapis.com" for a in apis)


def _context(component: Component | None, stack: Stack) -> dict[str, Any]:
    return {"c": component, "p": component.params if component else {}, "stack": stack, "spec": stack.spec,
            "env": stack.environment, "is_prod": stack.is_prod, "region": stack.region,
            "project": stack.spec.project, "labels": labels(stack), "gcp": policy.gcp_policy(stack),
            "apis": _apis(stack), "key_purposes": purposes(stack), "key_agents": PURPOSES,
            "shared_agents": SHARED_AGENTS,
            "by_kind": stack.by_kind, "components": stack.components}


@hookimpl
def iacf_render_module(component: Component, stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    spec = SPECS.get(component.kind)
    if spec is None:
        return None
    out = []
    if component.kind == "state_backend":
        out.extend(LAYOUT.bootstrap(renderer))
        out.append(renderer.file("bootstrap/iacf.auto.tfvars", f"{TEMPLATES}/kinds/state_backend/tfvars.j2",
                                 **_context(component, stack), apply_roles=_apply_roles(stack),
                                 plan_roles=_plan_roles(stack), workload_roles=_workload_roles(stack)))
    out.extend(LAYOUT.kind_files(renderer, spec.folder, _context(component, stack)))
    return out


def _apply_roles(stack: Stack) -> list[str]:
    """Predefined roles the apply identity needs for this stack's resources (no basic role)."""
    kinds = {c.kind for c in stack.components.values()}
    roles = {"roles/cloudkms.admin", "roles/logging.configWriter", "roles/pubsub.admin", "roles/cloudasset.owner",
             "roles/securitycenter.notificationConfigEditor", "roles/monitoring.notificationChannelEditor",
             "roles/serviceusage.serviceUsageAdmin", "roles/iam.serviceAccountAdmin", "roles/storage.admin"}
    if kinds & {"network", "load_balancer"}:
        roles |= {"roles/compute.networkAdmin", "roles/compute.securityAdmin", "roles/compute.loadBalancerAdmin",
                  "roles/servicenetworking.networksAdmin"}
    if "static_site" in kinds:
        roles |= {"roles/compute.securityAdmin", "roles/compute.loadBalancerAdmin"}
    if "web_app" in kinds:
        roles |= {"roles/run.admin", "roles/secretmanager.admin"}
    if "relational_database" in kinds:
        roles |= {"roles/cloudsql.admin"}
    if "nosql_table" in kinds:
        roles |= {"roles/datastore.owner"}
    if "cache" in kinds:
        roles |= {"roles/redis.admin"}
    if "function" in kinds:
        roles |= {"roles/cloudfunctions.admin", "roles/artifactregistry.admin", "roles/run.admin"}
    if "kubernetes_cluster" in kinds:
        roles |= {"roles/container.clusterAdmin"}
    if kinds & set(CONTAINER_KINDS):
        roles |= {"roles/run.admin", "roles/secretmanager.admin"}
    if "scheduled_job" in kinds:
        roles |= {"roles/cloudscheduler.admin"}
    return sorted(roles)


def _workload_roles(stack: Stack) -> list[str]:
    """Project-level roles the project's modules grant (the apply identity may grant these and no other); empty
    when the bootstrap's default (the Cloud SQL roles) is enough."""
    extra = []
    if stack.by_kind("nosql_table"):
        extra += ["roles/datastore.user", "roles/datastore.viewer"]  # conditioned on the database
    if stack.by_kind("function"):
        extra.append("roles/logging.logWriter")
    if stack.by_kind("kubernetes_cluster"):
        extra += [r for r in NODE_ROLES if r not in extra]  # the GKE nodes' service account
    return ["roles/cloudsql.client", "roles/cloudsql.instanceUser", *extra] if extra else []


def _plan_roles(stack: Stack) -> list[str]:
    """Read-only predefined roles the plan identity needs (configuration, never data)."""
    kinds = {c.kind for c in stack.components.values()}
    roles = {"roles/browser", "roles/iam.securityReviewer", "roles/cloudkms.viewer", "roles/logging.viewer",
             "roles/pubsub.viewer", "roles/cloudasset.viewer", "roles/securitycenter.notificationConfigViewer",
             "roles/monitoring.viewer", "roles/serviceusage.serviceUsageViewer", "roles/iam.serviceAccountViewer",
             "roles/orgpolicy.policyViewer"}
    if kinds & {"network", "load_balancer"}:
        roles |= {"roles/compute.viewer"}
    if "web_app" in kinds:
        roles |= {"roles/run.viewer", "roles/secretmanager.viewer"}
    if "relational_database" in kinds:
        roles |= {"roles/cloudsql.viewer"}
    if kinds & {"object_storage", "function", "static_site"}:
        roles |= {"roles/storage.bucketViewer"}
    if "static_site" in kinds:
        roles |= {"roles/compute.viewer"}
    if "nosql_table" in kinds:
        roles |= {"roles/datastore.viewer"}
    if "cache" in kinds:
        roles |= {"roles/redis.viewer"}
    if "function" in kinds:
        roles |= {"roles/cloudfunctions.viewer", "roles/artifactregistry.reader", "roles/run.viewer"}
    if "kubernetes_cluster" in kinds:
        roles |= {"roles/container.clusterViewer"}
    if kinds & set(CONTAINER_KINDS):
        roles |= {"roles/run.viewer", "roles/secretmanager.viewer"}
    if "scheduled_job" in kinds:
        roles |= {"roles/cloudscheduler.viewer"}
    return sorted(roles)


PROJECT_FILES: tuple[tuple[str, str], ...] = (
    ("versions.tf", "versions.tf.j2"),
    ("providers.tf", "providers.tf.j2"),
    ("backend.tf", "backend.tf.j2"),
    ("main.tf", "main.tf.j2"),
    ("variables.tf", "variables.tf.j2"),
    ("iacf.auto.tfvars", "iacf.auto.tfvars.j2"),
    ("terraform.tfvars.example", "terraform.tfvars.example.j2"),
    ("backend.hcl.example", "backend.hcl.example.j2"),
)
CI_FILES: tuple[tuple[str, str], ...] = (
    (".github/workflows/terraform.yml", "github-workflow.yml.j2"),
    ("README.md", "README.section.md.j2"),
    ("tests/project.tftest.hcl", "project.tftest.hcl.j2"),
)
CI_TERRAFORM_VERSION = "1.11.4"
CI_CHECKOV_VERSION = "3.3.30"


@hookimpl
def iacf_render_project(stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    wanted = stack.policy.terraform.version
    context = {**_context(None, stack), "checkov_version": CI_CHECKOV_VERSION,
               "terraform_version": wanted if wanted.count(".") == 2 else CI_TERRAFORM_VERSION}
    files = [*LAYOUT.project_files(renderer, PROJECT_FILES, context), *scaffold(renderer),
             *LAYOUT.project_files(renderer, CI_FILES, context)]
    files.extend(LAYOUT.modules(renderer, (m for c in stack.components.values() if c.kind in SPECS
                                           for m in SPECS[c.kind].modules_of(c))))
    return files


@hookimpl
def iacf_validate(out_dir: Path, stack: Stack | None) -> list[Finding]:
    from . import checks  # here: a generate without its gates does not load them

    return checks.validate(out_dir, stack)


@hookimpl
def iacf_verify(project_dir: Path, options: VerifyOptions) -> VerifyReport | None:
    from iacf_core.toolkit.verify import verify_mocked

    return verify_mocked(project_dir, options, provider="google",
                         why="no emulator of these Google Cloud services exists")


@hookimpl
def iacf_factory_modules() -> list[FactoryModuleSource]:
    """Every vendored module with its ``factory_seed/<name>/`` (a basic example and mocked tests)."""
    provides = {kind: MODULES[kind] + ENGINE_MODULES.get(kind, ()) for kind in MODULES}
    return factory_seed("iacf_gcp", CLOUD, provides)
