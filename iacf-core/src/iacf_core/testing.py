"""A pytest plugin for iacf and its plugin authors (loaded automatically through the ``pytest11`` entry point).

Fixtures:

* ``iacf_plugins``: a factory ``iacf_plugins(*extra, entry_points=True)`` returning a fresh
  :class:`~iacf_core.kernel.plugins.Plugins`; ``extra`` are ``(name, plugin)`` pairs registered for the test only.
* ``iacf_cli``: runs the CLI in-process, ``iacf_cli("parse", "...")`` → :class:`CliResult`.

Helpers: :func:`assert_tree_equal` compares two folders file by file (missing and extra files included) and
rewrites the expected folder when pytest runs with ``--iacf-update-golden``. Files copied verbatim from a plugin's
templates (vendored modules, the bootstrap root) are held as a manifest of hashes, not as copies: see
:func:`template_roots`.

:class:`CloudPluginContract` is the suite every cloud package subclasses in its own tests.
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
from typing import Any

import pytest

from .kernel.plugins import Plugins, get_plugin_manager

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
    from .app.cli import main

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
    from .app.outputs import load_schema

    schema = load_schema(command)
    assert schema is not None, f"no JSON Schema shipped for {command}"
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)


class CloudPluginContract:
    """The tests every cloud package passes, in the style of fsspec's abstract test classes.

    Subclass it in the cloud package's tests (``class TestContract(CloudPluginContract)``) and set:

    * ``cloud``: the cloud's short name;
    * ``samples``: name → a request (text) or a spec (dict, as in a YAML spec file); together they must render
      every kind the cloud registers, internal ones included;
    * ``bad_params``: kind → parameters that kind must refuse (exit 2, no output folder);
    * ``policy``: optional text of an ``iacf.toml`` every generation uses;
    * ``offline_providers``: providers the schema gate serves from their published schema when Terraform
      cannot install them (empty: ``terraform validate`` with the installed providers).

    A plugin that is not installed as a distribution overrides the class-scoped ``contract_plugins`` fixture to
    make it discoverable for the duration of the class.
    """

    cloud: str = ""
    samples: dict[str, str | dict[str, Any]] = {}
    bad_params: dict[str, dict[str, Any]] = {}
    policy: str = ""
    offline_providers: tuple[str, ...] = ()

    @pytest.fixture(scope="class")
    @classmethod
    def contract_plugins(cls) -> Iterator[None]:
        yield

    @pytest.fixture(scope="class")
    @classmethod
    def contract_policy(cls, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
        if not cls.policy:
            return []
        path = tmp_path_factory.mktemp("policy") / "iacf.toml"
        path.write_text(cls.policy, encoding="utf-8")
        return ["--policy", str(path)]

    @staticmethod
    def generate(sample: str | dict[str, Any], out: Path, policy: list[str]) -> CliResult:
        """``iacf generate`` of one sample into ``out``, without the gates."""
        if isinstance(sample, dict):
            import yaml

            spec = out.parent / f"{out.name}.spec.yaml"
            spec.write_text(yaml.safe_dump(sample, sort_keys=False), encoding="utf-8")
            return run_cli("generate", "--spec", str(spec), "--out", str(out), "--no-validate", "--json", *policy)
        return run_cli("generate", sample, "--out", str(out), "--no-validate", "--json", *policy)

    @pytest.fixture(scope="class")
    @classmethod
    def contract_projects(cls, contract_plugins: None, contract_policy: list[str],
                          tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
        """Every sample generated once: name → (project folder, the ``--json`` report)."""
        import json

        assert cls.cloud and cls.samples, "set cloud and samples on the contract subclass"
        root = tmp_path_factory.mktemp(f"contract-{cls.cloud}")
        out = {}
        for name, sample in cls.samples.items():
            res = cls.generate(sample, root / name, contract_policy)
            assert res.exit_code == 0, f"sample {name}: {res.stderr.strip()}"
            out[name] = (root / name, json.loads(res.stdout))
        return out

    @pytest.fixture(scope="class")
    @classmethod
    def contract_static(cls, contract_projects: dict[str, tuple[Path, dict[str, Any]]]) -> dict[str, Any]:
        """The built-in gates (HCL, secrets, tags, ingress, coverage...) of every sample: name → report."""
        from .toolkit.validation.runner import validate_dir

        return {name: validate_dir(path, Plugins(), None, external=False)
                for name, (path, _report) in contract_projects.items()}

    def test_every_kind_renders(self, contract_projects: dict[str, tuple[Path, dict[str, Any]]]) -> None:
        registry = Plugins().registry
        kinds = {k.name for k in registry.kinds.values() if self.cloud in k.clouds}
        assert kinds, f"no component kind is registered for cloud {self.cloud!r}"
        rendered = {c["kind"] for _path, report in contract_projects.values() for c in report["components"]}
        assert kinds <= rendered, f"kinds no sample renders: {sorted(kinds - rendered)}"
        for name, (path, report) in contract_projects.items():
            assert report["spec"]["cloud"] == self.cloud, name
            assert any(path.rglob("*.tf")), f"sample {name} wrote no Terraform file"

    def test_every_required_control_is_covered(self, contract_projects: dict[str, tuple[Path, dict[str, Any]]],
                                               contract_static: dict[str, Any]) -> None:
        for name, (_path, report) in contract_projects.items():
            gates = {g.gate: g for g in contract_static[name].gates}
            if report["controls"]:
                assert "coverage" in gates and gates["coverage"].status == "passed", (name, [
                    f.message for f in contract_static[name].findings if f.gate == "coverage"])

    def test_output_is_deterministic(self, contract_projects: dict[str, tuple[Path, dict[str, Any]]],
                                     contract_policy: list[str], tmp_path: Path) -> None:
        name, sample = next(iter(self.samples.items()))
        again = self.generate(sample, tmp_path / "again", contract_policy)
        assert again.exit_code == 0, again.stderr
        assert tree(tmp_path / "again") == tree(contract_projects[name][0])

    def test_every_tf_file_parses(self, contract_projects: dict[str, tuple[Path, dict[str, Any]]],
                                  contract_static: dict[str, Any]) -> None:
        from .toolkit.hcl import load_file, tf_files

        for name, (path, _report) in contract_projects.items():
            for file in tf_files(path):
                load_file(file)  # raises on a syntax error
            hcl = [g for g in contract_static[name].gates if g.gate == "hcl"]
            assert not hcl or hcl[0].status == "passed", name

    def test_tags_gate_passes(self, contract_static: dict[str, Any]) -> None:
        for name, report in contract_static.items():
            gates = {g.gate: g for g in report.gates}
            assert "tags" in gates, f"the {self.cloud} plugin runs no tags gate"
            assert gates["tags"].status == "passed", (name, [f.message for f in report.findings if f.gate == "tags"])

    def test_fmt_clean(self, contract_projects: dict[str, tuple[Path, dict[str, Any]]]) -> None:
        from .toolkit.validation.gates import terraform_fmt

        for name, (path, _report) in contract_projects.items():
            gate, findings = terraform_fmt(path)
            if gate.status == "skipped":
                pytest.skip(f"terraform fmt not run: {gate.detail}")
            assert gate.status == "passed", (name, [f.file for f in findings])

    def test_provider_schema_gate_passes(self, contract_projects: dict[str, tuple[Path, dict[str, Any]]]) -> None:
        from .toolkit.validation.gates import terraform_validate

        for name, (path, _report) in contract_projects.items():
            if self.offline_providers:
                from .toolkit.offline.validate import OfflineError, validate_offline

                try:
                    result = validate_offline(path, self.offline_providers)
                except OfflineError as exc:
                    pytest.skip(f"offline provider schema not available: {exc}")
                errors = [f.message for f in result.findings if f.severity.value == "error"]
                assert not errors, (name, errors)
                continue
            gate, findings = terraform_validate(path, lambda _m: None)
            if gate.status == "skipped":
                pytest.skip(f"terraform validate not run: {gate.detail}")
            assert gate.status == "passed", (name, [f.message for f in findings])

    def test_bad_parameters_are_refused(self, contract_plugins: None, contract_policy: list[str],
                                        tmp_path: Path) -> None:
        if not self.bad_params:
            pytest.skip(f"no bad parameters given for cloud {self.cloud!r}")
        for kind, params in self.bad_params.items():
            out = tmp_path / kind
            res = self.generate({"project": "contract", "cloud": self.cloud,
                                 "components": [{"kind": kind, "params": params}]}, out, contract_policy)
            assert res.exit_code == 2, (kind, params, res.stderr)
            assert "Traceback" not in res.stderr and res.stderr.strip().count("\n") == 0, res.stderr
            assert not out.exists(), f"{kind}: a refused spec left {out}"
