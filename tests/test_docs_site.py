"""The documentation site builds with `mkdocs build --strict` (no warning), and the example plugin of the
plugin-author guide installs, passes its own tests and renders Terraform that passes the gates."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "docs" / "examples" / "iacf-job-queue"


def mkdocs_build(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("mkdocs", reason="mkdocs is a test dependency (nox installs it)")
    pytest.importorskip("material", reason="mkdocs-material is a test dependency (nox installs it)")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=root,
                          capture_output=True, text=True, env=env, check=False)


def test_docs_build_strict(tmp_path):
    proc = mkdocs_build(REPO, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr
    guide = (tmp_path / "site" / "plugin-guide" / "index.html").read_text()
    assert "iacf_render_module" in guide and "maxReceiveCount" in guide  # the example's files are included


def test_docs_build_fails_on_a_broken_link(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root)
    shutil.copytree(REPO / "docs", root / "docs")
    # the plugin guide includes the test cloud's files
    shutil.copytree(REPO / "tests" / "plugins", root / "tests" / "plugins")
    shutil.copy(REPO / "tests" / "test_democloud.py", root / "tests")
    with (root / "docs" / "quickstart.md").open("a") as f:
        f.write("\nSee [nowhere](nowhere.md).\n")
    proc = mkdocs_build(root, tmp_path / "site")
    assert proc.returncode != 0 and "nowhere.md" in proc.stderr


@pytest.fixture(scope="module")
def example_path(tmp_path_factory):
    target = tmp_path_factory.mktemp("site-packages")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index",
         "--target", str(target), str(EXAMPLE)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0 and "hatchling" in proc.stderr:
        pytest.skip("hatchling (build backend of the example plugin) is not installed")
    assert proc.returncode == 0, proc.stderr
    return target


def with_example(path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(path)}


def test_example_plugin_passes_its_own_tests(example_path, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                           str(EXAMPLE / "tests")], capture_output=True, text=True, env=with_example(example_path),
                          cwd=tmp_path, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4 passed" in proc.stdout


@pytest.mark.checkov
def test_example_plugin_output_passes_fmt_and_checkov(example_path, tmp_path, need_checkov):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "iacf_core", "generate", "Django app with a job queue on AWS",
                           "--out", str(out), "--no-validate", "--json"], capture_output=True, text=True,
                          env=with_example(example_path), check=False)
    assert proc.returncode == 0, proc.stderr
    assert "jobs.tf" in json.loads(proc.stdout)["files"]
    from iacf_core.toolkit.validation.gates import checkov, terraform_fmt

    alone = tmp_path / "alone"  # the plugin's file with the root variables it uses, scanned on its own
    alone.mkdir()
    shutil.copy(out / "jobs.tf", alone)
    shutil.copy(out / "variables.tf", alone)
    gate, findings, _ = checkov(alone)
    assert gate.status == "passed" and gate.counts.get("failed", 0) == 0, findings
    assert gate.counts["resource_count"] == 3  # the KMS key and the two queues
    if shutil.which("terraform"):
        fmt_gate, fmt_findings = terraform_fmt(alone)
        assert fmt_gate.status == "passed", fmt_findings
