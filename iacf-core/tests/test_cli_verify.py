"""``iacf verify``: input checks, exit codes, the summary and the JSON shape, with a fake cloud's verifier."""

from __future__ import annotations

import json

import pytest

from fake_cloud import FakeCloud

from iacf_core import VerifyReport, hookimpl
from iacf_core.kernel.errors import IacfError
from iacf_core.kernel.reports import NotApplied, PlanChange, VerifyRoot, VerifyStage
from iacf_core.testing import check_json_output

STAGES = ("init", "plan", "apply", "replan", "destroy")


def root(name=".", failed=None, **kw):
    stages = [VerifyStage(name=s, status="failed" if s == failed else "passed", seconds=1.5) for s in STAGES]
    return VerifyRoot(root=name, ok=failed is None, failed_stage=failed, stages=stages, **kw)


class Verifier(FakeCloud):
    """Answers for the fake cloud with a canned report; records the options it was given."""

    def __init__(self, roots=None, raises=None):
        self.roots = roots if roots is not None else [root("bootstrap"), root()]
        self.raises = raises
        self.options = None

    @hookimpl
    def iacf_verify(self, project_dir, options):
        self.options = options  # routed: called for the projects of its own cloud only
        options.progress("deploying on the fake emulator")
        if self.raises is not None:
            raise self.raises
        return VerifyReport(cloud="fake", emulator="fake-emulator 1.0", endpoint=options.endpoint or "http://e:1",
                            roots=self.roots)


@pytest.fixture
def project(fake_cli, tmp_path):
    out = tmp_path / "proj"
    res = fake_cli("generate", "Django sur FakeCloud", "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    return out


@pytest.fixture
def verifier(plugins):
    def add(**kw):
        v = Verifier(**kw)  # the fake cloud's owner, now with a verifier: replaces the plain one
        plugins.pm.unregister(name="fake")
        plugins.pm.register(v, name="fake")
        return v

    return add


def one_line_error(res, code, *words):
    assert res.exit_code == code, (res.stdout, res.stderr)
    assert res.stderr.startswith("iacf: error:") and res.stderr.count("\n") == 1, res.stderr
    assert "Traceback" not in res.stderr
    for word in words:
        assert word in res.stderr, res.stderr


def test_verify_ok_prints_summary_and_progress(fake_cli, project, verifier):
    roots = [root("bootstrap", lifted=["aws_x.lock"], destroyed=True),
             root(applied=["a.one", "a.two"], destroyed=True,
                  not_applied=[NotApplied(address="b.one", type="b", reason="no B API"),
                               NotApplied(address="b.two", type="b", reason="no B API")],
                  emulator_drift=[PlanChange(address="c.one", type="c", actions=["update"], attributes=["x"],
                                             reason="x is not stored")])]
    v = verifier(roots=roots)
    res = fake_cli("verify", str(project))
    assert res.exit_code == 0, res.stderr
    assert v.options.cloud == "fake" and v.options.endpoint is None and v.options.keep is False
    assert "… deploying on the fake emulator" in res.stderr  # progress on stderr
    out = res.stdout
    assert "Root module bootstrap: OK" in out and "Root module .: OK" in out
    assert "applied 2, planned only 2" in out
    assert "planned only: b ×2: no B API" in out
    assert "emulator drift: c.one [x]: x is not stored" in out
    assert "protections of 1 resources lifted" in out
    assert out.rstrip().endswith("Result: OK (exit code 0)")


def test_verify_json_shape(fake_cli, project, verifier):
    verifier(roots=[root(applied=["a.one"], destroyed=True)])
    res = fake_cli("verify", str(project), "--json", "--endpoint", "http://127.0.0.1:4566/", "--keep")
    assert res.exit_code == 0 and res.stderr == ""  # no progress with --json
    data = json.loads(res.stdout)
    check_json_output("verify", data)
    assert set(data) == {"ok", "exit_code", "directory", "cloud", "emulator", "endpoint", "roots"}
    assert data["ok"] is True and data["exit_code"] == 0 and data["directory"] == str(project)
    assert data["endpoint"] == "http://127.0.0.1:4566"  # normalised, handed to the plugin
    (r,) = data["roots"]
    assert set(r) == {"root", "ok", "failed_stage", "message", "stages", "applied", "not_applied", "drift",
                      "emulator_drift", "destroyed", "lifted", "workdir"}
    assert [s["name"] for s in r["stages"]] == list(STAGES)
    assert set(r["stages"][0]) == {"name", "status", "seconds"}


def test_verify_keep_and_quiet_are_passed(fake_cli, project, verifier):
    v = verifier()
    res = fake_cli("verify", str(project), "--keep", "--quiet")
    assert res.exit_code == 0 and res.stderr == ""
    assert v.options.keep is True


def test_verify_failure_exit_1_names_the_stage(fake_cli, project, verifier):
    verifier(roots=[root("bootstrap", destroyed=True),
                    root(failed="apply", message="Error: creating X: boom",
                         drift=[PlanChange(address="d.one", type="d", actions=["update"], attributes=["y"])])])
    res = fake_cli("verify", str(project))
    assert res.exit_code == 1
    assert "Root module .: FAILED at apply" in res.stdout and "| Error: creating X: boom" in res.stdout
    assert "DRIFT: d.one update [y]" in res.stdout
    assert "Result: FAILED (exit code 1)" in res.stdout
    data = json.loads(fake_cli("verify", str(project), "--json").stdout)
    assert data["ok"] is False and data["exit_code"] == 1 and data["roots"][1]["failed_stage"] == "apply"


def test_verify_missing_folder_exit_2(fake_cli, tmp_path, verifier):
    verifier()
    one_line_error(fake_cli("verify", str(tmp_path / "nope")), 2, "does not exist")
    (tmp_path / "file").write_text("x")
    one_line_error(fake_cli("verify", str(tmp_path / "file")), 2, "is not a folder")


def test_verify_folder_without_manifest_exit_2(fake_cli, tmp_path, verifier):
    v = verifier()
    (tmp_path / "main.tf").write_text("terraform {}\n")
    one_line_error(fake_cli("verify", str(tmp_path)), 2, "not a project generated by iacf", ".iacf/manifest.json")
    assert v.options is None


def test_verify_unreadable_manifest_exit_2(fake_cli, project, verifier):
    verifier()
    (project / ".iacf" / "manifest.json").write_text("{not json")
    one_line_error(fake_cli("verify", str(project)), 2, "manifest.json")


def test_verify_project_of_a_cloud_not_installed_exit_2(fake_cli, project, verifier):
    v = verifier()
    manifest = project / ".iacf" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["spec"]["cloud"] = "azure"
    manifest.write_text(json.dumps(data))
    one_line_error(fake_cli("verify", str(project)), 2, "'azure' project", "installed clouds: fake")
    assert v.options is None


@pytest.mark.parametrize("endpoint", ["ftp://127.0.0.1:1", "127.0.0.1:4566", "http://", "http://h:port",
                                      "http://h:1/path"])
def test_verify_bad_endpoint_exit_2(fake_cli, project, verifier, endpoint):
    v = verifier()
    one_line_error(fake_cli("verify", str(project), "--endpoint", endpoint), 2, "--endpoint")
    assert v.options is None


def test_verify_cloud_plugin_without_verifier_exit_3(fake_cli, project):
    one_line_error(fake_cli("verify", str(project)), 3, "cannot verify", "'fake'")


def test_verify_plugin_raising_exit_3(fake_cli, project, verifier):
    verifier(raises=RuntimeError("emulator exploded"))
    one_line_error(fake_cli("verify", str(project), "--quiet"), 3, "plugin 'fake'", "iacf_verify", "emulator exploded")


def test_verify_plugin_bad_input_error_keeps_exit_2(fake_cli, project, verifier):
    verifier(raises=IacfError("the emulator is not installed: pip install x"))
    one_line_error(fake_cli("verify", str(project), "--quiet"), 2, "pip install x")


def test_verify_plugin_returning_something_else_exit_3(fake_cli, project, plugins):
    class Sloppy(FakeCloud):
        @hookimpl
        def iacf_verify(self, project_dir, options):
            return {"ok": True}

    plugins.pm.unregister(name="fake")
    plugins.pm.register(Sloppy(), name="fake")
    one_line_error(fake_cli("verify", str(project)), 3, "not a VerifyReport")


def test_verify_is_routed_to_the_cloud_owner_only(fake_cli, project, plugins):
    class Stranger:  # implements iacf_verify for a cloud it does not own: refused when the plugins load
        @hookimpl
        def iacf_verify(self, project_dir, options):
            raise AssertionError("never called")

    plugins.pm.register(Stranger(), name="stranger")
    one_line_error(fake_cli("verify", str(project)), 3, "plugin 'stranger'", "iacf_verify",
                   "the cloud's owner only", "registers no cloud")
