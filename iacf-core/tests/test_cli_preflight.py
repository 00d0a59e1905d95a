"""``iacf preflight``: input checks, exit codes, the summary and the JSON shape, with a fake cloud's checker."""

from __future__ import annotations

import json

import pytest

from fake_cloud import FakeCloud

from iacf_core import ImportBlock, PreflightReport, Singleton, hookimpl
from iacf_core.kernel.errors import IacfError
from iacf_core.testing import check_json_output


def singleton(sid, status="absent", creates=True, **kw):
    collides = status == "exists" and creates
    return Singleton(id=sid, title=sid.title(), control=f"{sid}-control", scope="region", status=status,
                     created_by_project=creates, collides=collides, **kw)


class Checker(FakeCloud):
    """Answers for the fake cloud with a canned report; records the options it was given."""

    def __init__(self, singletons=None, raises=None):
        self.singletons = singletons if singletons is not None else [singleton("trail"), singleton("detector")]
        self.raises, self.options = raises, None

    @hookimpl
    def iacf_preflight(self, project_dir, options):
        self.options = options  # routed: called for the projects of its own cloud only
        if self.raises is not None:
            raise self.raises
        options.progress("reading the fake account")
        provided = sorted({s.provided for s in self.singletons if s.collides and s.provided})
        return PreflightReport(cloud="fake", account="000000000001", region="fr-1", endpoint=options.endpoint,
                               baseline="project", singletons=self.singletons, provided=provided)


@pytest.fixture
def project(fake_cli, tmp_path):
    out = tmp_path / "proj"
    res = fake_cli("generate", "Django sur FakeCloud", "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    return out


@pytest.fixture
def checker(plugins):
    def add(**kw):
        c = Checker(**kw)  # the fake cloud's owner, now with a preflight: replaces the plain one
        plugins.pm.unregister(name="fake")
        plugins.pm.register(c, name="fake")
        return c

    return add


def test_nothing_collides_exit_0(fake_cli, project, checker):
    c = checker(singletons=[singleton("trail"), singleton("recorder", status="unknown", note="not readable")])
    res = fake_cli("preflight", str(project))
    assert res.exit_code == 0, res.stderr
    assert c.options.cloud == "fake" and c.options.endpoint is None
    assert "… reading the fake account" in res.stderr
    assert "absent    Trail (region, control trail-control)" in res.stdout
    assert "unknown   Recorder" in res.stdout and "not readable" in res.stdout
    assert res.stdout.rstrip().endswith("Result: nothing collides (exit code 0)")


def test_collisions_exit_1_with_imports_and_policy(fake_cli, project, checker):
    found = singleton("detector", status="exists", found=["d-1"], effect="the apply fails",
                      imports=[ImportBlock(to="module.governance.fake_detector.this[0]", id="d-1")],
                      provided="threat-detection")
    checker(singletons=[singleton("trail"), found, singleton("hub", status="exists", creates=False)])
    res = fake_cli("preflight", str(project))
    assert res.exit_code == 1, res.stderr
    out = res.stdout
    assert "COLLIDES  Detector (region, control detector-control): d-1" in out and "the apply fails" in out
    assert "provided  Hub" in out  # exists, left to its owner: as expected
    assert 'import {\n  to = module.governance.fake_detector.this[0]\n  id = "d-1"\n}\n' in out
    assert '[account_baseline]\nmode = "project"\nprovided = ["threat-detection"]\n' in out
    assert out.rstrip().endswith("Result: 1 collision(s) (exit code 1)")


def test_json_shape(fake_cli, project, checker):
    found = singleton("detector", status="exists", found=["d-1"], effect="fails",
                      imports=[ImportBlock(to="module.g.fake_detector.this[0]", id="d-1")], provided="threat-detection")
    checker(singletons=[found, singleton("trail", creates=False)])
    res = fake_cli("preflight", str(project), "--json", "--endpoint", "http://127.0.0.1:4566/")
    assert res.exit_code == 1 and res.stderr == ""  # no progress with --json
    data = json.loads(res.stdout)
    check_json_output("preflight", data)
    assert data["ok"] is False and data["exit_code"] == 1 and data["directory"] == str(project)
    assert data["endpoint"] == "http://127.0.0.1:4566"  # normalised, handed to the plugin
    assert data["provided"] == ["threat-detection"] and data["baseline"] == "project"
    assert data["imports_hcl"].startswith("import {\n  to = module.g.fake_detector.this[0]")
    assert data["policy_toml"].endswith('provided = ["threat-detection"]\n')
    assert [s["id"] for s in data["singletons"]] == ["detector", "trail"]
    assert data["singletons"][1]["created_by_project"] is False


def one_line_error(res, code, *words):
    assert res.exit_code == code, (res.stdout, res.stderr)
    assert res.stderr.startswith("iacf: error:") and res.stderr.count("\n") == 1, res.stderr
    for word in words:
        assert word in res.stderr, res.stderr


def test_bad_input_is_one_line_exit_2(fake_cli, project, checker, tmp_path):
    checker()
    one_line_error(fake_cli("preflight", str(tmp_path / "nope")), 2, "does not exist")
    (tmp_path / "plain").mkdir()
    one_line_error(fake_cli("preflight", str(tmp_path / "plain")), 2, "not a project generated by iacf")
    one_line_error(fake_cli("preflight", str(project), "--endpoint", "ftp://x"), 2, "is not a URL")


def test_plugin_errors(fake_cli, project, checker, plugins):
    checker(raises=IacfError("no AWS credentials found: set AWS_PROFILE"))
    one_line_error(fake_cli("preflight", str(project)), 2, "no AWS credentials found")
    plugins.pm.unregister(name="fake")
    plugins.pm.register(FakeCloud(), name="fake")
    one_line_error(fake_cli("preflight", str(project)), 3, "implements no iacf_preflight")
    checker(raises=RuntimeError("boom"))
    one_line_error(fake_cli("preflight", str(project)), 3, "failed in iacf_preflight", "boom")
