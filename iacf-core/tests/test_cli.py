from __future__ import annotations

import json

import yaml


def test_generate_and_report(fake_cli, tmp_path):
    out = tmp_path / "out"
    res = fake_cli("generate", "Django avec PostgreSQL en prod sur FakeCloud", "--out", str(out))
    assert res.exit_code == 0, res.stderr
    assert (out / "main.tf").is_file()
    decisions = (out / "DECISIONS.md").read_text()
    assert "`fake.net`" in decisions and "`core.default.region`" in decisions
    readme = (out / "README.md").read_text()
    assert "```mermaid" in readme
    # tools absent → skipped, never passed
    assert "SKIPPED  fmt" in res.stdout and "SKIPPED  checkov" in res.stdout


def test_generate_json(fake_cli, tmp_path):
    res = fake_cli("generate", "Django sur FakeCloud", "--out", str(tmp_path / "o"), "--json")
    data = json.loads(res.stdout)
    assert data["exit_code"] == 0 and res.exit_code == 0
    assert {g["gate"]: g["status"] for g in data["gates"]}["checkov"] == "skipped"
    assert [c["id"] for c in data["components"]] == ["app", "net"]
    assert res.stderr == ""  # no progress with --json


def test_empty_request_exit_2_nothing_created(fake_cli, tmp_path):
    out = tmp_path / "x"
    res = fake_cli("generate", "", "--out", str(out))
    assert res.exit_code == 2
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("iacf: error:")
    assert "Traceback" not in res.stderr
    assert not out.exists()


def test_unknown_cloud_exit_2(fake_cli, tmp_path):
    out = tmp_path / "x"
    res = fake_cli("generate", "Django app on Oracle Cloud", "--out", str(out))
    assert res.exit_code == 2 and "installed clouds: fake" in res.stderr
    assert not out.exists()


def test_gibberish_exit_2(fake_cli, tmp_path):
    res = fake_cli("generate", "xqzt vlorp", "--out", str(tmp_path / "x"))
    assert res.exit_code == 2 and "no component" in res.stderr
    assert not (tmp_path / "x").exists()


def test_unsupported_kind_exit_2(fake_cli, tmp_path):
    res = fake_cli("generate", "Django with Redis on fakecloud", "--out", str(tmp_path / "x"))
    assert res.exit_code == 2
    assert "cannot generate 'cache' (asked by 'redis')" in res.stderr
    assert "fake_network" not in res.stderr  # internal kinds are not offered
    assert not (tmp_path / "x").exists()


def test_non_empty_out_refused_then_forced(fake_cli, tmp_path):
    (tmp_path / "keep").write_text("x")
    res = fake_cli("generate", "Django", "--out", str(tmp_path))
    assert res.exit_code == 2 and "--force" in res.stderr
    out = tmp_path / "o"
    out.mkdir()
    (out / "old").write_text("x")
    res = fake_cli("generate", "Django", "--out", str(out), "--force")
    assert res.exit_code == 0 and not (out / "old").exists()


def test_request_and_spec_are_exclusive(fake_cli, tmp_path):
    res = fake_cli("generate", "Django", "--spec", str(tmp_path / "s.yaml"))
    assert res.exit_code == 2 and "exactly one" in res.stderr


def test_spec_file_round_trip(fake_cli, tmp_path):
    res = fake_cli("parse", "Django avec PostgreSQL en prod à Berlin", "--project", "shop")
    assert res.exit_code == 0
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(res.stdout)
    data = yaml.safe_load(res.stdout)
    assert data["region"] == "de-1" and data["project"] == "shop"
    res = fake_cli("generate", "--spec", str(spec_path), "--out", str(tmp_path / "o"), "--env", "dev", "--json")
    assert json.loads(res.stdout)["spec"]["environment"] == "dev"


def test_bad_spec_files(fake_cli, tmp_path):
    cases = {
        "missing.yaml": None,
        "bad.yaml": "project: [unclosed",
        "list.yaml": "- a\n- b\n",
        "invalid.yaml": "project: Not A Slug\ncloud: fake\ncomponents: [{kind: web_app}]\n",
        "nocomp.yaml": "project: shop\ncloud: fake\ncomponents: []\n",
        "extra.yaml": "project: shop\ncloud: fake\ncomponents: [{kind: web_app}]\nfoo: 1\n",
        "env.yaml": "project: shop\ncloud: fake\nenvironment: moon\ncomponents: [{kind: web_app}]\n",
        "cloud.yaml": "project: shop\ncloud: nimbus\ncomponents: [{kind: web_app}]\n",
        "kind.yaml": "project: shop\ncloud: fake\ncomponents: [{kind: teleporter}]\n",
        "region.yaml": "project: shop\ncloud: fake\nregion: mars-1\ncomponents: [{kind: web_app}]\n",
    }
    for name, text in cases.items():
        path = tmp_path / name
        if text is not None:
            path.write_text(text)
        out = tmp_path / f"out-{name}"
        res = fake_cli("generate", "--spec", str(path), "--out", str(out))
        assert res.exit_code == 2, (name, res.stdout, res.stderr)
        assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr, name
        assert not out.exists(), name


def test_parse_reports_unused_words(fake_cli):
    res = fake_cli("parse", "Django avec un flux quantique", "--json")
    assert json.loads(res.stdout)["unused_words"] == ["flux", "quantique"]
    res = fake_cli("parse", "Django avec un flux quantique")
    assert "# words not used: flux quantique" in res.stdout


def test_schema_is_json_schema(fake_cli):
    res = fake_cli("schema")
    schema = json.loads(res.stdout)
    assert schema["type"] == "object" and "components" in schema["required"]


def test_plugins_lists_hooks(fake_cli):
    res = fake_cli("plugins", "--json")
    data = json.loads(res.stdout)
    names = {p["name"]: p for p in data["plugins"]}
    assert "iacf_render_module" in names["fake"]["hooks"]
    assert names["core"]["distribution"] == "iacf-core"


def test_validate_bad_paths(fake_cli, tmp_path):
    assert fake_cli("validate", str(tmp_path / "nope")).exit_code == 2
    assert fake_cli("validate", str(tmp_path)).exit_code == 2  # no .tf


def test_validate_finds_secret_and_bad_hcl(fake_cli, tmp_path):
    (tmp_path / "main.tf").write_text('resource "x" "y" {\n  password = "hunter22"\n}\n')
    (tmp_path / "broken.tf").write_text('resource "x" {{{\n')
    res = fake_cli("validate", str(tmp_path), "--json")
    assert res.exit_code == 1
    checks = {f["check"] for f in json.loads(res.stdout)["findings"]}
    assert {"iacf.secrets.literal-assignment", "iacf.hcl.parse"} <= checks


def test_usage_error_is_one_line(fake_cli):
    res = fake_cli("generate", "--bogus")
    assert res.exit_code == 2 and res.stderr.count("\n") == 1


def test_broken_plugin_exit_3(monkeypatch, iacf_cli, tmp_path):
    from iacf_core.app.commands import options
    from iacf_core.kernel.errors import PluginError

    def broken():
        raise PluginError("plugin 'x' (distribution x-dist) failed to load: ImportError: nope")

    monkeypatch.setattr(options, "plugins", broken)
    res = iacf_cli("generate", "Django", "--out", str(tmp_path / "o"))
    assert res.exit_code == 3 and "x-dist" in res.stderr and res.stderr.count("\n") == 1


def test_determinism(fake_cli, tmp_path):
    from iacf_core.testing import tree

    for name in ("a", "b"):
        assert fake_cli("generate", "Rails avec MySQL en prod", "--out", str(tmp_path / name), "--no-validate").exit_code == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
