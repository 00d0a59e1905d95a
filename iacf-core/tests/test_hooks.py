"""One test per hook (``test_hook_<name>``), plus meta-tests: every hook is documented and tested."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from fake_cloud import FakeCloud

from iacf_core import (
    CloudInfo,
    Control,
    ControlImplementation,
    Finding,
    ImportBlock,
    PreflightOptions,
    PreflightReport,
    Severity,
    Singleton,
    Spec,
    Stack,
    VerifyOptions,
    VerifyReport,
    hookimpl,
)
from iacf_core.engine.pipeline import GovernanceError, build_stack, render_stack
from iacf_core.kernel import hookspecs
from iacf_core.kernel.plugins import Plugins, get_plugin_manager
from iacf_core.kernel.rendering import Renderer

REPO = Path(__file__).resolve().parents[2]
HOOKS = sorted(n for n, _ in inspect.getmembers(hookspecs, inspect.isfunction) if n.startswith("iacf_"))


def spec(**kw):
    return Spec(project="demo", cloud="fake", components=[{"kind": "web_app"}], **kw)


def with_extra(plugins, name, plugin):
    return Plugins(get_plugin_manager(load_entry_points=False, extra=[("fake", plugins.pm.get_plugin("fake")),
                                                                    (name, plugin)]))


def test_every_hook_is_documented():
    doc = (REPO / "docs" / "hooks.md").read_text()
    for name in HOOKS:
        assert f"## {name}" in doc, f"{name} missing from docs/hooks.md"
        sig = str(inspect.signature(getattr(hookspecs, name))).replace("'", "")
        assert f"def {name}{sig}" in doc, f"signature of {name} in docs/hooks.md is out of date"


def test_hooks_page_is_current():
    from iacf_core.app.hooksdoc import reference_markdown

    page = (REPO / "docs" / "hooks.md").read_text()
    assert page == reference_markdown(), "regenerate: python -m iacf_core.app.hooksdoc > docs/hooks.md"


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_says_its_phase_route_and_convention(name):
    """The call table and each docstring say the same thing: the page generated from both cannot contradict."""
    assert name in hookspecs.CALLS, f"{name}: add its (phase, route) to hookspecs.CALLS"
    phase, route = hookspecs.CALLS[name]
    assert phase in hookspecs.PHASES
    doc = " ".join((getattr(hookspecs, name).__doc__ or "").split())
    assert f"Phase ``{phase}``" in doc and f"called on {route.value}" in doc
    firstresult = bool(getattr(hookspecs, name).iacf_spec.get("firstresult"))
    assert ("firstresult" in doc) is firstresult and ("collect-all" in doc) is not firstresult
    assert (route is hookspecs.Route.EVERY_PLUGIN) is ("every plugin" in doc)


def test_every_hook_has_a_test():
    text = "\n".join(p.read_text() for p in REPO.rglob("test_*.py") if ".nox" not in p.parts)
    for name in HOOKS:
        short = name.removeprefix("iacf_")
        assert re.search(rf"def test_hook_{short}\b", text), f"no test_hook_{short}"


def test_hook_register_clouds(plugins):
    assert plugins.registry.clouds["fake"].default_region == "fr-1"


def test_hook_register_components(plugins):
    assert plugins.registry.kinds["web_app"].clouds == ("fake",)
    assert plugins.registry.kinds_for("fake") == ["relational_database", "web_app"]
    assert "fake_network" in plugins.registry.kinds_for("fake", include_internal=True)


def test_hook_register_vocabulary(plugins):
    assert plugins.registry.terms[("fakecloud",)].value == "fake"


def test_hook_register_templates(plugins):
    assert "core" in plugins.registry.templates


def test_hook_register_policy(plugins):
    from pydantic import BaseModel

    from iacf_core import PolicySection

    class Limits(BaseModel):
        max_tasks: int = 4

    class Owner:
        @hookimpl
        def iacf_register_policy(self, register):
            register(PolicySection("limits", Limits, description="task limits"))

    p = with_extra(plugins, "limits", Owner())
    assert p.registry.policy_sections["limits"].model is Limits
    stack = build_stack(spec(), p)  # the stack's policy reads an absent section as its defaults
    assert stack.policy.section("limits").max_tasks == 4  # type: ignore[attr-defined]


def test_hook_register_secret_patterns(plugins, tmp_path):
    import re

    from iacf_core import SecretPattern
    from iacf_core.toolkit.validation.runner import validate_dir

    class Vendor:
        @hookimpl
        def iacf_register_secret_patterns(self, register):
            register(SecretPattern("x.secrets.vendor-key", re.compile(r"\bVNDR[0-9]{8}\b"), "No vendor key"))

    p = with_extra(plugins, "vendor", Vendor())
    (tmp_path / "main.tf").write_text('locals {\n  key = "VNDR12345678"\n}\n')
    report = validate_dir(tmp_path, p, None, external=False)
    found = [f for f in report.findings if f.gate == "secrets" and f.severity.value == "error"]
    assert [(f.check, f.line) for f in found] == [("x.secrets.vendor-key", 2)]
    # without the plugin the key is not a known secret; core's generic patterns stay
    clean = validate_dir(tmp_path, plugins, None, external=False)
    assert not [f for f in clean.findings if f.gate == "secrets" and f.severity.value == "error"]
    assert {"iacf.secrets.private-key", "iacf.secrets.literal-assignment"} <= set(plugins.registry.secret_patterns)


def test_hook_resolve_dependencies(plugins):
    stack = build_stack(spec(), plugins)
    assert stack.components["net"].provenance.source == "dependency"
    assert stack.components["net"].provenance.decision == "fake.net"


class Governor:
    @hookimpl
    def iacf_governance_controls(self, stack):
        return [Control(id="audit", title="Audit", intent="log everything")]


class Implementer:
    IACF_EVERY_CLOUD = True  # owns no cloud: follows every cloud's per-cloud hooks

    @hookimpl
    def iacf_inject_governance(self, stack, controls):
        for c in controls:
            stack.implementations.append(ControlImplementation(control=c.id, components=["net"]))


def test_hook_governance_controls(plugins):
    p = with_extra(plugins, "gov", Governor())
    with pytest.raises(GovernanceError, match="audit"):  # required but nobody implements it
        build_stack(spec(), p)


def test_hook_inject_governance(plugins):
    pm = get_plugin_manager(load_entry_points=False, extra=[("fake", plugins.pm.get_plugin("fake")),
                                                             ("gov", Governor()), ("impl", Implementer())])
    stack = build_stack(spec(), Plugins(pm))
    assert [c.id for c in stack.controls] == ["audit"]
    assert stack.implementations[0].control == "audit"


def test_hook_render_module(plugins):
    stack = build_stack(spec(), plugins)
    files = render_stack(stack, plugins, Renderer(plugins.registry))
    main = next(f for f in files if f.path == "main.tf")
    assert 'resource "null_resource" "app"' in main.content and 'resource "null_resource" "net"' in main.content


def test_rendering_returns_files_only(plugins):
    """A plugin that writes into the Stack while rendering fails the run, named; the Stack is frozen then."""
    from iacf_core import Decision
    from iacf_core.kernel.errors import PluginError

    class Writer:
        IACF_EVERY_CLOUD = True  # called with the fake cloud's stacks

        @hookimpl
        def iacf_render_project(self, stack, renderer):
            stack.decide(Decision(id="late", title="Late", why="after the fact", rule="x", trigger="render"))
            return []

    p = with_extra(plugins, "writer", Writer())
    stack = build_stack(spec(), p)
    with pytest.raises(PluginError, match=r"iacf_render_project.* changed the Stack while rendering"):
        render_stack(stack, p, Renderer(p.registry))


def test_a_module_renderer_that_changes_the_stack_is_named(plugins, monkeypatch):
    """The Stack is compared once around all the components; the one whose rendering changed it is still named."""
    from iacf_core import Decision
    from iacf_core.kernel.errors import PluginError

    stack = build_stack(spec(), plugins)
    target = stack.ordered()[-1]
    real = plugins.render_module

    def render_module(component, stack, renderer):
        if component.id == target.id:
            stack.decide(Decision(id="late", title="Late", why="after the fact", rule="x", trigger="render"))
        return real(component, stack, renderer)

    monkeypatch.setattr(plugins, "render_module", render_module)
    with pytest.raises(PluginError, match=rf"iacf_render_module of {target.kind} \({target.id}\) changed the Stack"):
        render_stack(stack, plugins, Renderer(plugins.registry))


def test_hook_render_project(plugins):
    class Project:
        IACF_EVERY_CLOUD = True

        @hookimpl
        def iacf_render_project(self, stack, renderer):
            from iacf_core import RenderedFile

            return [RenderedFile(path="versions.tf", content="terraform {}\n")]

    p = with_extra(plugins, "proj", Project())
    files = render_stack(build_stack(spec(), p), p, Renderer(p.registry))
    assert "versions.tf" in [f.path for f in files]


def test_hook_validate(plugins, tmp_path):
    class Checker:
        IACF_EVERY_CLOUD = True

        @hookimpl
        def iacf_validate(self, out_dir, stack):
            return [Finding(gate="custom", check="x.y", severity=Severity.ERROR, message=str(stack is None))]

    p = with_extra(plugins, "chk", Checker())
    (tmp_path / "main.tf").write_text("locals {}\n")
    findings = p.validate(tmp_path, None)
    assert any(f.check == "x.y" and f.message == "True" for f in findings)


class Other:
    """Owns another cloud, and answers every per-cloud hook of its own."""

    def __init__(self):
        self.calls = []

    @hookimpl
    def iacf_register_clouds(self, register):
        register(CloudInfo(name="other", title="Other", default_region="o-1"))

    @hookimpl
    def iacf_verify(self, project_dir, options):
        self.calls.append(("verify", options.cloud))
        return VerifyReport(cloud="other", emulator="other-emulator", endpoint="")

    @hookimpl
    def iacf_preflight(self, project_dir, options):
        self.calls.append(("preflight", options.cloud))
        return PreflightReport(cloud="other", account="2", region="o-1", baseline="project")


def test_hook_verify(tmp_path):
    class Verifier(FakeCloud):
        def __init__(self):
            self.calls = []

        @hookimpl
        def iacf_verify(self, project_dir, options):
            self.calls.append(("verify", options.cloud))
            return VerifyReport(cloud="fake", emulator="fake-emulator", endpoint=options.endpoint or "")

    mine, other = Verifier(), Other()
    pm = get_plugin_manager(load_entry_points=False, extra=[("fake", mine), ("other", other)])
    report = Plugins(pm).verify(tmp_path, VerifyOptions(cloud="fake", endpoint="http://127.0.0.1:1"))
    assert report is not None and report.emulator == "fake-emulator" and report.endpoint == "http://127.0.0.1:1"
    assert not report.ok  # no root module verified is not a success
    assert mine.calls == [("verify", "fake")] and other.calls == []  # the cloud's owner alone
    assert Plugins(pm).verify(tmp_path, VerifyOptions(cloud="other")).emulator == "other-emulator"
    assert mine.calls == [("verify", "fake")] and other.calls == [("verify", "other")]
    assert Plugins(pm).verify(tmp_path, VerifyOptions(cloud="nobody")) is None


def test_hook_preflight(tmp_path):
    from iacf_core.kernel.errors import PluginError

    class Checker(FakeCloud):
        def __init__(self, result=None):
            self.calls, self.result = [], result

        @hookimpl
        def iacf_preflight(self, project_dir, options):
            self.calls.append((project_dir, options.endpoint))
            if self.result is not None:
                return self.result
            found = Singleton(id="trail", title="Trail", control="audit-trail", scope="account", status="exists",
                              created_by_project=True, collides=True, found=["t"],
                              imports=[ImportBlock(to="module.g.x.this[0]", id="t")], provided="audit-trail")
            return PreflightReport(cloud="fake", account="1", region="fr-1", baseline="project",
                                   singletons=[found], provided=["audit-trail"])

    mine, other = Checker(), Other()
    pm = get_plugin_manager(load_entry_points=False, extra=[("fake", mine), ("other", other)])
    report = Plugins(pm).preflight(tmp_path, PreflightOptions(cloud="fake", endpoint="http://127.0.0.1:1"))
    assert report is not None and not report.ok and [s.id for s in report.collisions] == ["trail"]
    assert report.imports_hcl() == 'import {\n  to = module.g.x.this[0]\n  id = "t"\n}\n'
    assert mine.calls == [(tmp_path, "http://127.0.0.1:1")] and other.calls == []  # the cloud's owner alone
    assert Plugins(pm).preflight(tmp_path, PreflightOptions(cloud="nobody")) is None
    wrong = get_plugin_manager(load_entry_points=False, extra=[("fake", Checker(result={"ok": True}))])
    with pytest.raises(PluginError, match="from iacf_preflight, not a PreflightReport"):
        Plugins(wrong).preflight(tmp_path, PreflightOptions(cloud="fake"))


def test_stack_cycle_is_an_error():
    s = Stack(spec=spec(), region="fr-1")
    from iacf_core import Component, Provenance

    s.add(Component(id="a", kind="k", depends_on=["b"], provenance=Provenance(source="spec")))
    s.add(Component(id="b", kind="k", depends_on=["a"], provenance=Provenance(source="spec")))
    with pytest.raises(ValueError, match="cycle"):
        s.ordered()


def test_hook_register_checks(plugins):
    from iacf_core import CheckRating
    from iacf_core.kernel.errors import PluginError
    from iacf_core.toolkit.validation.runner import rate_findings

    class Rater:
        @hookimpl
        def iacf_register_checks(self, register):
            register(CheckRating("CKV_FAKE_1", "low", "tagging", "a low check"))
            register(CheckRating("CKV_FAKE_2", "critical"))

    p = with_extra(plugins, "rater", Rater())
    ratings = p.registry.checks
    assert ratings["CKV_FAKE_1"].severity == "low" and ratings["CKV_FAKE_1"].control == "tagging"
    assert ratings["iacf.coverage.missing"].severity == "critical"  # core rates its own checks

    from iacf_core.kernel.models import GateResult, ValidationReport
    report = ValidationReport(
        gates=[GateResult(gate="checkov", status="failed", counts={"failed": 3})],
        findings=[Finding(gate="checkov", check=c, severity=Severity.ERROR, message=c)
                  for c in ("CKV_FAKE_1", "CKV_FAKE_2", "CKV_UNKNOWN")])
    rate_findings(report, ratings, {"critical", "high"})
    by = {f.check: f for f in report.findings}
    assert by["CKV_FAKE_1"].severity == Severity.WARNING and by["CKV_FAKE_1"].risk == "low"
    assert by["CKV_FAKE_2"].severity == Severity.ERROR and by["CKV_FAKE_2"].risk == "critical"
    assert by["CKV_UNKNOWN"].severity == Severity.ERROR and by["CKV_UNKNOWN"].risk is None  # unrated blocks
    assert report.gates[0].status == "failed" and report.gates[0].counts["non_blocking"] == 1

    report = ValidationReport(gates=[GateResult(gate="checkov", status="failed")],
                              findings=[Finding(gate="checkov", check="CKV_FAKE_1", severity=Severity.ERROR,
                                                message="x")])
    rate_findings(report, ratings, {"critical"})
    assert report.ok and report.gates[0].status == "passed" and "below the blocking" in report.gates[0].detail

    class Conflicting:
        @hookimpl
        def iacf_register_checks(self, register):
            register(CheckRating("CKV_FAKE_1", "high"))

    pm = get_plugin_manager(load_entry_points=False, extra=[("rater", Rater()), ("other", Conflicting())])
    with pytest.raises(PluginError, match="rated by both plugin"):
        _ = Plugins(pm).registry

    class Bad:
        @hookimpl
        def iacf_register_checks(self, register):
            register(CheckRating("CKV_FAKE_3", "severe"))

    with pytest.raises(PluginError, match="unknown severity"):
        _ = Plugins(get_plugin_manager(load_entry_points=False, extra=[("bad", Bad())])).registry


def test_hook_factory_modules(plugins, tmp_path):
    from factory_fixtures import module_files

    from iacf_core.factory import FactoryModuleSource
    from iacf_core.factory.backends import LocalGitBackend
    from iacf_core.factory.ops import init_factory
    from iacf_core.kernel.errors import PluginError

    files = {k: v for k, v in module_files().items() if k not in ("iacf-module.yaml", "CHANGELOG.md")}

    class Seeder:
        @hookimpl
        def iacf_factory_modules(self):
            return [FactoryModuleSource(cloud="fake", name="bucket", provides=("object_storage",), files=files)]

    p = with_extra(plugins, "seed", Seeder())
    sources = p.factory_modules()
    assert [(s.cloud, s.name) for s in sources] == [("fake", "bucket")]
    init_factory(tmp_path / "factory", sources)
    (release,) = LocalGitBackend(tmp_path / "factory").releases()
    assert release.tag == "fake-bucket-v1.0.0"
    with pytest.raises(PluginError, match="two plugins seed the factory module fake/bucket"):
        init_factory(tmp_path / "other", sources + sources)
    broken = [FactoryModuleSource(cloud="fake", name="bad", provides=(), files={"main.tf": files["main.tf"]})]
    with pytest.raises(PluginError, match="fake/bad is not publishable: missing variables.tf"):
        init_factory(tmp_path / "third", broken)
    assert not (tmp_path / "third").exists()


def test_modules_from_elsewhere_are_chosen_before_the_stack_is_frozen(plugins):
    """`generate --factory` is a stage: its decisions reach DECISIONS.md; it swaps files without the Stack."""
    from iacf_core import Decision, RenderedFile
    from iacf_core.engine.pipeline import generate

    class Elsewhere:
        seen: list[str] = []

        def choose(self, stack, files):
            self.seen = sorted(f.path for f in files)
            return [Decision(id="core.factory.app", title="Factory module for app", why="released", rule="core.factory",
                             trigger="--factory", components=["app"])]

        def swap(self, files):
            return [*files, RenderedFile(path="modules/from_factory/main.tf", content="# released\n")]

    source = Elsewhere()
    result = generate(spec(), plugins, None, modules=source)
    files = {f.path: f.content for f in result.files}
    assert "main.tf" in source.seen and "DECISIONS.md" not in source.seen
    assert "core.factory.app" in [d.id for d in result.stack.decisions]
    assert "Factory module for app" in files["DECISIONS.md"]
    assert files["modules/from_factory/main.tf"] == "# released\n"
