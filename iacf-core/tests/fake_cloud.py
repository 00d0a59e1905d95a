"""The fake cloud plugin core's tests stand on (importable by name: ``from fake_cloud import FakeCloud``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from iacf_core import CloudInfo, Component, ComponentKind, Finding, RenderedFile, Stack, Term, hookimpl


class FakeCloud:
    """A minimal cloud plugin: one region table, renders web_app and relational_database as tiny files."""

    @hookimpl
    def iacf_register_clouds(self, register: Callable[[CloudInfo], None]) -> None:
        register(CloudInfo(name="fake", title="Fake Cloud", default_region="fr-1", regions=("fr-1", "de-1")))

    @hookimpl
    def iacf_register_components(self, register: Callable[[ComponentKind], None]) -> None:
        for kind in ("web_app", "relational_database"):
            register(ComponentKind(name=kind, clouds=("fake",)))
        register(ComponentKind(name="fake_network", clouds=("fake",), default_id="net", internal=True))

    @hookimpl
    def iacf_register_vocabulary(self, register: Callable[[Term], None]) -> None:
        register(Term("fakecloud", "cloud", "fake"))
        register(Term("paris", "region", "fr-1", cloud="fake"))
        register(Term("berlin", "region", "de-1", cloud="fake"))

    @hookimpl
    def iacf_resolve_dependencies(self, stack: Stack) -> None:
        from iacf_core import Decision, Provenance

        if "net" not in stack.components:  # routed: called for fake stacks only
            stack.add(Component(id="net", kind="fake_network", provenance=Provenance(source="dependency")),
                      Decision(id="fake.net", title="a network", why="apps need one", rule="fake.rule",
                               trigger="always"))

    @hookimpl
    def iacf_render_module(self, component: Component, stack: Stack, renderer: object) -> list[RenderedFile] | None:
        body = f'resource "null_resource" "{component.id}" {{}}\n'
        return [RenderedFile(path="main.tf", content=body)]

    @hookimpl
    def iacf_validate(self, out_dir: Path, stack: Stack | None) -> list[Finding]:
        return []
