"""Sessions: `nox -s tests` (what CI runs, through ./run-tests), `nox -s lint`, `nox -s docs`, `nox -s benchmark`,
`nox -s benchmark_batch`.

Run them with ./run-tests (`./run-tests -s lint`): it puts nox in its own environment first."""

from __future__ import annotations

import os
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PACKAGES = ["./iacf-core[mcp,offline,github]", "./iacf-governance", "./iacf-aws[emulator,preflight]", "./iacf-azure",
            "./iacf-gcp"]
TEST_DEPS = ["pytest>=8", "pytest-xdist>=3", "moto[server]>=5.2.3,<5.2.6", "hatchling>=1.21", "zizmor>=1.5",
             "jsonschema>=4.18", "mkdocs>=1.6,<2", "mkdocs-material>=9.5", "import-linter>=2.1,<3"]

nox.options.sessions = ["tests"]
nox.options.reuse_existing_virtualenvs = True


def checkov_executable(session: nox.Session) -> str:
    """The project's one Checkov, in its own environment (its bc-python-hcl2 clashes with python-hcl2), made by
    install.sh: ./.tools/checkov."""
    exe = ROOT / ".tools" / "checkov" / "bin" / "checkov"
    if not exe.exists():
        session.run("bash", str(ROOT / "install.sh"), "--test-tools", external=True)
    return str(exe)


@nox.session
def tests(session: nox.Session) -> None:
    """Unit, golden, Terraform, Checkov and emulator tests of every package."""
    session.install("-q", *PACKAGES, *TEST_DEPS)
    env = {"IACF_CHECKOV": checkov_executable(session)}
    # 3 workers on 2 cores: the emulator tests mostly wait (terraform ↔ moto round trips, ACM issuance)
    workers = os.environ.get("IACF_TEST_WORKERS", "3")
    session.run("pytest", "-n", workers, "--dist", "loadgroup", "--durations=25", *session.posargs, env=env)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on every package, mypy --strict on core, the import contracts of core's layers (.importlinter)."""
    session.install("-q", "ruff", "mypy", "types-PyYAML", "pytest>=8", "import-linter>=2.1,<3",
                    *PACKAGES)  # pytest: types of iacf_core.testing
    session.run("ruff", "check", "iacf-core/src", "iacf-aws/src", "iacf-azure/src", "iacf-gcp/src",
                "iacf-governance/src")
    session.run("mypy", "iacf-core/src")
    session.run("lint-imports", "--config", ".importlinter")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site into ./site with `mkdocs build --strict` (any warning fails)."""
    session.install("-q", "mkdocs>=1.6,<2", "mkdocs-material>=9.5")
    session.run("mkdocs", "build", "--strict", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session
def benchmark(session: nox.Session) -> None:
    """Paired runs against the tools iacf runs: --help / import typer, generate / terraform validate, gated
    generate / Checkov alone, generation by number of components, peak memory (benchmarks/bench_generate.py)."""
    session.install("-q", *PACKAGES)
    env = {"IACF_CHECKOV": checkov_executable(session)}
    session.run("python", "benchmarks/bench_generate.py", *session.posargs, env=env)


@nox.session
def benchmark_batch(session: nox.Session) -> None:
    """Time `iacf generate --batch` on a fleet of specs, against one process per spec, with and without gates."""
    session.install("-q", *PACKAGES)
    env = {"IACF_CHECKOV": checkov_executable(session)}
    session.run("python", "benchmarks/bench_batch.py", *session.posargs, env=env)
