"""What iacf keeps between runs to start and generate faster gives the same results as doing the work again:
compiled templates, parsed HCL, package data; and a cache that cannot be used only costs time."""

from __future__ import annotations

import json
import os
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from iacf_core.kernel import cache, data
from iacf_core.kernel.compiled import CompiledTemplates
from iacf_core.kernel.rendering import Renderer
from iacf_core.toolkit import hcl
from iacf_core.toolkit.validation.runner import validate_dir

DOC = 'variable "name" {\n  type    = string\n  default = "x"\n}\n\nresource "a_b" "c" {\n  tags = { A = "1" }\n}\n'


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, and caches of this process forgotten."""
    monkeypatch.setenv("IACF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(CompiledTemplates, "_memory", {})
    hcl._parse.cache_clear()
    cache._prune.cache_clear()
    yield tmp_path / "cache"
    hcl._parse.cache_clear()
    cache._prune.cache_clear()


def _renderer(plugins, root: Path, cache: Path) -> Renderer:
    template = root / "mine" / "x.j2"
    if not template.exists():
        template.parent.mkdir(parents=True)
        template.write_text("name = {{ value | hcl }}\n", encoding="utf-8")
    return Renderer(plugins.registry, override_dir=root, cache=cache)


def _no_compiling(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("compiled again")


def test_compiled_templates_are_kept_between_processes(plugins, cache_home, monkeypatch):
    folder = cache_home / "templates"
    assert _renderer(plugins, cache_home / "t", folder).render("mine/x.j2", value="v") == 'name = "v"\n'
    assert len(list(folder.glob("*.cache"))) == 1
    monkeypatch.setattr(CompiledTemplates, "_memory", {})  # a new process: only the folder is left
    again = _renderer(plugins, cache_home / "t", folder)
    again.env.compile = _no_compiling  # type: ignore[method-assign]
    assert again.render("mine/x.j2", value="w") == 'name = "w"\n'
    (cache_home / "t" / "mine" / "x.j2").write_text("other = {{ value }}\n", encoding="utf-8")
    assert _renderer(plugins, cache_home / "t", folder).render("mine/x.j2", value="w") == "other = w\n"


def test_a_damaged_or_unwritable_template_cache_only_costs_time(plugins, cache_home, monkeypatch):
    folder = cache_home / "templates"
    _renderer(plugins, cache_home / "t", folder).render("mine/x.j2", value="v")
    for entry in folder.glob("*.cache"):
        entry.write_bytes(b"not a compiled template")
    monkeypatch.setattr(CompiledTemplates, "_memory", {})
    assert _renderer(plugins, cache_home / "t", folder).render("mine/x.j2", value="v") == 'name = "v"\n'
    blocked = cache_home / "file"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setattr(CompiledTemplates, "_memory", {})
    assert _renderer(plugins, cache_home / "t", blocked / "templates").render("mine/x.j2", value="v") == \
        'name = "v"\n'


def test_parsed_hcl_is_kept_between_processes(cache_home):
    parsed = hcl.load_text(DOC)
    kept = list((cache_home / "hcl").rglob("*.json"))
    assert len(kept) == 1
    hcl._parse.cache_clear()  # a new process: the document comes from the folder, unchanged
    assert hcl.load_text(DOC) == parsed
    kept[0].write_text("{broken", encoding="utf-8")
    hcl._parse.cache_clear()
    assert hcl.load_text(DOC) == parsed  # parsed again
    with pytest.raises(hcl.HclError):
        hcl.load_text('resource "a" {\n  = broken\n')
    assert len(list((cache_home / "hcl").rglob("*.json"))) == 1  # errors are not kept


def test_an_unusable_cache_folder_does_not_stop_parsing(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("IACF_CACHE_DIR", str(blocked / "cache"))
    hcl._parse.cache_clear()
    try:
        assert hcl.load_text(DOC)["variable"]
        assert data.parse_yaml("a: [1, 2]\n") == {"a": [1, 2]}
    finally:
        hcl._parse.cache_clear()


def test_a_text_cache_is_bounded(cache_home):
    kept = cache.TextCache("test", "1", kept=4)
    for i in range(6):
        cache._prune.cache_clear()  # pruning runs once a process: six processes
        kept.put(f"text {i}", {"n": i})
    assert len(list((cache_home / "test" / "1").glob("*.json"))) <= 4
    assert kept.get("text 5") == {"n": 5}
    kept.put("dates", {1: "an int key JSON would turn into a string"})
    assert kept.get("dates") is None  # kept only when JSON gives it back unchanged


def test_package_data_is_kept_between_processes(cache_home):
    text = "a:\n  - 1\n  - two\n"
    assert data.parse_yaml(text) == {"a": [1, "two"]}
    assert data._kept().get(text) == {"a": [1, "two"]}


@pytest.mark.parametrize("package", ["iacf_core", "iacf_aws", "iacf_governance"])
def test_package_data_reads_the_same_with_the_fast_loader(package):
    folder = files(package).joinpath("data")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))
    assert names
    for name in names:
        text = folder.joinpath(name).read_text(encoding="utf-8")
        assert data.parse_yaml(text) == yaml.load(text, Loader=yaml.SafeLoader), name  # noqa: S506


@pytest.mark.parametrize("package", ["iacf_core", "iacf_aws", "iacf_azure", "iacf_gcp", "iacf_governance"])
def test_package_data_can_be_kept(package):
    """A document JSON would change (an int key) is never kept: every process would import PyYAML and parse it
    again. Keys are strings in every data file."""
    pytest.importorskip(package)
    folder = files(package).joinpath("data")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))
    for name in names:
        document = yaml.load(folder.joinpath(name).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)  # noqa: S506
        assert json.loads(json.dumps(document)) == document, name


def test_every_gate_is_timed(plugins, tmp_path):
    (tmp_path / "main.tf").write_text(DOC, encoding="utf-8")
    report = validate_dir(tmp_path, plugins, None, external=False)
    assert report.gates and all(g.seconds is not None and g.seconds >= 0 for g in report.gates)


def test_the_external_gates_run_and_are_timed_even_without_their_tools(plugins, tmp_path, monkeypatch):
    (tmp_path / "main.tf").write_text(DOC, encoding="utf-8")
    monkeypatch.setenv("IACF_TERRAFORM", str(tmp_path / "no-terraform"))
    monkeypatch.setenv("IACF_CHECKOV", str(tmp_path / "no-checkov"))
    report = validate_dir(tmp_path, plugins, None)
    gates = {g.gate: g for g in report.gates}
    assert [g.gate for g in report.gates][-3:] == ["fmt", "validate", "checkov"]  # the order of the report
    assert all(gates[name].status == "skipped" and gates[name].seconds is not None
               for name in ("fmt", "validate", "checkov"))
    assert os.listdir(tmp_path) == ["main.tf"]  # the tools read a copy


def test_parsed_hcl_is_kept_by_the_parser_code_not_its_declared_release(tmp_path):
    """Another distribution can install its own ``hcl2`` module over python-hcl2's (same declared release, other
    document shape): the cache key follows the module's sources."""
    from iacf_core.toolkit.hcl import parser_release

    one, two = tmp_path / "one", tmp_path / "two"
    for folder, body in ((one, "SHAPE = 1\n"), (two, "SHAPE = 2\n")):
        (folder / "sub").mkdir(parents=True)
        (folder / "__init__.py").write_text("")
        (folder / "sub" / "transformer.py").write_text(body)
    assert parser_release(one) != parser_release(two)
    assert parser_release(one) == parser_release(one) and parser_release(one).startswith("hcl2-")
