"""``iacf generate --batch``: many specs in one process, on the fake cloud (the external tools are absent)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from fake_cloud import FakeCloud

from iacf_core import Finding, Severity, Stack, hookimpl
from iacf_core.app import outputs
from iacf_core.kernel.plugins import Plugins, get_plugin_manager
from iacf_core.testing import check_json_output, tree


class GatedCloud(FakeCloud):
    """The fake cloud, whose gate fails every project named ``failing``."""

    @hookimpl
    def iacf_validate(self, out_dir: Path, stack: Stack | None) -> list[Finding]:
        if stack is not None and stack.spec.project == "crashing":
            raise RuntimeError("the gate broke")
        if stack is not None and stack.spec.project == "dying":
            os._exit(9)  # the worker process dies (killed, out of memory)
        if stack is not None and stack.spec.project == "failing":
            return [Finding(gate="fake", check="fake.fails", severity=Severity.ERROR, message="refused")]
        return [Finding(gate="fake", check="fake.passes", severity=Severity.INFO, message="fine")]


@pytest.fixture
def batch_cli(monkeypatch: pytest.MonkeyPatch, iacf_cli):  # type: ignore[no-untyped-def]
    from iacf_core.app.commands import options

    pm = get_plugin_manager(load_entry_points=False, extra=[("fake", GatedCloud())])
    monkeypatch.setattr(options, "plugins", lambda: Plugins(pm))
    monkeypatch.setenv("IACF_TERRAFORM", "/nonexistent/terraform")
    monkeypatch.setenv("IACF_CHECKOV", "/nonexistent/checkov")
    return iacf_cli


def spec(project: str, env: str = "dev", kinds: tuple[str, ...] = ("web_app",)) -> str:
    components = ", ".join(f"{{kind: {k}}}" for k in kinds)
    return f"project: {project}\ncloud: fake\nenvironment: {env}\ncomponents: [{components}]\n"


def specs_folder(root: Path, **texts: str) -> Path:
    folder = root / "specs"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text)
    return folder


def test_several_specs_each_in_its_folder_as_generate_spec_writes_it(batch_cli, tmp_path):
    folder = specs_folder(tmp_path, **{"a.yaml": spec("shop", "prod", ("web_app", "relational_database")),
                                       "b.yml": spec("shop", "dev"), "c.json": json.dumps(
                                           {"project": "blog", "cloud": "fake", "components": [{"kind": "web_app"}]})})
    out = tmp_path / "fleet"
    res = batch_cli("generate", "--batch", str(folder), "--out", str(out), "-j", "2")
    assert res.exit_code == 0, res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["blog-dev", "shop-dev", "shop-prod"]
    lines = res.stdout.splitlines()
    assert [line.split()[0] for line in lines[2:5]] == ["a.yaml", "b.yml", "c.json"]  # the folder's order
    assert "3 ok" in res.stdout
    for name, folder_name in (("a.yaml", "shop-prod"), ("c.json", "blog-dev")):
        alone = tmp_path / "alone" / folder_name
        single = batch_cli("generate", "--spec", str(folder / name), "--out", str(alone))
        assert single.exit_code == 0, single.stderr
        assert tree(out / folder_name) == tree(alone)


def test_a_batch_reads_each_spec_as_generate_spec_does(batch_cli, tmp_path):
    """Environment names, the cloud in capitals, and the same refusals (did you mean...), each with its line."""
    folder = specs_folder(tmp_path, **{"a.yaml": spec("shop", "production").replace("cloud: fake", "cloud: FAKE"),
                                       "b.yaml": spec("blog").replace("kind: web_app", "kind: web_ap")})
    out = tmp_path / "fleet"
    res = batch_cli("generate", "--batch", str(folder), "--out", str(out))
    assert res.exit_code == 2, res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["shop-prod"]
    assert "core.spec.environment" in (out / "shop-prod" / "DECISIONS.md").read_text()
    single = batch_cli("generate", "--spec", str(folder / "a.yaml"), "--out", str(tmp_path / "alone"))
    assert single.exit_code == 0, single.stderr
    assert tree(out / "shop-prod") == tree(tmp_path / "alone")
    refused = batch_cli("generate", "--spec", str(folder / "b.yaml"), "--out", str(tmp_path / "b"))
    assert refused.exit_code == 2
    reason = refused.stderr.strip().removeprefix("iacf: error: ")
    assert "did you mean 'web_app'" in reason
    assert reason in res.stdout + res.stderr  # the batch's row says what --spec says


def untimed(text: str) -> str:
    return re.sub(r'"seconds": [0-9.]+', '"seconds": 0', text)


def test_output_is_deterministic(batch_cli, tmp_path):
    folder = specs_folder(tmp_path, **{"a.yaml": spec("shop", "prod"), "b.yaml": spec("blog")})
    first = batch_cli("generate", "--batch", str(folder), "--out", str(tmp_path / "out-1"), "--json", "-j", "2")
    second = batch_cli("generate", "--batch", str(folder), "--out", str(tmp_path / "out-2"), "--json")
    assert first.exit_code == second.exit_code == 0
    # the same report but for the gates' timings
    assert untimed(first.stdout.replace("out-1", "out-2")) == untimed(second.stdout)
    assert tree(tmp_path / "out-1") == tree(tmp_path / "out-2")
    again = batch_cli("generate", "--batch", str(folder), "--out", str(tmp_path / "out-1"), "--force")
    assert again.exit_code == 0 and tree(tmp_path / "out-1") == tree(tmp_path / "out-2")


def test_a_bad_spec_is_its_row_and_the_others_are_generated(batch_cli, tmp_path):
    folder = specs_folder(tmp_path, **{"a.yaml": spec("shop"), "b.yaml": "project: [unclosed",
                                       "c.yaml": spec("blog", kinds=("teleporter",)), "d.yaml": spec("wiki")})
    out = tmp_path / "fleet"
    res = batch_cli("generate", "--batch", str(folder), "--out", str(out))
    assert res.exit_code == 2 and "Traceback" not in res.stderr + res.stdout
    assert sorted(p.name for p in out.iterdir()) == ["shop-dev", "wiki-dev"]
    errors = [line for line in res.stdout.splitlines() if line.lstrip().startswith("ERROR")]
    assert len(errors) == 2 and "b.yaml: spec file" in errors[0]
    assert "c.yaml: spec file" in errors[1] and "line 4: components[0].kind: the fake catalogue" in errors[1]
    assert "2 ok" in res.stdout and "(exit code 2)" in res.stdout


def test_the_exit_code_is_the_worst_of_the_specs_and_json_matches_its_schema(batch_cli, tmp_path):
    folder = specs_folder(tmp_path, **{"a.yaml": spec("shop"), "b.yaml": spec("failing"),
                                       "c.yaml": spec("wiki", env="moon")})
    res = batch_cli("generate", "--batch", str(folder), "--out", str(tmp_path / "fleet"), "--json", "-j", "2")
    data = json.loads(res.stdout)
    check_json_output("generate --batch", data)
    assert res.exit_code == data["exit_code"] == 2 and data["ok"] is False
    rows = {row["spec_file"]: row for row in data["specs"]}
    assert list(rows) == ["a.yaml", "b.yaml", "c.yaml"]
    assert rows["a.yaml"]["exit_code"] == 0 and rows["a.yaml"]["out"] == str(tmp_path / "fleet" / "shop-dev")
    assert rows["b.yaml"]["exit_code"] == 1 and rows["b.yaml"]["validated"] is True
    assert any(f["check"] == "fake.fails" for f in rows["b.yaml"]["findings"])
    assert rows["c.yaml"]["exit_code"] == 2 and "out" not in rows["c.yaml"] and rows["c.yaml"]["errors"]
    without_bad = batch_cli("generate", "--batch", str(folder / "b.yaml"), "--out", str(tmp_path / "x"))
    assert without_bad.exit_code == 2  # a spec file is not a batch
    (folder / "c.yaml").unlink()
    res = batch_cli("generate", "--batch", str(folder), "--out", str(tmp_path / "fleet"), "--force")
    assert res.exit_code == 1 and "1 with gate errors" in res.stdout


def test_a_batch_whose_every_spec_fails_leaves_no_output_folder(batch_cli, tmp_path):
    folder = specs_folder(tmp_path, **{"a.yaml": spec("shop", kinds=("teleporter",)),
                                       "b.yaml": spec("blog", kinds=("teleporter",))})
    out = tmp_path / "deep" / "fleet"
    for jobs in ("1", "2"):
        res = batch_cli("generate", "--batch", str(folder), "--out", str(out), "-j", jobs)
        assert res.exit_code == 2 and "0 ok" in res.stdout
        assert not (tmp_path / "deep").exists()


def test_collisions_are_refused_before_anything_is_written(batch_cli, tmp_path):
    folder = specs_folder(tmp_path, **{"a.yaml": spec("shop", "prod"), "b.yaml": spec("blog"),
                                       "c.yaml": spec("shop", "prod", ("relational_database",))})
    out = tmp_path / "fleet"
    res = batch_cli("generate", "--batch", str(folder), "--out", str(out))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1
    assert "a.yaml and c.yaml both generate shop-prod" in res.stderr
    assert not out.exists()


def test_a_list_file_keeps_its_order_and_its_entries_must_exist(batch_cli, tmp_path):
    folder = specs_folder(tmp_path, **{"a.yaml": spec("shop"), "b.yaml": spec("blog")})
    listing = tmp_path / "fleet.txt"
    listing.write_text(f"# the fleet\n\nspecs/b.yaml\n{folder / 'a.yaml'}\n")
    res = batch_cli("generate", "--batch", str(listing), "--out", str(tmp_path / "fleet"), "--json")
    assert res.exit_code == 0, res.stderr
    assert [r["spec_file"] for r in json.loads(res.stdout)["specs"]] == ["specs/b.yaml", str(folder / "a.yaml")]
    listing.write_text("specs/b.yaml\nspecs/missing.yaml\nspecs/b.yaml\nspecs\n")
    res = batch_cli("generate", "--batch", str(listing), "--out", str(tmp_path / "other"))
    assert res.exit_code == 2 and "Traceback" not in res.stderr
    problems = res.stderr.splitlines()
    assert len(problems) == 3
    assert "line 2: specs/missing.yaml does not exist" in problems[0]
    assert "line 3: specs/b.yaml is listed twice (line 1)" in problems[1]
    assert "line 4: specs is not a file" in problems[2]
    assert not (tmp_path / "other").exists()


@pytest.mark.parametrize(("setup", "expected"), [
    ("empty", "holds no spec file"),
    ("unknown", "not spec files (.yaml, .yml, .json): notes.txt, sub/"),
    ("missing", "does not exist"),
    ("empty-list", "names no spec file"),
])
def test_bad_batch_sources_are_one_line_errors(batch_cli, tmp_path, setup, expected):
    source = tmp_path / "specs"
    if setup in ("empty", "unknown"):
        source.mkdir()
        (source / ".gitkeep").write_text("")  # hidden entries are not part of the batch
    if setup == "unknown":
        (source / "a.yaml").write_text(spec("shop"))
        (source / "notes.txt").write_text("x")
        (source / "sub").mkdir()
    if setup == "empty-list":
        source = tmp_path / "list.txt"
        source.write_text("# nothing yet\n")
    res = batch_cli("generate", "--batch", str(source), "--out", str(tmp_path / "fleet"))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1 and expected in res.stderr, res.stderr
    assert not (tmp_path / "fleet").exists()


def test_existing_folders_need_force(batch_cli, tmp_path):
    folder = specs_folder(tmp_path, **{"a.yaml": spec("shop"), "b.yaml": spec("blog")})
    out = tmp_path / "fleet"
    (out / "shop-dev").mkdir(parents=True)
    (out / "shop-dev" / "old.tf").write_text("x")
    res = batch_cli("generate", "--batch", str(folder), "--out", str(out))
    assert res.exit_code == 2 and "shop-dev is not empty" in res.stderr and "--force" in res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["shop-dev"]
    res = batch_cli("generate", "--batch", str(folder), "--out", str(out), "--force")
    assert res.exit_code == 0 and not (out / "shop-dev" / "old.tf").exists() and (out / "blog-dev").is_dir()


@pytest.mark.parametrize("extra", [["Django"], ["--project", "x"], ["--env", "prod"], ["--spec", "s.yaml"]])
def test_batch_takes_its_values_from_the_spec_files(batch_cli, tmp_path, extra):
    folder = specs_folder(tmp_path, **{"a.yaml": spec("shop")})
    res = batch_cli("generate", "--batch", str(folder), "--out", str(tmp_path / "fleet"), *extra)
    assert res.exit_code == 2 and "--batch reads every value from its spec files" in res.stderr


def test_jobs_goes_with_batch(batch_cli, tmp_path):
    res = batch_cli("generate", "Django", "--out", str(tmp_path / "o"), "-j", "2")
    assert res.exit_code == 2 and "--jobs goes with --batch" in res.stderr
    res = batch_cli("generate", "--batch", str(tmp_path), "--out", str(tmp_path / "o"), "-j", "0")
    assert res.exit_code == 2


def test_the_batch_schema_is_shipped_and_current():
    assert outputs.schema_file("generate --batch") == "generate-batch.json"
    assert outputs.load_schema("generate --batch") == outputs.build_schema("generate --batch")


def test_a_plugin_failing_in_one_project_is_its_row(batch_cli, tmp_path):
    folder = specs_folder(tmp_path, **{"a.yaml": spec("crashing"), "b.yaml": spec("shop")})
    res = batch_cli("generate", "--batch", str(folder), "--out", str(tmp_path / "fleet"), "--json", "-j", "2")
    rows = {row["spec_file"]: row for row in json.loads(res.stdout)["specs"]}
    assert res.exit_code == 3 and rows["a.yaml"]["exit_code"] == 3 and rows["b.yaml"]["exit_code"] == 0
    assert "the gate broke" in rows["a.yaml"]["errors"][0] and rows["a.yaml"]["validated"] is False
    assert (tmp_path / "fleet" / "crashing-dev" / "main.tf").is_file()  # written; its gates could not run


def test_with_jobs_workers_generate_in_parallel_with_the_same_files_as_one_process(batch_cli, tmp_path):
    texts = {f"s{i}.yaml": spec(f"svc{i}", ("dev", "staging", "prod")[i % 3]) for i in range(6)}
    folder = specs_folder(tmp_path, **texts)
    parallel = batch_cli("generate", "--batch", str(folder), "--out", str(tmp_path / "par"), "-j", "3",
                         "--no-validate", "--json")
    serial = batch_cli("generate", "--batch", str(folder), "--out", str(tmp_path / "ser"), "--no-validate",
                       "--json")
    assert parallel.exit_code == serial.exit_code == 0, parallel.stderr
    assert untimed(parallel.stdout).replace("/par", "/ser") == untimed(serial.stdout)
    for name in os.listdir(tmp_path / "ser"):
        assert tree(tmp_path / "par" / name) == tree(tmp_path / "ser" / name)


def test_a_worker_that_dies_fails_its_spec_not_the_batch(batch_cli, tmp_path):
    folder = specs_folder(tmp_path, **{"a.yaml": spec("dying"), "b.yaml": spec("shop"), "c.yaml": spec("blog")})
    res = batch_cli("generate", "--batch", str(folder), "--out", str(tmp_path / "fleet"), "--json", "-j", "2")
    rows = {row["spec_file"]: row for row in json.loads(res.stdout)["specs"]}
    assert res.exit_code == 70 and rows["a.yaml"]["exit_code"] == 70, res.stdout
    assert "internal error" in rows["a.yaml"]["errors"][0]
    # the pool is broken from then on: the other specs are either done or reported, never silently missing
    assert all(row["exit_code"] in (0, 70) for row in rows.values()) and len(rows) == 3
