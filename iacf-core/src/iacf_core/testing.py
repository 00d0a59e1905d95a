"""A pytest plugin for iacf and its plugin authors (loaded automatically through the ``pytest11`` entry point).

Fixtures:

* ``iacf_plugins``: a factory ``iacf_plugins(*extra, entry_points=True)`` returning a fresh
  :class:`~iacf_core.plugins.Plugins`; ``extra`` are ``(name, plugin)`` pairs registered for the test only.
* ``iacf_cli``: runs the CLI in-process, ``iacf_cli("parse", "...")`` → :class:`CliResult`.

Helpers: :func:`assert_tree_equal` compares two folders file by file (missing and extra files included) and
rewrites the expected folder when pytest runs with ``--iacf-update-golden``.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .plugins import Plugins, get_plugin_manager

UPDATE_OPTION = "--iacf-update-golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("iacf")
    group.addoption(UPDATE_OPTION, action="store_true", default=False,
                    help="rewrite iacf golden folders from the current output instead of comparing")


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> CliResult:
    from .cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def iacf_cli() -> Callable[..., CliResult]:
    return run_cli


@pytest.fixture
def iacf_plugins() -> Callable[..., Plugins]:
    def make(*extra: tuple[str, object], entry_points: bool = True) -> Plugins:
        return Plugins(get_plugin_manager(load_entry_points=entry_points, extra=extra))

    return make


@pytest.fixture
def iacf_update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption(UPDATE_OPTION))


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".terraform" not in p.relative_to(root).parts
    }


def assert_tree_equal(actual: Path, expected: Path, update: bool = False) -> None:
    """Compare every file of two folders; with ``update``, replace ``expected`` with ``actual``."""
    if update:
        if expected.exists():
            shutil.rmtree(expected)
        shutil.copytree(actual, expected, ignore=shutil.ignore_patterns(".terraform*"))
        return
    got, want = tree(actual), tree(expected)
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    changed = sorted(k for k in set(got) & set(want) if got[k] != want[k])
    problems = []
    if missing:
        problems.append(f"missing files: {missing}")
    if extra:
        problems.append(f"extra files: {extra}")
    if changed:
        problems.append(f"changed files: {changed}")
    assert not problems, "; ".join(problems) + f" (regenerate with pytest {UPDATE_OPTION})"


@contextlib.contextmanager
def env_vars(**values: str | None) -> Iterator[None]:
    import os

    old = {k: os.environ.get(k) for k in values}
    try:
        for k, v in values.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def check_json_output(command: str, data: object) -> None:
    """Assert that ``data`` (the parsed ``--json`` output of ``command``) matches its shipped JSON Schema."""
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency (nox installs it)")
    from .outputs import load_schema

    schema = load_schema(command)
    assert schema is not None, f"no JSON Schema shipped for {command}"
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
