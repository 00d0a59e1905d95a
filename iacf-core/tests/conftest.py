"""Core is tested without any cloud package: a fake cloud plugin stands in for one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from iacf_core import CloudInfo, Component, ComponentKind, Finding, RenderedFile, Stack, Term, hookimpl
from iacf_core.plugins import Plugins, get_plugin_manager


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


@pytest.fixture
def plugins() -> Plugins:
    return Plugins(get_plugin_manager(load_entry_points=False, extra=[("fake", FakeCloud())]))


@pytest.fixture
def fake_cli(monkeypatch: pytest.MonkeyPatch, plugins: Plugins, iacf_cli):  # type: ignore[no-untyped-def]
    import iacf_core.cli as cli

    monkeypatch.setattr(cli, "_plugins", lambda: Plugins(plugins.pm))
    monkeypatch.setenv("IACF_TERRAFORM", "/nonexistent/terraform")
    monkeypatch.setenv("IACF_CHECKOV", "/nonexistent/checkov")
    return iacf_cli


@pytest.fixture(autouse=True)
def _no_user_templates(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("IACF_TEMPLATES_DIR", raising=False)
    monkeypatch.delenv("IACF_DISABLE_PLUGINS", raising=False)
    yield
