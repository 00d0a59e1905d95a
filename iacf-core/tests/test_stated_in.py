"""A default says truthfully what did not state its value (the request or the spec file, also in --batch and
with several jobs), and every command refuses an empty path or factory in one line (exit 2) instead of reading
the current folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SPEC = "project: shop\ncloud: fake\nenvironment: dev\ncomponents:\n  - kind: web_app\n"


def _defaults(document: dict) -> dict[str, dict]:
    return {d["id"]: d for d in document["decisions"] if d["id"] in ("core.default.owner", "core.default.cost_center")}


def test_a_spec_files_defaults_say_the_spec_file_did_not_state_them(fake_cli, tmp_path):
    (tmp_path / "s.yaml").write_text(SPEC)
    res = fake_cli("generate", "--spec", str(tmp_path / "s.yaml"), "--out", str(tmp_path / "o"), "--no-validate",
                   "--json")
    assert res.exit_code == 0, res.stderr
    owner = _defaults(json.loads(res.stdout))["core.default.owner"]
    assert owner["trigger"] == "not stated in the spec file"
    assert owner["why"] == "The spec file does not state the owner: platform-team (no policy value)."
    assert owner["alternatives"] == ["state the owner in the spec file or pass --owner"]
    decisions = (tmp_path / "o" / "DECISIONS.md").read_text()
    assert "not stated in the spec file" in decisions and "not stated in the request" not in decisions


def test_a_spec_files_default_region_says_the_spec_file_names_none(fake_cli, tmp_path):
    (tmp_path / "s.yaml").write_text(SPEC)
    res = fake_cli("generate", "--spec", str(tmp_path / "s.yaml"), "--out", str(tmp_path / "o"), "--no-validate",
                   "--json")
    assert res.exit_code == 0, res.stderr
    region = next(d for d in json.loads(res.stdout)["decisions"] if d["id"] == "core.default.region")
    assert region["trigger"] == "no region in the spec file"
    assert region["why"].startswith("The spec file names no region: ")
    assert region["alternatives"] == ["set region in the spec file", "pass --region"]
    res = fake_cli("generate", "Django sur FakeCloud", "--out", str(tmp_path / "b"), "--no-validate", "--json")
    region = next(d for d in json.loads(res.stdout)["decisions"] if d["id"] == "core.default.region")
    assert region["trigger"] == "no region in the request"


def test_a_requests_defaults_keep_their_wording_after_a_spec_run(fake_cli, tmp_path):
    (tmp_path / "s.yaml").write_text(SPEC)
    first = fake_cli("generate", "--spec", str(tmp_path / "s.yaml"), "--out", str(tmp_path / "a"), "--no-validate")
    assert first.exit_code == 0, first.stderr
    res = fake_cli("generate", "Django sur FakeCloud", "--out", str(tmp_path / "b"), "--no-validate", "--json")
    assert res.exit_code == 0, res.stderr
    cost = _defaults(json.loads(res.stdout))["core.default.cost_center"]
    assert cost["trigger"] == "not stated in the request"
    assert cost["why"] == "The request does not state the cost center: unassigned (no policy value)."


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batchs_defaults_say_the_spec_file_did_not_state_them(fake_cli, tmp_path, jobs):
    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("one", "two"):
        (specs / f"{name}.yaml").write_text(SPEC.replace("shop", f"shop-{name}"))
    res = fake_cli("generate", "--batch", str(specs), "--out", str(tmp_path / "o"), "--no-validate", "--jobs", jobs)
    assert res.exit_code == 0, res.stderr
    written = sorted((tmp_path / "o").glob("*/DECISIONS.md"))
    assert len(written) == 2
    for decisions in written:
        text = decisions.read_text()
        assert text.count("not stated in the spec file") == 4, decisions  # owner, cost center: table and details
        assert "not stated in the request" not in text


@pytest.mark.parametrize(("args", "says"), [
    (("validate", ""), "DIRECTORY needs a path"),
    (("validate", "  "), "DIRECTORY needs a path"),
    (("verify", ""), "DIRECTORY needs a path"),
    (("preflight", ""), "DIRECTORY needs a path"),
    (("factory", "init", ""), "DIRECTORY needs a path"),
    (("factory", "merge", "", "1"), "DIRECTORY needs a path"),
    (("module", "init", ""), "DIRECTORY needs a path"),
    (("publish", "", "--factory", "f"), "MODULE_DIR needs a path"),
    (("harvest", "", "--factory", "f"), "PROJECT_DIR needs a path"),
    (("catalog", "--factory", ""), "--factory needs a folder or github:OWNER/REPO"),
    (("publish", "m", "--factory", " "), "--factory needs a folder or github:OWNER/REPO"),
    (("harvest", "p", "--factory", ""), "--factory needs a folder or github:OWNER/REPO"),
    (("catalog", "--factory", "f", "--github-api-url", ""),
     "--github-api-url is empty: give a value or leave the option out"),
])
def test_an_empty_path_argument_is_refused_not_read_as_the_current_folder(fake_cli, tmp_path: Path, monkeypatch,
                                                                          args, says):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.tf").write_text('resource "x" "y" {}\n')  # what `validate .` would have read
    res = fake_cli(*args)
    assert res.exit_code == 2, res.stdout
    assert res.stderr.splitlines() == [f"iacf: error: {says}"]
    assert res.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["main.tf"]
