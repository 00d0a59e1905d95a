"""The ``azure`` plugin: owns the Azure cloud and its kinds; core routes every per-cloud hook of an ``azure`` stack
here. Everything a kind knows sits in its KindSpec (``kinds/``); this module only wires the hooks."""

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
    Stack,
    TemplateSource,
    Term,
    TerraformProvider,
    cloud_terms,
    hookimpl,
    load_data,
)
from iacf_core.toolkit.layout import CloudLayout, factory_seed, scaffold

from . import delivery, governance, policy
from .kinds import KINDS, MODULES, OTHER_SERVICE_WORDS, SPECS
from .kinds.encryption_keys import geo_key_names, key_names
from .resolve import resolve
from .sizing import regions

if TYPE_CHECKING:  # annotations only: a generation does not load the verify and preflight reports
    from iacf_core import VerifyOptions, VerifyReport

CLOUD = "azure"
# what the registration hooks register depends only on this package's installed files: core keeps it in a
# snapshot and imports this module only when a hook of a stack of this cloud is called (iacf_core.engine.snapshots)
IACF_STATIC_REGISTRATION = True
TEMPLATES = "azure"
LAYOUT = CloudLayout(TEMPLATES)
PROVIDER = TerraformProvider("azurerm", "hashicorp/azurerm", "~> 4.81")

# Azure service names of the governance controls: naming one is understood, turning one off is refused
CONTROL_WORDS: dict[str, tuple[str, ...]] = {
    "web-application-firewall": ("azure waf", "waf policy", "web application firewall policy"),
    "audit-trail": ("activity log", "journal d'activite", "azure monitor"),
    "threat-detection": ("defender for cloud", "microsoft defender for cloud", "azure defender"),
    "posture-management": ("azure policy", "microsoft cloud security benchmark", "mcsb"),
    "budget": ("cost management", "azure budget", "azure cost management"),
    "encryption-keys": ("key vault", "azure key vault", "coffre de cles"),
    "network-flow-logs": ("vnet flow logs", "network watcher", "flow logs azure"),
    "log-retention": ("log analytics", "log analytics workspace"),
}

# the plugin's own checks guard non-negotiables: rated so a failure blocks like a critical Checkov finding
OWN_CHECKS: tuple[tuple[str, RiskLevel, str, str], ...] = (
    ("iacf.tags.resource", "critical", "tagging", "Every taggable azurerm resource carries the mandatory tags"),
    ("iacf.tags.schema", "critical", "tagging", "The azurerm schema is available to the tags gate"),
    ("iacf.ingress.open", "critical", "private-data-tier", "No inbound rule from the internet except HTTPS"),
    ("iacf.roles.scope", "critical", "least-privilege",
     "Role assignments name project identities on project scopes, none administrative"),
    ("iacf.roles.custom-admin", "critical", "least-privilege", "No custom role with wildcard actions"),
    ("iacf.storage.private", "critical", "public-access-block", "Storage accounts private, Entra ID only, TLS 1.2"),
    ("iacf.frontdoor.config", "critical", "web-application-firewall",
     "Front Door Premium: WAF in prevention mode, HTTPS only, TLS 1.2"),
    ("iacf.frontdoor.waf", "critical", "web-application-firewall", "Every Front Door profile has a WAF policy"),
    ("iacf.storage.public-container", "critical", "public-access-block", "No public blob container"),
    ("iacf.secrets.state-data-source", "critical", "secrets-management",
     "No data source reads a secret value into the state"),
    ("iacf.secrets.state-argument", "critical", "secrets-management",
     "No resource argument keeps a secret value in the state"),
)


# modules a kind calls for a parameter rather than by default (the MySQL and SQL Server engines): seeded with
# that kind too
ENGINE_MODULES: dict[str, tuple[str, ...]] = {"relational_database": ("mysql", "mssql")}


# -- registration ------------------------------------------------------------------------------------------


@hookimpl
def iacf_register_clouds(register: Callable[[CloudInfo], None]) -> None:
    register(CloudInfo(name=CLOUD, title="Microsoft Azure", default_region="francecentral",
                       regions=tuple(sorted(regions())),
                       description="Terraform for the hashicorp/azurerm provider 4.x (validated offline against "
                                   "its schema)",
                       required_controls=governance.REQUIRED_CONTROLS, provider=PROVIDER))


@hookimpl
def iacf_register_components(register: Callable[[ComponentKind], None]) -> None:
    for spec in KINDS:
        register(spec.component_kind(CLOUD))


@hookimpl
def iacf_register_vocabulary(register: Callable[[Term], None]) -> None:
    names = ("azure", "microsoft azure")
    region_names = {code: [*region["names"], *display_names(code)] for code, region in regions().items()}
    for term in cloud_terms(CLOUD, names, region_names, KINDS, OTHER_SERVICE_WORDS, CONTROL_WORDS):
        register(term)


_REGION_WORDS = re.compile(r"(southeast|northeast|central|north|south|east|west|europe|asia|india|africa"
                           r"|us(?=\d|$)|\d+)")


def display_names(code: str) -> list[str]:
    """The names the portal shows for a region code, as a request writes them: "France Central", "UK South",
    "West Europe", "East US 2", "Southeast Asia" (also "south east asia")."""
    words = [w for w in _REGION_WORDS.split(code) if w]
    spaced = " ".join(words)
    split = spaced.replace("southeast", "south east").replace("northeast", "north east")
    return sorted({spaced, split} - {code})


def checkov_map() -> dict[str, dict[str, str]]:
    """Checkov Azure id → {severity, control, title} (data/checkov_map.yaml, built by
    ``scripts/build_checkov_map.py --cloud azure``)."""
    loaded: dict[str, dict[str, str]] = load_data("iacf_azure", "checkov_map.yaml")["checks"]
    return loaded


@hookimpl
def iacf_register_checks(register: Callable[[CheckRating], None]) -> None:
    for check_id, entry in checkov_map().items():
        register(CheckRating(check_id, entry["severity"], entry["control"], entry["title"]))  # type: ignore[arg-type]
    for check_id, severity, control, title in OWN_CHECKS:
        register(CheckRating(check_id, severity, control, title))


@hookimpl
def iacf_register_policy(register: Callable[[PolicySection], None]) -> None:
    register(policy.POLICY_SECTION)


@hookimpl
def iacf_register_templates(register: Callable[[TemplateSource], None]) -> None:
    register(TemplateSource(TEMPLATES, Path(str(files("iacf_azure").joinpath("templates")))))


# -- pipeline --------------------------------------------------------------------------------------------


@hookimpl
def iacf_resolve_dependencies(stack: Stack) -> None:
    resolve(stack)


@hookimpl
def iacf_inject_governance(stack: Stack, controls: list[Control]) -> None:
    governance.inject(stack, controls)


def _context(component: Component | None, stack: Stack) -> dict[str, Any]:
    azure = policy.azure_policy(stack)
    return {"c": component, "p": component.params if component else {}, "stack": stack,
            "spec": stack.spec, "env": stack.environment, "is_prod": stack.is_prod,
            "region": stack.region, "project": stack.spec.project,
            "extra_tags": {**stack.policy.tags.values, **stack.spec.tags},
            "key_names": key_names(stack), "geo_key_names": geo_key_names(stack),
            "kinds": sorted({c.kind for c in stack.components.values()}),
            "azure": azure, "delivery": delivery.context(stack),
            "web_apps": stack.by_kind("web_app"), "databases": stack.by_kind("relational_database")}


@hookimpl
def iacf_render_module(component: Component, stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    spec = SPECS.get(component.kind)
    if spec is None:
        return None  # a kind of this cloud another plugin renders
    out = []
    if component.kind == "state_backend":
        out.extend(LAYOUT.bootstrap(renderer))
        out.append(renderer.file("bootstrap/iacf.auto.tfvars", f"{TEMPLATES}/kinds/state_backend/tfvars.j2",
                                 **_context(component, stack)))
        out.append(renderer.file("bootstrap/terraform.tfvars.example",
                                 f"{TEMPLATES}/kinds/state_backend/tfvars.example.j2", **_context(component, stack)))
    out.extend(LAYOUT.kind_files(renderer, spec.folder, _context(component, stack)))
    return out


PROJECT_FILES: tuple[tuple[str, str], ...] = (
    ("versions.tf", "versions.tf.j2"),
    ("providers.tf", "providers.tf.j2"),
    ("backend.tf", "backend.tf.j2"),
    ("main.tf", "main.tf.j2"),
    ("variables.tf", "variables.tf.j2"),
    ("outputs.tf", "outputs.tf.j2"),
    ("terraform.tfvars.example", "terraform.tfvars.example.j2"),
    ("backend.hcl.example", "backend.hcl.example.j2"),
)
# after core's scaffolding (.gitignore, .checkov.yaml, .pre-commit-config.yaml)
CI_FILES: tuple[tuple[str, str], ...] = (
    (".github/workflows/terraform.yml", "github-workflow.yml.j2"),
    ("README.md", "README.section.md.j2"),
)
IGNORED = ("backend.hcl",)


@hookimpl
def iacf_render_project(stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    context = _context(None, stack)
    out = [*LAYOUT.project_files(renderer, PROJECT_FILES, context), *scaffold(renderer, ignore=IGNORED),
           *LAYOUT.project_files(renderer, CI_FILES, context)]
    out.extend(LAYOUT.modules(renderer, (m for c in stack.components.values() if c.kind in SPECS
                                         for m in SPECS[c.kind].modules_of(c))))
    return out


@hookimpl
def iacf_validate(out_dir: Path, stack: Stack | None) -> list[Finding]:
    from . import checks  # here: a generate without its gates does not load them

    return checks.validate(out_dir, stack)


@hookimpl
def iacf_verify(project_dir: Path, options: VerifyOptions) -> VerifyReport | None:
    from iacf_core.toolkit.verify import verify_mocked

    # Azurite serves storage data only: nothing can apply azurerm resources locally
    return verify_mocked(project_dir, options, provider="azurerm", why="no Azure emulator exists")


@hookimpl
def iacf_factory_modules() -> list[FactoryModuleSource]:
    """Every vendored module with its ``factory_seed/<name>/`` (a basic example and mocked tests)."""
    provides = {kind: MODULES[kind] + ENGINE_MODULES.get(kind, ()) for kind in MODULES}
    return factory_seed("iacf_azure", CLOUD, provides)
