"""Governance is never optional by accident: a cloud's required controls need a plugin that declares them, or
the policy's ``[governance] provided_elsewhere``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from iacf_core import (
    CloudInfo,
    Component,
    ComponentKind,
    Control,
    ControlImplementation,
    RenderedFile,
    Stack,
    Term,
    hookimpl,
)
from iacf_core.kernel.models import ComponentRequest, Spec
from iacf_core.engine.pipeline import GovernanceError, build_stack, render_stack
from iacf_core.kernel.plugins import Plugins, get_plugin_manager
from iacf_core.kernel.policy import Policy
from iacf_core.request.policyfile import load_policy
from iacf_core.kernel.rendering import Renderer

REQUIRED = ("audit-trail", "state-backend")


class GovernedCloud:
    """A fake cloud requiring two controls of every stack and implementing whatever it is handed."""

    def __init__(self) -> None:
        self.handed: list[str] = []

    @hookimpl
    def iacf_register_clouds(self, register: Callable[[CloudInfo], None]) -> None:
        register(CloudInfo(name="fake", title="Fake Cloud", default_region="fr-1", regions=("fr-1",),
                           required_controls=REQUIRED))

    @hookimpl
    def iacf_register_components(self, register: Callable[[ComponentKind], None]) -> None:
        register(ComponentKind(name="web_app", clouds=("fake",)))

    @hookimpl
    def iacf_register_vocabulary(self, register: Callable[[Term], None]) -> None:
        register(Term("fakecloud", "cloud", "fake"))

    @hookimpl
    def iacf_render_module(self, component: Component, stack: Stack, renderer: object) -> list[RenderedFile] | None:
        return [RenderedFile(path="main.tf", content=f'resource "null_resource" "{component.id}" {{}}\n')]

    @hookimpl
    def iacf_inject_governance(self, stack: Stack, controls: list[Control]) -> None:
        self.handed = [c.id for c in controls]
        for control in controls:
            stack.implementations.append(ControlImplementation(control=control.id, components=["app"],
                                                               resources=["null_resource"]))


class Catalogue:
    """A governance plugin declaring both required controls and one more."""

    @hookimpl
    def iacf_governance_controls(self, stack: Stack) -> list[Control]:
        return [Control(id=cid, title=cid.title(), intent="test") for cid in (*REQUIRED, "budget")]


def make(cloud: GovernedCloud, governance: bool) -> Plugins:
    extra: list[tuple[str, object]] = [("fake", cloud)]
    if governance:
        extra.append(("fakegov", Catalogue()))
    return Plugins(get_plugin_manager(load_entry_points=False, extra=extra))


SPEC = Spec(project="demo", cloud="fake", components=[ComponentRequest(kind="web_app")])


def test_governance_plugin_declares_the_required_controls():
    cloud = GovernedCloud()
    stack = build_stack(SPEC, make(cloud, governance=True))
    assert cloud.handed == ["audit-trail", "budget", "state-backend"]
    assert {i.control for i in stack.implementations} == {"audit-trail", "budget", "state-backend"}
    assert not any(i.provided_by for i in stack.implementations)


def test_without_a_governance_plugin_generation_is_refused():
    with pytest.raises(GovernanceError) as info:
        build_stack(SPEC, make(GovernedCloud(), governance=False))
    message = info.value.message
    assert info.value.exit_code == 2 and "\n" not in message
    assert "audit-trail, state-backend" in message and "[governance] provided_elsewhere" in message
    assert "no installed plugin implements iacf_governance_controls" in message


def test_disabled_governance_plugin_is_named(monkeypatch):
    monkeypatch.setenv("IACF_DISABLE_PLUGINS", "fakegov")
    with pytest.raises(GovernanceError, match=r"IACF_DISABLE_PLUGINS=fakegov\): audit-trail, state-backend"):
        build_stack(SPEC, make(GovernedCloud(), governance=True))


def test_cli_refuses_with_one_line_and_writes_nothing(monkeypatch, tmp_path, iacf_cli):
    from iacf_core.app.commands import options

    monkeypatch.setattr(options, "plugins", lambda: make(GovernedCloud(), governance=False))
    out = tmp_path / "out"
    res = iacf_cli("generate", "fakecloud web app", "--out", str(out), "--no-validate")
    assert res.exit_code == 2, res.stdout + res.stderr
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("iacf: error: the fake plugin requires")
    assert "Traceback" not in res.stderr and not out.exists()


def test_policy_lists_controls_provided_elsewhere(tmp_path: Path):
    (tmp_path / "iacf.toml").write_text('[governance]\nprovided_elsewhere = ["state-backend", "audit-trail"]\n')
    policy = load_policy(None, cwd=tmp_path)
    plugins = make(GovernedCloud(), governance=False)
    stack = build_stack(SPEC, plugins, policy=policy)
    assert [c.id for c in stack.controls] == ["audit-trail", "state-backend"]
    provided = {i.control: i.provided_by for i in stack.implementations}
    assert set(provided) == {"audit-trail", "state-backend"}
    assert all("[governance] provided_elsewhere" in str(p) for p in provided.values())
    decision = next(d for d in stack.decisions if d.id == "core.governance.provided-elsewhere")
    assert decision.trigger == f"policy {tmp_path / 'iacf.toml'} [governance] provided_elsewhere"
    assert "No installed plugin declares them" in decision.why
    files = {f.path: f.content for f in render_stack(stack, plugins, Renderer(plugins.registry))}
    decisions = files["DECISIONS.md"]
    assert "2 governance controls implemented outside this project" in decisions
    assert "| `state-backend` | State backend | provided elsewhere | provided by another system (policy " in decisions


def test_provided_elsewhere_with_a_governance_plugin_leaves_them_out_of_the_cloud():
    cloud = GovernedCloud()
    policy = Policy.model_validate({"governance": {"provided_elsewhere": ["budget"]}})
    stack = build_stack(SPEC, make(cloud, governance=True), policy=policy)
    assert cloud.handed == ["audit-trail", "state-backend"]
    assert [i.control for i in stack.implementations if i.provided_by] == ["budget"]
    decision = next(d for d in stack.decisions if d.id == "core.governance.provided-elsewhere")
    assert decision.trigger == "the policy [governance] provided_elsewhere"
    assert "No installed plugin" not in decision.why


def test_provided_elsewhere_takes_control_ids_only(tmp_path: Path):
    from iacf_core.kernel.errors import SpecError

    (tmp_path / "iacf.toml").write_text('[governance]\nprovided_elsewhere = ["Audit Trail"]\n')
    with pytest.raises(SpecError, match="governance.provided_elsewhere: 'Audit Trail' is not a control id"):
        load_policy(None, cwd=tmp_path)
