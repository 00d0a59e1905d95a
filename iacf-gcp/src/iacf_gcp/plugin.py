"""The ``gcp`` plugin: owns the Google Cloud cloud and its kinds; core routes every per-cloud hook of a ``gcp``
stack here."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    cloud_terms,
    hookimpl,
    load_data,
    run_rules,
)
from iacf_core.toolkit.layout import CloudLayout, factory_seed, scaffold

from . import delivery, governance, policy
from .kinds import KINDS, MODULES, OTHER_SERVICE_WORDS, RESOLVE_ORDER, SPECS
from .kinds.encryption_keys import CONTAINER_KINDS, PURPOSES, SHARED_AGENTS, purposes
from .labels import label_key

if TYPE_CHECKING:  # annotations only: a generation does not load the verify and preflight reports
    from iacf_core import VerifyOptions, VerifyReport

CLOUD = "gcp"
# what the registration hooks register depends only on this package's installed files: core keeps it in a
# snapshot and imports this module only when a hook of a stack of this cloud is called (iacf_core.engine.snapshots)
IACF_STATIC_REGISTRATION = True
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
    ("iacf.gcp.iam", "critical", "least-privilege",
     "No basic role, no public member, no unconditioned projectIamAdmin in an IAM grant or the CI identities' roles"),
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
    return {label_key(k): re.sub(r"[^a-z0-9_-]", "_", v.lower())[:63]
            for k, v in sorted({**stack.policy.tags.values, **stack.spec.tags}.items())}


def _apis(stack: Stack) -> list[str]:
    """The Google APIs the stack's resources need, enabled by the project itself."""
    kinds = {c.kind for c in stack.components.values()}
    apis = {"cloudresourcemanager", "serviceusage", "iam", "cloudkms", "logging", "pubsub", "securitycenter",
            "cloudasset", "billingbudgets", "orgpolicy", "monitoring"}
    if kinds & {"network", "load_balancer"}:
        apis |= {"compute", "servicenetworking"}
    if "network" in kinds:
        apis |= {"dns"}  # the private zones of Private Google Access, the DNS logging policy
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
    if any(fn.params.get("event_source") or fn.params.get("trigger_bucket") for fn in stack.by_kind("function")):
        apis |= {"eventarc"}  # the event triggers of the functions consuming a queue or topic, or reading a bucket
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
                                 **_context(component, stack), apply_roles=list(delivery.apply_roles(stack)),
                                 plan_roles=delivery.plan_roles(stack),
                                 workload_roles=delivery.workload_roles(stack)))
    out.extend(LAYOUT.kind_files(renderer, spec.folder, _context(component, stack)))
    return out


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
               "apply_roles": delivery.apply_roles(stack), "plan_roles": delivery.plan_roles(stack),
               "workload_roles": delivery.workload_roles(stack),
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
