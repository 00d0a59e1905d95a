"""A required control is met three ways: resources in the output, a gate that runs and passes, or not applicable
to the cloud with a reason and a reference. Coverage stays whole, and DECISIONS.md says which way each is met."""

from __future__ import annotations

import pytest

from iacf_core import Control, ControlImplementation, Finding, Severity, Spec, hookimpl
from iacf_core.engine.pipeline import build_stack, render_stack
from iacf_core.kernel.plugins import Plugins, get_plugin_manager
from iacf_core.kernel.rendering import Renderer
from iacf_core.toolkit.validation.runner import validate_dir

CONTROLS = [Control(id="tagging", title="Mandatory tags", intent="tags", references=["BENCH 1.1"]),
            Control(id="access-analysis", title="External access analysis", intent="analysed"),
            Control(id="state-backend", title="Remote state", intent="remote")]


class Governed:
    """Declares three controls and meets them the three ways; its ``labels`` gate passes unless told not to.

    It owns no cloud, so it follows every cloud to be called with the fake cloud's stacks."""

    IACF_EVERY_CLOUD = True

    def __init__(self, gate_passes: bool = True, gate: str = "labels") -> None:
        self.gate_passes, self.gate = gate_passes, gate

    @hookimpl
    def iacf_governance_controls(self, stack):
        return CONTROLS

    @hookimpl
    def iacf_inject_governance(self, stack, controls):
        stack.implementations += [
            ControlImplementation(control="tagging", components=["(project)"], gate=self.gate),
            ControlImplementation(control="access-analysis", not_applicable="the cloud shares nothing outside "
                                  "the project", reference="https://example.com/bench#4.2"),
            ControlImplementation(control="state-backend", components=["(project)"], resources=["null_resource"]),
        ]

    @hookimpl
    def iacf_validate(self, out_dir, stack):
        ok = self.gate_passes
        return [Finding(gate="labels", check="fake.labels", severity=Severity.INFO if ok else Severity.ERROR,
                        message="every resource labelled" if ok else "a resource has no label")]


def generate(plugins, tmp_path, governed):
    p = Plugins(get_plugin_manager(load_entry_points=False, extra=[("fake", plugins.pm.get_plugin("fake")),
                                                                    ("gov", governed)]))
    stack = build_stack(Spec(project="demo", cloud="fake", components=[{"kind": "web_app"}]), p)
    for f in render_stack(stack, p, Renderer(p.registry)):
        (tmp_path / f.path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f.path).write_text(f.content)
    return p, stack


def coverage(report):
    return ({g.gate: g.status for g in report.gates}["coverage"],
            [f.message for f in report.findings if f.gate == "coverage" and f.severity == Severity.ERROR])


def test_each_way_counts_and_decisions_md_says_which(plugins, tmp_path):
    p, stack = generate(plugins, tmp_path, Governed())
    assert [i.way for i in stack.implementations] == ["gate", "not_applicable", "resources"]
    assert coverage(validate_dir(tmp_path, p, stack, external=False)) == ("passed", [])
    assert coverage(validate_dir(tmp_path, p, None, external=False)) == ("passed", [])  # from the manifest
    table = (tmp_path / "DECISIONS.md").read_text()
    assert "| control | title | met by | implemented by (components) | resources | references |" in table
    assert "| `tagging` | Mandatory tags | gate `labels` | (project) |  | BENCH 1.1 |" in table
    assert ("| `access-analysis` | External access analysis | not applicable: the cloud shares nothing outside the "
            "project (https://example.com/bench#4.2) |") in table
    assert "| `state-backend` | Remote state | resources | (project) | null_resource |" in table


@pytest.mark.parametrize(("governed", "message"), [
    (Governed(gate_passes=False), "control tagging: it is met by the labels gate, which is failed"),
    (Governed(gate="nowhere"), "control tagging: it is met by the nowhere gate, which did not run"),
])
def test_a_control_met_by_a_gate_needs_the_gate_to_run_and_pass(plugins, tmp_path, governed, message):
    p, stack = generate(plugins, tmp_path, governed)
    report = validate_dir(tmp_path, p, stack, external=False)
    assert coverage(report) == ("failed", [message]) and not report.ok
    finding = next(f for f in report.findings if f.check == "iacf.coverage.gate")
    assert finding.risk == "critical"


def test_not_applicable_needs_a_reason_and_a_reference():
    with pytest.raises(ValueError, match="not_applicable needs a reason and a reference"):
        ControlImplementation(control="x", not_applicable="nothing to analyse")
    with pytest.raises(ValueError, match="has no resources or gate"):
        ControlImplementation(control="x", not_applicable="n/a", reference="CIS 1.1", resources=["r"])
    assert ControlImplementation(control="x", resources=["r"], gate="tags").way == "resources+gate"
    assert ControlImplementation(control="x", provided_by="the organization").way == "provided"
