"""A third-party plugin package, pip-installed in the test, adds a component kind with no change to core."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "iacf-hello"


@pytest.fixture(scope="module")
def hello_path(tmp_path_factory):
    target = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index",
         "--target", str(target), str(FIXTURE)],
        capture_output=True, text=True,
    )
    if proc.returncode != 0 and "hatchling" in proc.stderr:
        pytest.skip("hatchling (build backend of the fixture plugin) is not installed")
    assert proc.returncode == 0, proc.stderr
    return target


def iacf(args, pythonpath, tmp):
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run([sys.executable, "-m", "iacf_core", *args], capture_output=True, text=True, env=env,
                          cwd=tmp)


def test_plugin_is_discovered_and_listed(hello_path, tmp_path):
    proc = iacf(["plugins", "--json"], hello_path, tmp_path)
    data = json.loads(proc.stdout)
    hello = next(p for p in data["plugins"] if p["name"] == "hello")
    assert hello["distribution"] == "iacf-hello" and hello["version"] == "0.0.1"
    kinds = {k["name"]: k for k in data["component_kinds"]}
    assert kinds["feature_flag"]["clouds"] == ["aws"]


def test_plugin_component_is_generated(hello_path, tmp_path):
    out = tmp_path / "out"
    proc = iacf(["generate", "Django app with a feature flag on AWS", "--out", str(out), "--no-validate", "--json"],
                hello_path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert "flag" in [c["id"] for c in data["components"]]
    assert 'resource "aws_ssm_parameter" "flag"' in (out / "flags.tf").read_text()


def test_without_the_plugin_the_words_are_reported_unused(tmp_path):
    proc = iacf(["parse", "Django app with a feature flag on AWS", "--json"], "", tmp_path)
    data = json.loads(proc.stdout)
    assert {"feature", "flag"} <= set(data["unused_words"])
    assert [c["kind"] for c in data["spec"]["components"]] == ["web_app"]


def test_disabled_by_environment(hello_path, tmp_path):
    env_args = ["plugins", "--json"]
    env = {**os.environ, "PYTHONPATH": str(hello_path), "IACF_DISABLE_PLUGINS": "hello"}
    proc = subprocess.run([sys.executable, "-m", "iacf_core", *env_args], capture_output=True, text=True, env=env)
    assert "hello" not in [p["name"] for p in json.loads(proc.stdout)["plugins"]]
