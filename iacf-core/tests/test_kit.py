"""The cloud kit: KindSpec rules, Stack.ensure/add_unique, the render layout, scaffolding, data loading."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from iacf_core import Component, Decision, Provenance, Spec, Stack, TemplateSource
from iacf_core.kernel.data import load_data
from iacf_core.kernel.kinds import KindSpec, by_name, emulator_unsupported, implementing, run_rules
from iacf_core.kernel.registry import Registry
from iacf_core.kernel.rendering import Renderer
from iacf_core.toolkit.layout import CloudLayout, deterministic_zip, scaffold


def _stack(*kinds: str) -> Stack:
    return Stack(spec=Spec(project="demo", cloud="fake", components=[{"kind": k} for k in kinds]), region="fr-1",
                 components={k: Component(id=k, kind=k, provenance=Provenance(source="request")) for k in kinds})


def _decision(did: str) -> Decision:
    return Decision(id=did, title=did, why="test", rule="test", trigger="test")


def test_ensure_adds_once_and_records_the_first_decision_only():
    stack = _stack("web_app")
    first = stack.ensure(Component(id="net", kind="network", provenance=Provenance(source="dependency")),
                         _decision("add.net"))
    again = stack.ensure(Component(id="net", kind="network", params={"x": 1},
                                   provenance=Provenance(source="dependency")), _decision("other"))
    assert again is first and again.params == {}
    assert [d.id for d in stack.decisions] == ["add.net"] and stack.decisions[0].components == ["net"]


def test_add_unique_suffixes_a_taken_id():
    stack = _stack("queue")
    added = [stack.add_unique(Component(id="queue", kind="queue", provenance=Provenance(source="dependency")))
             for _ in range(2)]
    assert [c.id for c in added] == ["queue_2", "queue_3"]
    assert stack.env_trigger == "environment = dev"


def test_rules_run_once_in_order_when_their_kinds_are_present():
    calls: list[str] = []

    def shared(stack: Stack) -> None:
        calls.append("shared")

    def adds_edge(stack: Stack) -> None:
        calls.append("app")
        stack.ensure(Component(id="edge", kind="edge", provenance=Provenance(source="dependency")))

    def edge(stack: Stack) -> None:
        calls.append("edge")

    specs = (KindSpec("queue", "q", "", resolve=shared), KindSpec("topic", "t", "", resolve=shared),
             KindSpec("app", "a", "", resolve=adds_edge), KindSpec("edge", "e", "", resolve=edge),
             KindSpec("absent", "x", "", resolve=lambda _s: calls.append("absent")))
    run_rules(_stack("topic", "queue", "app"), specs)
    assert calls == ["shared", "app", "edge"]  # a kind added by an earlier rule gets its rules too


def test_spec_tables():
    specs = (KindSpec("a", "a", "", controls=("tagging",), emulator_unsupported={"t_a": "no"}),
             KindSpec("b", "b", "", controls=("tagging", "budget"), modules=("m",), template="a"))
    assert implementing(specs, "tagging") == ("a", "b") and implementing(specs, "budget") == ("b",)
    assert emulator_unsupported(specs) == {"t_a": "no"}
    assert by_name(specs)["b"].folder == "a" and by_name(specs)["a"].folder == "a"
    assert specs[1].component_kind("fake").clouds == ("fake",)
    with pytest.raises(ValueError, match="two KindSpecs"):
        by_name((*specs, specs[0]))


@pytest.fixture
def layout_renderer(tmp_path: Path, plugins) -> Renderer:
    root = tmp_path / "tpl"
    (root / "kinds" / "bucket").mkdir(parents=True)
    (root / "kinds" / "bucket" / "main.tf.j2").write_text('resource "x" "{{ c }}" {}\n')
    (root / "kinds" / "project").mkdir()
    (root / "kinds" / "project" / "versions.tf.j2").write_text("terraform {}\n")
    (root / "modules" / "rec").mkdir(parents=True)
    (root / "modules" / "rec" / "main.tf").write_text("# module\n")
    (root / "bootstrap").mkdir()
    (root / "bootstrap" / "main.tf").write_text("# bootstrap\n")
    registry: Registry = plugins.registry
    registry.templates["fake"] = TemplateSource("fake", root)
    return Renderer(registry)


def test_layout_renders_existing_root_pieces_modules_and_bootstrap(layout_renderer: Renderer):
    layout = CloudLayout("fake")
    files = layout.kind_files(layout_renderer, "bucket", {"c": "b1"})
    assert [(f.path, f.content) for f in files] == [("main.tf", 'resource "x" "b1" {}\n')]
    assert layout.kind_files(layout_renderer, "missing", {}) == []
    assert [f.path for f in layout.project_files(layout_renderer, [("versions.tf", "versions.tf.j2")], {})] == [
        "versions.tf"]
    assert [f.path for f in layout.modules(layout_renderer, ["rec", "rec"])] == ["modules/rec/main.tf"]
    assert [f.path for f in layout.bootstrap(layout_renderer)] == ["bootstrap/main.tf"]


def test_scaffold_adds_the_clouds_lines(layout_renderer: Renderer):
    files = {f.path: f.content for f in scaffold(layout_renderer, ignore=["local.sh"], pre_commit="      - id: x")}
    assert set(files) == {".gitignore", ".checkov.yaml", ".pre-commit-config.yaml"}
    assert "\nlocal.sh\n" in files[".gitignore"] and files[".pre-commit-config.yaml"].endswith("      - id: x\n")
    plain = {f.path: f.content for f in scaffold(layout_renderer)}
    assert "local.sh" not in plain[".gitignore"] and "id: x" not in plain[".pre-commit-config.yaml"]


def test_deterministic_zip():
    data = deterministic_zip("index.py", "print(1)\n")
    assert data == deterministic_zip("index.py", "print(1)\n")
    with zipfile.ZipFile(BytesIO(data)) as archive:
        (info,) = archive.infolist()
        assert info.date_time == (1980, 1, 1, 0, 0, 0) and archive.read("index.py") == b"print(1)\n"


def test_load_data_reads_a_package_file_once():
    loaded = load_data("iacf_core", "frameworks.yaml")
    assert "django" in loaded and load_data("iacf_core", "frameworks.yaml") is loaded
