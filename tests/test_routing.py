"""Routing by ownership, with the real AWS plugin next to a second cloud: each cloud's per-cloud hooks reach its
own plugins only (plus the plugins following every cloud), and AWS output does not change with another cloud
installed."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from iacf_core import (
    CloudInfo,
    ComponentKind,
    Control,
    ControlImplementation,
    Finding,
    PreflightOptions,
    PreflightReport,
    RenderedFile,
    Severity,
    Stack,
    Term,
    TerraformProvider,
    VerifyOptions,
    VerifyReport,
    hookimpl,
)
from iacf_core.kernel.hookspecs import CALLS, Route
from iacf_core.kernel.plugins import Plugins, get_plugin_manager
from iacf_core.testing import assert_tree_equal, template_roots
from iacf_core.toolkit.validation.runner import validate_dir

GOLDEN = Path(__file__).parent / "golden"
SEED = "App web Django avec PostgreSQL en prod sur AWS"  # the request of golden/prod
SECOND_REQUEST = "Django app with PostgreSQL on secondcloud"
ROUTED = sorted(hook for hook, (_phase, route) in CALLS.items() if route is not Route.EVERY_PLUGIN)


class Second:
    """A second cloud with two kinds. It never checks which cloud it is called for: routing does."""

    @hookimpl
    def iacf_register_clouds(self, register: Callable[[CloudInfo], None]) -> None:
        register(CloudInfo(name="second", title="Second Cloud", default_region="s-1", regions=("s-1",),
                           provider=TerraformProvider("second", "example/second", ">= 1.0")))

    @hookimpl
    def iacf_register_components(self, register: Callable[[ComponentKind], None]) -> None:
        for kind in ("web_app", "relational_database"):
            register(ComponentKind(name=kind, clouds=("second",)))

    @hookimpl
    def iacf_register_vocabulary(self, register: Callable[[Term], None]) -> None:
        register(Term("secondcloud", "cloud", "second"))

    @hookimpl
    def iacf_resolve_dependencies(self, stack: Stack) -> None:
        assert stack.cloud == "second"

    @hookimpl
    def iacf_inject_governance(self, stack: Stack, controls: list[Control]) -> None:
        assert stack.cloud == "second"
        for control in controls:  # a stand-in: every control met by the app
            stack.implementations.append(ControlImplementation(control=control.id, components=["app"]))

    @hookimpl
    def iacf_render_project(self, stack: Stack, renderer: object) -> list[RenderedFile]:
        return [RenderedFile(path="versions.tf", content='provider "second" {}\n')]

    @hookimpl
    def iacf_render_module(self, component: Any, stack: Stack, renderer: object) -> list[RenderedFile]:
        assert stack.cloud == "second"
        return [RenderedFile(path="main.tf", content=f'resource "second_thing" "{component.id}" {{}}\n')]

    @hookimpl
    def iacf_validate(self, out_dir: Path, stack: Stack | None) -> list[Finding]:
        return [Finding(gate="second", check="second.seen", severity=Severity.INFO, message=str(out_dir))]

    @hookimpl
    def iacf_verify(self, project_dir: Path, options: VerifyOptions) -> VerifyReport:
        return VerifyReport(cloud=options.cloud, emulator="second-emulator", endpoint="")

    @hookimpl
    def iacf_preflight(self, project_dir: Path, options: PreflightOptions) -> PreflightReport:
        return PreflightReport(cloud=options.cloud, account="1", region="s-1", baseline="project")


def _cloud_of(kwargs: dict[str, Any]) -> str:
    if kwargs.get("stack") is not None:
        return str(kwargs["stack"].cloud)
    if kwargs.get("options") is not None:
        return str(kwargs["options"].cloud)
    return "folder:" + Path(kwargs["out_dir"]).name


@pytest.fixture
def routed(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Plugins, list[tuple[str, str, str]]]]:
    """AWS, governance and the second cloud, for the CLI and direct calls alike, with every routed hook call
    recorded as (hook, plugin, cloud)."""
    from iacf_core.app.commands import options

    seen: list[tuple[str, str, str]] = []
    pm = get_plugin_manager(extra=[("second", Second())])

    def before(hook: str, impls: list[Any], kwargs: dict[str, Any]) -> None:
        if hook in ROUTED:
            seen.extend((hook, impl.plugin_name, _cloud_of(kwargs)) for impl in impls)

    undo = pm.add_hookcall_monitoring(before, lambda *_: None)
    monkeypatch.setattr(options, "plugins", lambda: Plugins(pm))
    yield Plugins(pm), seen
    undo()


def test_each_cloud_reaches_its_own_plugins_only(routed, iacf_cli, tmp_path):
    plugins, calls = routed
    aws, second = tmp_path / "aws", tmp_path / "second"
    for request, out in ((SEED, aws), (SECOND_REQUEST, second)):
        res = iacf_cli("generate", request, "--out", str(out), "--no-validate")
        assert res.exit_code == 0, res.stderr
    for folder in (aws, second):
        validate_dir(folder, plugins, None, external=False)  # a folder: its cloud is read from its files
    plugins.verify(second, VerifyOptions(cloud="second"))
    plugins.preflight(second, PreflightOptions(cloud="second"))

    by_cloud: dict[str, set[tuple[str, str]]] = {}
    for hook, plugin, cloud in calls:
        by_cloud.setdefault(cloud.removeprefix("folder:"), set()).add((hook, plugin))
    # the AWS plugin is never called for the second cloud, and the second cloud's plugin never for AWS
    assert {p for _h, p in by_cloud["second"]} == {"second", "core"}
    assert "second" not in {p for _h, p in by_cloud["aws"]}
    # and each did receive every per-cloud hook of its own generation
    generation = {"iacf_resolve_dependencies", "iacf_inject_governance", "iacf_render_project",
                  "iacf_render_module", "iacf_validate"}
    assert generation <= {h for h, p in by_cloud["aws"] if p == "aws"}
    assert generation | {"iacf_verify", "iacf_preflight"} <= {h for h, p in by_cloud["second"] if p == "second"}
    assert ("iacf_validate", "core") in by_cloud["aws"] and ("iacf_validate", "core") in by_cloud["second"]
    assert 'resource "second_thing" "app"' in (second / "main.tf").read_text()
    # another cloud installed next to AWS changes nothing in AWS output
    assert_tree_equal(aws, GOLDEN / "prod", vendored_from=template_roots())


def test_called_on_follows_ownership():
    plugins = Plugins(get_plugin_manager(extra=[("second", Second())]))
    assert plugins.called_on("iacf_verify", "aws") == ["aws"]
    assert plugins.called_on("iacf_verify", "second") == ["second"]
    assert plugins.called_on("iacf_preflight", "nobody") == []
    assert plugins.called_on("iacf_render_module", "aws", kind="web_app") == ["aws"]
    assert plugins.called_on("iacf_render_module", "second", kind="web_app") == ["second"]
    assert plugins.called_on("iacf_resolve_dependencies", "second") == ["second"]
    assert plugins.called_on("iacf_validate", "aws") == ["aws", "core"]  # core follows every cloud
    assert plugins.called_on("iacf_validate") == ["core"]  # a folder of no known cloud
    assert plugins.called_on("iacf_governance_controls") == ["governance"]


def _dist(root: Path, dist: str, module: str, code: str) -> None:
    (root / f"{module}.py").write_text(textwrap.dedent(code))
    info = root / f"{dist.replace('-', '_')}-1.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0.0\n")
    (info / "entry_points.txt").write_text(f"[iacf]\n{module} = {module}\n")


def test_a_second_owner_of_aws_is_refused_naming_both_distributions(tmp_path, monkeypatch, iacf_cli):
    _dist(tmp_path, "acme-aws", "acme_aws", """
        from iacf_core import CloudInfo, ComponentKind, hookimpl

        @hookimpl
        def iacf_register_clouds(register):
            register(CloudInfo(name="aws", title="Another AWS", default_region="eu-west-1"))
    """)
    monkeypatch.syspath_prepend(str(tmp_path))
    res = iacf_cli("parse", SEED)
    assert res.exit_code == 3 and res.stderr.count("\n") == 1, res.stderr
    assert "cloud 'aws' is registered by both" in res.stderr
    assert "(distribution iacf-aws)" in res.stderr and "(distribution acme-aws)" in res.stderr
