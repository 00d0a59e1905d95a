"""A pytest plugin for iacf and its plugin authors (loaded automatically through the ``pytest11`` entry point).

Fixtures:

* ``iacf_plugins``: a factory ``iacf_plugins(*extra, entry_points=True)`` returning a fresh
  :class:`~iacf_core.plugins.Plugins`; ``extra`` are ``(name, plugin)`` pairs registered for the test only.
* ``iacf_cli``: runs the CLI in-process, ``iacf_cli("parse", "...")`` → :class:`CliResult`.

Helpers: :func:`assert_tree_equal` compares two folders file by file (missing and extra files included) and
rewrites the expected folder when pytest runs with ``--iacf-update-golden``. Files copied verbatim from a plugin's
templates (vendored modules, the bootstrap root) are held as a manifest of hashes, not as copies: see
:func:`template_roots`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from .plugins import Plugins, get_plugin_manager

UPDATE_OPTION = "--iacf-update-golden"
VENDORED_MANIFEST = "vendored.sha256.json"
"""In a golden folder: path → sha256 of every output file copied verbatim from a plugin's templates."""


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


def template_roots(plugins: Plugins | None = None) -> list[Path]:
    """The template folders of the installed plugins: an output file equal to the file of the same relative
    path in one of them (``modules/network/main.tf``) is a verbatim copy, checked by hash in goldens."""
    registry = (plugins or Plugins()).registry
    return [source.path for _prefix, source in sorted(registry.templates.items())]


def split_vendored(files: dict[str, bytes], roots: Sequence[Path]) -> tuple[dict[str, bytes], dict[str, str]]:
    """``files`` split into (rendered files, path → sha256 of the files copied verbatim from ``roots``)."""
    rendered: dict[str, bytes] = {}
    vendored: dict[str, str] = {}
    for path, content in files.items():
        if any((root / path).is_file() and (root / path).read_bytes() == content for root in roots):
            vendored[path] = hashlib.sha256(content).hexdigest()
        else:
            rendered[path] = content
    return rendered, vendored


def assert_tree_equal(actual: Path, expected: Path, update: bool = False,
                      vendored_from: Sequence[Path] = ()) -> None:
    """Compare every file of two folders; with ``update``, replace ``expected`` with ``actual``.

    With ``vendored_from`` (see :func:`template_roots`), the files of ``actual`` copied verbatim from those
    folders are compared by hash with ``expected``'s :data:`VENDORED_MANIFEST` instead of as files, so the
    golden holds only what was rendered.
    """
    got, vendored = split_vendored(tree(actual), vendored_from)
    if VENDORED_MANIFEST in got:
        raise AssertionError(f"{actual} holds a file named {VENDORED_MANIFEST}, the name of the golden's manifest")
    if update:
        if expected.exists():
            shutil.rmtree(expected)
        for path, content in got.items():
            (expected / path).parent.mkdir(parents=True, exist_ok=True)
            (expected / path).write_bytes(content)
        if vendored:
            (expected / VENDORED_MANIFEST).write_text(json.dumps(vendored, indent=2, sort_keys=True) + "\n")
        return
    want = tree(expected)
    manifest = want.pop(VENDORED_MANIFEST, None)
    want_vendored: dict[str, str] = json.loads(manifest) if manifest is not None else {}
    missing = sorted(set(want) - set(got)) + sorted(set(want_vendored) - set(vendored))
    extra = sorted(set(got) - set(want)) + sorted(set(vendored) - set(want_vendored))
    changed = sorted(k for k in set(got) & set(want) if got[k] != want[k])
    changed += sorted(k for k in set(vendored) & set(want_vendored) if vendored[k] != want_vendored[k])
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
