"""The ``demo`` plugin: wires iacf's hooks from democloud's KindSpecs and the kit's render conventions."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from iacf_core import (
    CloudInfo,
    Component,
    ComponentKind,
    Control,
    Finding,
    PolicySection,
    RenderedFile,
    Renderer,
    Stack,
    TemplateSource,
    Term,
    hookimpl,
    run_rules,
)
from iacf_core.toolkit.layout import CloudLayout, scaffold

from . import checks, governance, policy
from .kinds import KINDS, SPECS

CLOUD = "demo"
LAYOUT = CloudLayout(CLOUD)
PROJECT_FILES = (("versions.tf", "versions.tf.j2"), ("main.tf", "main.tf.j2"), ("outputs.tf", "outputs.tf.j2"))


@hookimpl
def iacf_register_clouds(register: Callable[[CloudInfo], None]) -> None:
    register(CloudInfo(name=CLOUD, title="Demo cloud", default_region="demo-1", regions=("demo-1", "demo-2"),
                       description="Test cloud of terraform_data records", required_controls=("tagging",)))


@hookimpl
def iacf_register_components(register: Callable[[ComponentKind], None]) -> None:
    for spec in KINDS:
        register(spec.component_kind(CLOUD))


@hookimpl
def iacf_register_vocabulary(register: Callable[[Term], None]) -> None:
    register(Term("democloud", "cloud", CLOUD))
    for region in ("demo-1", "demo-2"):
        register(Term(region, "region", region, cloud=CLOUD))
    for spec in KINDS:
        for term in spec.terms():
            register(term)


@hookimpl
def iacf_register_policy(register: Callable[[PolicySection], None]) -> None:
    register(policy.POLICY_SECTION)


@hookimpl
def iacf_register_templates(register: Callable[[TemplateSource], None]) -> None:
    register(TemplateSource(CLOUD, Path(str(files("democloud").joinpath("templates")))))


@hookimpl
def iacf_resolve_dependencies(stack: Stack) -> None:
    run_rules(stack, KINDS)  # routed: called for democloud stacks only


@hookimpl
def iacf_inject_governance(stack: Stack, controls: list[Control]) -> None:
    governance.inject(stack, controls)


def _context(component: Component | None, stack: Stack) -> dict[str, Any]:
    return {"c": component, "p": component.params if component else {}, "stack": stack, "spec": stack.spec,
            "project": stack.spec.project, "env": stack.environment, "region": stack.region,
            "demo": policy.demo_policy(stack)}


@hookimpl
def iacf_render_module(component: Component, stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    spec = SPECS[component.kind]  # routed: only the kinds democloud owns reach it
    return LAYOUT.kind_files(renderer, spec.folder, _context(component, stack))


@hookimpl
def iacf_render_project(stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    modules = (m for c in stack.components.values() if c.kind in SPECS for m in SPECS[c.kind].modules_of(c))
    return [*LAYOUT.project_files(renderer, PROJECT_FILES, _context(None, stack)), *scaffold(renderer),
            *LAYOUT.modules(renderer, modules)]


@hookimpl
def iacf_validate(out_dir: Path) -> list[Finding]:
    return checks.check_tags(out_dir)  # routed: democloud projects only
