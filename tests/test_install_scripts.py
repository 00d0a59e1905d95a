"""The README's two commands work with the system Python of a stock Debian/Ubuntu: virtual environments only."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = ("install.sh", "run-tests", ".ci/run")

# a system python3 as Debian ships it without python3-venv: global pip refused, venv half made then failing
DEBIAN_PYTHON = f"""#!/usr/bin/env bash
for ((i=1; i<=$#; i++)); do
  if [ "${{!i}}" = "-m" ]; then
    j=$((i+1)); k=$((i+2))
    case "${{!j}} ${{!k}}" in
      "pip install"*) echo "error: externally-managed-environment" >&2; exit 1 ;;
      "venv "*) mkdir -p "${{!k}}/bin"; ln -sf {sys.executable} "${{!k}}/bin/python"
                echo "ensurepip is not available: apt install python3-venv" >&2; exit 1 ;;
    esac
  fi
done
exec {sys.executable} "$@"
"""


def readme_commands() -> list[str]:
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", (REPO / "README.md").read_text(), re.S)
    assert block, "README has no Quick start command block"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_ci_runs_the_readme_test_command_exactly():
    install, tests = readme_commands()
    assert install.startswith("./install.sh && ")
    ci = (REPO / ".ci/run").read_text().splitlines()
    assert ci[ci.index("# README test command:") + 1] == tests == "./run-tests"


@pytest.mark.parametrize("script", SCRIPTS)
def test_scripts_never_pip_install_into_the_system_python(script):
    text = (REPO / script).read_text()
    for line in text.splitlines():
        if re.search(r"\bpip\b.*\binstall\b", line) and not line.lstrip().startswith("#"):
            assert re.search(r"(\.venv|\.tools/[^/ ]+|\$1|\.tools/\$1)/bin/python\" -m pip install"
                             r"|\.venv/bin/python -m pip install", line), f"{script}: {line.strip()}"
    assert "python3 -m pip" not in text and "sudo" not in text.replace("sudo apt install", "")


def test_one_checkov_shared_by_install_nox_and_ci():
    assert "'checkov>=3.2,<4'" in (REPO / "install.sh").read_text()
    noxfile = (REPO / "noxfile.py").read_text()
    assert '".tools" / "checkov"' in noxfile and "checkov>=" not in noxfile and "_checkov" not in noxfile


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is needed")
def test_install_without_python3_venv_says_what_to_install(tmp_path):
    shutil.copy(REPO / "install.sh", tmp_path / "install.sh")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text(DEBIAN_PYTHON)
    (fake / "python3").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}:/usr/bin:/bin"}
    for args in ([], ["--test-tools"]):
        proc = subprocess.run(["bash", str(tmp_path / "install.sh"), *args], env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=120, check=False)
        assert proc.returncode == 1
        assert proc.stderr.strip().splitlines()[-1] == (
            "install.sh: cannot create a virtual environment with python3: install its venv module "
            "(Debian/Ubuntu: sudo apt install python3-venv)")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "install.sh"]  # no half-made environment
        assert not (tmp_path / ".tools").exists() and not (tmp_path / ".venv").exists()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is needed")
def test_install_refuses_an_old_python(tmp_path):
    shutil.copy(REPO / "install.sh", tmp_path / "install.sh")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text("#!/usr/bin/env bash\n"
                                  "case \"$*\" in *version_info*) exit 1 ;; *python_version*) echo 3.9.2 ;; esac\n")
    (fake / "python3").chmod(0o755)
    proc = subprocess.run(["bash", str(tmp_path / "install.sh")], env={**os.environ, "PATH": f"{fake}:/usr/bin:/bin"},
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "install.sh: Python >= 3.10 is needed; python3 is 3.9.2"


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
def test_a_cloud_package_alone_brings_the_governance_controls(cloud):
    """`pip install iacf-core iacf-<cloud>` must generate a governed project: every cloud requires the controls of
    iacf-governance, so each cloud package depends on it."""
    import tomllib

    project = tomllib.loads((REPO / f"iacf-{cloud}" / "pyproject.toml").read_text())["project"]
    names = [re.split(r"[<>=!~\[ ;]", dep, maxsplit=1)[0] for dep in project["dependencies"]]
    assert {"iacf-core", "iacf-governance"} <= set(names)
