"""The ``aws`` plugin: owns the AWS cloud and its kinds; core routes every per-cloud hook of an ``aws`` stack here."""

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
    RiskLevel,
    SecretPattern,
    Stack,
    TemplateSource,
    Term,
    TerraformProvider,
    cloud_terms,
    hookimpl,
    load_data,
)
from iacf_core.toolkit.layout import CloudLayout, factory_seed, scaffold

from . import access, delivery, governance, notifications, policy, scopes
from .certificates import certificate_owners, dns_zone
from .kinds import KINDS, MODULES, OTHER_SERVICE_WORDS, SPECS, modules_of
from .resolve import resolve
from .serverless import SERVERLESS_KINDS

if TYPE_CHECKING:  # annotations only: a generation does not load the verify and preflight reports
    from iacf_core import PreflightOptions, PreflightReport, VerifyOptions, VerifyReport

CLOUD = "aws"
# what the registration hooks register depends only on this package's installed files: core keeps it in a
# snapshot and imports this module only when a hook of a stack of this cloud is called (iacf_core.engine.snapshots)
IACF_STATIC_REGISTRATION = True
TEMPLATES = "aws"
LAYOUT = CloudLayout(TEMPLATES, kinds="root")

# AWS service names of the governance controls (the neutral words are core's): naming one is understood,
# turning one off ("sans GuardDuty", "CloudTrail disabled") is refused with the control's name
CONTROL_WORDS: dict[str, tuple[str, ...]] = {
    "web-application-firewall": ("aws waf", "wafv2", "aws wafv2"),
    "audit-trail": ("cloudtrail", "aws cloudtrail", "cloud trail"),
    "threat-detection": ("guardduty", "amazon guardduty", "guard duty"),
    "posture-management": ("security hub", "securityhub", "aws security hub"),
    "config-recording": ("aws config", "config recorder", "configuration recorder"),
    "budget": ("aws budgets", "aws budget"),
    "access-analysis": ("access analyzer", "iam access analyzer", "accessanalyzer"),
    "encryption-keys": ("kms", "aws kms", "cles kms", "kms keys", "kms key"),
    "network-flow-logs": ("vpc flow logs", "vpc flow log"),
    "secrets-management": ("secrets manager", "aws secrets manager", "secretsmanager"),
    "public-access-block": ("s3 public access block", "block public access"),
    "backups": ("aws backup",),
}


def regions() -> dict[str, list[str]]:
    loaded: dict[str, list[str]] = load_data("iacf_aws", "regions.yaml")
    return loaded


# -- registration ------------------------------------------------------------------------------------------


@hookimpl
def iacf_register_clouds(register: Callable[[CloudInfo], None]) -> None:
    register(CloudInfo(name=CLOUD, title="Amazon Web Services", default_region="eu-west-3",
                       regions=tuple(sorted(regions())),
                       description="Terraform for the hashicorp/aws provider 5.x",
                       required_controls=governance.REQUIRED_CONTROLS,
                       provider=TerraformProvider("aws", "hashicorp/aws", ">= 5.100, < 6.0")))


@hookimpl
def iacf_register_components(register: Callable[[ComponentKind], None]) -> None:
    for spec in KINDS:
        register(spec.component_kind(CLOUD))


@hookimpl
def iacf_register_vocabulary(register: Callable[[Term], None]) -> None:
    names, region_names = ("aws", "amazon web services", "amazon"), regions()
    for term in cloud_terms(CLOUD, names, region_names, KINDS, OTHER_SERVICE_WORDS, CONTROL_WORDS):
        register(term)


def checkov_map() -> dict[str, dict[str, str]]:
    """Checkov AWS id → {severity, control, title} (data/checkov_map.yaml, built by scripts/build_checkov_map.py)."""
    loaded: dict[str, dict[str, str]] = load_data("iacf_aws", "checkov_map.yaml")["checks"]
    return loaded


# the plugin's own checks guard non-negotiables (tags on everything, no open ingress): critical; a listener on
# a certificate that may not be issued fails the first apply (rated like Checkov's HTTPS checks)
OWN_CHECKS: tuple[tuple[str, RiskLevel, str, str], ...] = (
    ("iacf.tags.default-tags", "critical", "tagging", "The provider's default_tags carry every mandatory tag"),
    ("iacf.tags.no-provider", "critical", "tagging", "A provider block with default_tags exists"),
    ("iacf.ingress.open", "critical", "private-data-tier",
     "No ingress from anywhere except HTTPS/HTTP on an internet edge"),
    ("iacf.tls.validated-certificate", "high", "default-encryption",
     "Listeners and distributions use a certificate through its aws_acm_certificate_validation"),
    ("iacf.iam.permissions-boundary", "critical", "least-privilege",
     "Every IAM role carries the project's permissions boundary"),
    ("iacf.notifications.recipients", "high", "audit-trail", "Alerts and alarms have a recipient (required in prod)"),
    ("iacf.secrets.state-data-source", "critical", "secrets-management",
     "No data source reads a secret value into the state"),
    ("iacf.secrets.state-argument", "critical", "secrets-management",
     "No resource argument keeps a secret value in the state"),
    ("iacf.secrets.aws-access-key", "critical", "secrets-management", "No AWS access key id in code"),
)

# an access key id (long-term AKIA, temporary ASIA) written in a file: core's secrets gate looks for it
ACCESS_KEY = SecretPattern("iacf.secrets.aws-access-key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
                           "No AWS access key id in code")


@hookimpl
def iacf_register_checks(register: Callable[[CheckRating], None]) -> None:
    for check_id, entry in checkov_map().items():
        register(CheckRating(check_id, entry["severity"], entry["control"], entry["title"]))  # type: ignore[arg-type]
    for check_id, severity, control, title in OWN_CHECKS:
        register(CheckRating(check_id, severity, control, title))


@hookimpl
def iacf_register_secret_patterns(register: Callable[[SecretPattern], None]) -> None:
    register(ACCESS_KEY)


@hookimpl
def iacf_register_policy(register: Callable[[PolicySection], None]) -> None:
    register(policy.POLICY_SECTION)


@hookimpl
def iacf_register_templates(register: Callable[[TemplateSource], None]) -> None:
    register(TemplateSource(TEMPLATES, Path(str(files("iacf_aws").joinpath("templates")))))


# -- pipeline --------------------------------------------------------------------------------------------


@hookimpl
def iacf_resolve_dependencies(stack: Stack) -> None:
    resolve(stack)


@hookimpl
def iacf_inject_governance(stack: Stack, controls: list[Control]) -> None:
    governance.inject(stack, controls)
    scopes.annotate(stack)


def edge_of(stack: Stack, app_id: str) -> Component | None:
    """The load balancer component in front of ``app_id``."""
    return next((c for c in stack.ordered() if c.kind == "load_balancer" and c.params.get("target") == app_id), None)


def connected(stack: Stack, component: Component, kind: str) -> list[Component]:
    return [stack.components[i] for i in component.connects_to
            if i in stack.components and stack.components[i].kind == kind]


def _context(component: Component | None, stack: Stack) -> dict[str, Any]:
    return {"c": component, "p": component.params if component else {}, "stack": stack,
            "spec": stack.spec, "env": stack.environment, "is_prod": stack.is_prod,
            "region": stack.region, "project": stack.spec.project,
            "edge_of": lambda app_id: edge_of(stack, app_id),
            "connected": lambda comp, kind: connected(stack, comp, kind),
            "statements": lambda comp, *services: access.statements(stack, comp, services),
            "extra_tags": {**stack.policy.tags.values, **stack.spec.tags},
            "release": delivery.release_values(stack),
            "serverless": any(c.kind in SERVERLESS_KINDS for c in stack.components.values()),
            "dns_zone": dns_zone(stack), "certificate_owners": [o.id for o in certificate_owners(stack)]}


@hookimpl
def iacf_render_module(component: Component, stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    spec = SPECS.get(component.kind)
    if spec is None:
        return None  # a kind of this cloud another plugin renders
    out = []
    if component.kind == "state_backend":
        out.extend(LAYOUT.bootstrap(renderer))
        out.append(renderer.file("bootstrap/iacf.auto.tfvars", f"{TEMPLATES}/root/state_backend/tfvars.j2",
                                 **_context(component, stack),
                                 **delivery.bootstrap_context(stack, _other_templates(renderer))))
    out.extend(LAYOUT.kind_files(renderer, spec.folder, _context(component, stack)))
    if spec.files is not None:
        out.extend(spec.files(component))
    return out


def _other_templates(renderer: Renderer) -> list[Path]:
    """Template folders of the other plugins (their kinds' resources need CI permissions too)."""
    return [s.path for prefix, s in sorted(renderer.registry.templates.items()) if prefix not in (TEMPLATES, "core")]


PROJECT_FILES: tuple[tuple[str, str], ...] = (
    ("versions.tf", "versions.tf.j2"),
    ("providers.tf", "providers.tf.j2"),
    ("backend.tf", "backend.tf.j2"),
    ("main.tf", "main.tf.j2"),
    ("checks.tf", "checks.tf.j2"),
    ("variables.tf", "variables.tf.j2"),
    ("iacf.auto.tfvars", "iacf.auto.tfvars.j2"),
    ("variables.tf", "notifications.variables.tf.j2"),
    ("notifications.tf", "notifications.tf.j2"),
    ("outputs.tf", "notifications.outputs.tf.j2"),
    ("iacf.auto.tfvars", "notifications.auto.tfvars.j2"),
    ("terraform.tfvars.example", "terraform.tfvars.example.j2"),
    ("backend.hcl.example", "backend.hcl.example.j2"),
)
# after core's scaffolding (.gitignore, .checkov.yaml, .pre-commit-config.yaml)
CI_FILES: tuple[tuple[str, str], ...] = (
    (".github/workflows/terraform.yml", "github-workflow.yml.j2"),
    ("README.md", "README.section.md.j2"),
)
# the files the delivery scripts write locally, and the credential detector of the pre-commit hooks
IGNORED = ("github-settings.sh",)
PRE_COMMIT = """      - id: detect-aws-credentials
        args: ["--allow-missing-credentials"]"""


# tool versions the generated CI pins (a full x.y.z from the policy's terraform.version wins)
CI_TERRAFORM_VERSION = "1.11.4"
CI_CHECKOV_VERSION = "3.3.30"


def _delivery_context(stack: Stack) -> dict[str, Any]:
    state = stack.components.get("state")
    lock = state.params.get("lock_mode", "dynamodb") if state else "dynamodb"
    wanted = stack.policy.terraform.version
    return {"lock_table": lock in ("dynamodb", "both"), "lockfile": lock in ("lockfile", "both"),
            "terraform_version": wanted if wanted.count(".") == 2 else CI_TERRAFORM_VERSION,
            "checkov_version": CI_CHECKOV_VERSION}


@hookimpl
def iacf_render_project(stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    context = {**_context(None, stack), **_delivery_context(stack),
               "notifications": notifications.template_context(stack)}
    files = [*LAYOUT.project_files(renderer, PROJECT_FILES, context),
             *scaffold(renderer, ignore=IGNORED, pre_commit=PRE_COMMIT),
             *LAYOUT.project_files(renderer, CI_FILES, context)]
    files.extend(LAYOUT.modules(renderer, (m for c in stack.components.values() if c.kind in SPECS
                                           for m in modules_of(c))))
    return files


@hookimpl
def iacf_validate(out_dir: Path, stack: Stack | None) -> list[Finding]:
    from . import checks  # here: a generate without its gates does not load them

    return checks.validate(out_dir, stack)


@hookimpl
def iacf_verify(project_dir: Path, options: VerifyOptions) -> VerifyReport | None:
    from .verify import verify

    return verify(project_dir, options)


@hookimpl
def iacf_preflight(project_dir: Path, options: PreflightOptions) -> PreflightReport | None:
    from .preflight import preflight

    return preflight(project_dir, options)


@hookimpl
def iacf_factory_modules() -> list[FactoryModuleSource]:
    return factory_seed("iacf_aws", CLOUD, MODULES)
