"""A pytest plugin for iacf and its plugin authors (loaded automatically through the ``pytest11`` entry point).

Fixtures:

* ``iacf_plugins``: a factory ``iacf_plugins(*extra, entry_points=True)`` returning a fresh
  :class:`~iacf_core.kernel.plugins.Plugins`; ``extra`` are ``(name, plugin)`` pairs registered for the test only.
* ``iacf_cli``: runs the CLI in-process, ``iacf_cli("parse", "...")`` → :class:`CliResult`.

Helpers: :func:`assert_tree_equal` compares two folders file by file (missing and extra files included) and
rewrites the expected folder when pytest runs with ``--iacf-update-golden``. Files copied verbatim from a plugin's
templates (vendored modules, the bootstrap root) are held as a manifest of hashes, not as copies: see
:func:`template_roots`. :func:`generated_project` generates a request or a spec once, for a module-scoped fixture;
:func:`assert_every_gate_passes` runs every gate (``iacf validate``) on such a project; :func:`assert_refused`
checks that a request or spec is refused.

:class:`CloudPluginContract` is the suite every cloud package subclasses in its own tests;
:class:`FactorySeedContract` the one for its module-factory seeds and Checkov ratings.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
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


def parse_json(request_text: str, *args: str) -> dict[str, Any]:
    """``iacf parse REQUEST --json`` (and ``args``), which must succeed: its JSON document."""
    res = run_cli("parse", request_text, "--json", *args)
    assert res.exit_code == 0, res.stderr
    result: dict[str, Any] = json.loads(res.stdout)
    return result


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


def _generate_sample(sample: str | dict[str, Any] | Path, out: Path, *extra_args: str) -> CliResult:
    """``iacf generate`` into ``out`` without the gates (``--no-validate``) of a request (text), a spec file (a
    path) or a spec (a dict, as in a YAML spec file, written beside ``out`` as ``<out>.spec.yaml``);
    ``extra_args`` follow."""
    if isinstance(sample, Path):
        return run_cli("generate", "--spec", str(sample), "--out", str(out), "--no-validate", *extra_args)
    if isinstance(sample, dict):
        import yaml

        spec = out.parent / f"{out.name}.spec.yaml"
        spec.write_text(yaml.safe_dump(sample, sort_keys=False), encoding="utf-8")
        return run_cli("generate", "--spec", str(spec), "--out", str(out), "--no-validate", *extra_args)
    return run_cli("generate", sample, "--out", str(out), "--no-validate", *extra_args)


def generated_project(tmp: pytest.TempPathFactory | Path, request_or_spec: str | dict[str, Any] | Path, name: str,
                      *extra_args: str) -> Path:
    """A project generated (without the gates) from a request (text), a spec (a dict, as in a YAML spec file) or
    a spec file (a path), into a fresh folder of ``tmp`` (``tmp_path_factory``) named after ``name``, or into
    ``tmp / name`` when ``tmp`` is a folder (``tmp_path``); ``extra_args`` go to ``iacf generate``
    (``--policy``...). Asserts exit 0, with the error in the message, and returns the project folder. Made for the
    module-scoped fixture that generates once the project a test module checks::

        @pytest.fixture(scope="module")
        def prod(tmp_path_factory: pytest.TempPathFactory) -> Path:
            return generated_project(tmp_path_factory, REQUEST, "azure-cache")
    """
    out = tmp / name if isinstance(tmp, Path) else tmp.mktemp(name) / "project"
    res = _generate_sample(request_or_spec, out, *extra_args)
    assert res.exit_code == 0, f"iacf generate exited {res.exit_code}: {res.stderr.strip()}"
    return out


def assert_refused(out: Path, request_or_spec: str | dict[str, Any] | Path, says: str, *extra_args: str) -> CliResult:
    """``iacf generate`` into ``out`` of a request (text), a spec (a dict) or a spec file (a path) that must be
    refused: exit code 2 with ``says`` in a one-line error (no traceback), and ``out`` not written. ``extra_args``
    go to ``iacf generate`` (``--policy``...). Returns the result, for more checks."""
    res = _generate_sample(request_or_spec, out, *extra_args)
    assert res.exit_code == 2 and says in res.stderr, res.stderr
    assert res.stderr.strip().count("\n") == 0 and "Traceback" not in res.stderr, res.stderr
    assert not out.exists(), f"a refused generation left {out}"
    return res


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
        return _generate_sample(sample, out, "--json", *policy)

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


def assert_every_gate_passes(project: Path, *, min_resources: int = 100, offline: bool = True,
                             gates: Iterable[str] = ()) -> dict[str, Any]:
    """``iacf validate --json`` on a generated project: exit 0 with every gate passed (none failed, none skipped),
    the gates named in ``gates`` among them, Checkov with no failed check and no parsing error over more than
    ``min_resources`` resources, and (``offline``) the validate gate run against the provider schema. Skips when
    Checkov is absent or (``offline``) the offline extra is not installed. Returns the gates by name, for more
    checks."""
    from .toolkit.tools import find_checkov

    if offline:
        pytest.importorskip("grpc", reason="the offline extra (schema-only provider) is not installed")
    if find_checkov() is None:
        pytest.skip("checkov not installed (set IACF_CHECKOV or put checkov on PATH)")
    res = run_cli("validate", str(project), "--json")
    report = json.loads(res.stdout)
    by_name: dict[str, Any] = {g["gate"]: g for g in report["gates"]}
    not_passed = [g for g in report["gates"] if g["status"] != "passed"]
    assert res.exit_code == 0 and report["ok"], (not_passed, [f for f in report["findings"]
                                                              if f["severity"] == "error"])
    assert not not_passed, not_passed
    missing = sorted(set(gates) - set(by_name))
    assert not missing, f"gates not run: {missing}"
    counts = by_name["checkov"]["counts"]
    assert counts["failed"] == 0 and counts["parsing_errors"] == 0 and counts["resource_count"] > min_resources
    if offline:
        assert "provider schema (offline)" in by_name["validate"]["detail"]
    return by_name


def assert_module_tests_pass(project: Path, module: str, cloud: str, provider: str, runs: int, work: Path) -> None:
    """The mocked ``terraform test`` of one vendored module of a generated project (copied alone into ``work``)
    passes all its ``runs`` against the schema-only ``provider``. Skips without Terraform or the offline extra."""
    pytest.importorskip("grpc", reason="the offline extra of iacf-core runs the schema-only provider")
    if shutil.which("terraform") is None:
        pytest.skip("terraform not installed")
    from .kernel.reports import VerifyOptions
    from .toolkit.verify import verify_mocked

    shutil.copytree(project / "modules" / module, work / "modules" / module)
    report = verify_mocked(work, VerifyOptions(cloud=cloud), provider=provider, why="mocked module test")
    assert [(r.root, r.ok) for r in report.roots] == [(f"modules/{module}", True)], report.roots
    assert f"{runs} run(s) passed" in report.roots[0].message


_VARIABLE = re.compile(r'^variable "(\w+)" \{\n.*?^\}\n', re.M | re.S)
_RUN = re.compile(r'^run "[^"]+" \{\n', re.M)


def _suite_runs(text: str, name: str) -> str:
    """A module's test file for the suite root: a run of one of its examples points at that example under
    ``modules/<name>``; a run of the module itself gets the module as its subject (a ``module`` block)."""
    heads = list(_RUN.finditer(text))
    parts = [text[:heads[0].start()] if heads else text]
    for index, head in enumerate(heads):
        body = text[head.end():heads[index + 1].start() if index + 1 < len(heads) else len(text)]
        if re.search(r"^  module \{\n", body, re.M):
            body = body.replace('source = "./examples/', f'source = "./modules/{name}/examples/')
        else:
            body = f'  module {{\n    source = "./modules/{name}"\n  }}\n\n' + body
        parts.append(head[0] + body)
    return "".join(parts)


def factory_suite(modules: Path, names: Sequence[str], dest: Path) -> int:
    """One root over every seeded module of a factory (``modules``: its ``modules/<cloud>`` folder), so that
    Terraform and a provider start once per cloud rather than once per module: ``main.tf`` calls each module's
    example (one init + validate reaches every example and, through it, its module); ``tests/`` holds every run
    of every module's tests (one ``terraform test``), a run of an example pointed at it, a run of the module itself
    given the module as its subject. An input an example asks its caller for (a password) becomes a variable of
    the root. Returns the number of runs."""
    shutil.copytree(modules, dest / "modules", ignore=shutil.ignore_patterns(".terraform*", "*.tfstate*"))
    root, runs = ['terraform {\n  required_version = ">= 1.5"\n}\n'], 0
    (dest / "tests").mkdir()
    for name in names:
        module = dest / "modules" / name
        inputs = []
        for block in _VARIABLE.finditer((module / "examples" / "basic" / "main.tf").read_text()):
            root.append(block[0].replace(f'variable "{block[1]}"', f'variable "{name}_{block[1]}"', 1))
            inputs.append(f"  {block[1]} = var.{name}_{block[1]}\n")
        root.append(f'module "{name}" {{\n  source = "./modules/{name}/examples/basic"\n{"".join(inputs)}}}\n')
        for test in sorted((module / "tests").glob("*.tftest.hcl")):
            text = _suite_runs(test.read_text(), name)
            runs += len(_RUN.findall(text))
            (dest / "tests" / f"{name}_{test.name}").write_text(text)
    (dest / "main.tf").write_text("\n".join(root))
    return runs


class FactorySeedContract:
    """What a cloud's module factory seeds and Checkov ratings pass, checked offline. Subclass it in the cloud
    package's tests and set:

    * ``package`` (``iacf_azure``), ``cloud`` (``azure``), ``provider`` (``azurerm``, the official provider the
      examples configure and the tests mock);
    * ``check_ids``: a regular expression matching the cloud's Checkov ids (``CKV2?_AZURE_\\d+``);
    * ``publish_sample``: one module the publish gates (``iacf publish``) run on;
    * ``pytestmark = [pytest.mark.xdist_group("<cloud>-factory")]`` to keep the terraform runs on one worker.

    Every vendored module (``templates/modules/<name>``) must have its seed (``factory_seed/<name>/examples/basic``
    and ``tests``), so a module added without one fails here. The seeded modules are validated once and tested
    once (one root over all of them, :func:`factory_suite`), scanned by Checkov once; the publish gates run on
    ``publish_sample``. The ratings: every Checkov check on a resource type of the cloud's templates is rated,
    with a real governance control, and the policy's blocking severities apply to the cloud's findings.
    """

    package: str = ""
    cloud: str = ""
    provider: str = ""
    check_ids: str = ""
    publish_sample: str = ""

    @classmethod
    def source(cls) -> Path:
        from importlib.resources import files

        return Path(str(files(cls.package)))

    @classmethod
    def vendored(cls) -> list[str]:
        modules = cls.source() / "templates" / "modules"
        return sorted(p.name for p in modules.iterdir() if (p / "main.tf").is_file())

    @classmethod
    def plugin(cls) -> Any:
        return __import__(f"{cls.package}.plugin", fromlist=["iacf_factory_modules", "checkov_map"])

    def test_every_vendored_module_is_seeded(self) -> None:
        from .factory.checks import structure_problems
        from .factory.ops import seed_files

        seeds = {s.name: s for s in self.plugin().iacf_factory_modules()}
        vendored, provider = self.vendored(), self.provider
        assert sorted(seeds) == vendored, f"modules without a factory seed: {sorted(set(vendored) - set(seeds))}"
        for name, seed in seeds.items():
            assert seed.cloud == self.cloud and seed.provides, name
            example = "".join(t for p, t in seed.files.items() if p.startswith("examples/basic/"))
            assert f'provider "{provider}"' in example and 'source = "../.."' in example, name
            assert f'source  = "hashicorp/{provider}"' in example, name
            assert "{{" not in "".join(seed.files.values()), f"{name} is not plain HCL"
            tests = {p: t for p, t in seed.files.items() if p.startswith("tests/") and p.endswith(".tftest.hcl")}
            assert all(f'mock_provider "{provider}"' in t for t in tests.values()), name
            assert any('source = "./examples/basic"' in t for t in tests.values()), f"{name}: no test runs the example"
            if "prevent_destroy = true" in (self.source() / "templates" / "modules" / name / "main.tf").read_text():
                # terraform test ends an applied run with a destroy, which prevent_destroy refuses
                assert all("command = apply" not in t for t in tests.values()), f"{name}: plan its example"
            assert not re.search(r"(?i)(password|secret|client_secret|access_key)\s*=\s*\"[^\"]+\"", example), name
            manifest, files = seed_files(seed)
            assert manifest.version == "1.0.0"
            assert structure_problems(files)[0] == [], name

    @pytest.fixture(scope="class")
    @classmethod
    def seed_factory(cls, tmp_path_factory: pytest.TempPathFactory) -> Path:
        root = tmp_path_factory.mktemp(f"{cls.cloud}-factory") / "factory"
        res = run_cli("factory", "init", str(root), "--json")
        assert res.exit_code == 0, res.stderr
        return root

    @pytest.fixture(scope="class")
    @classmethod
    def seed_suite(cls, seed_factory: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
        dest = tmp_path_factory.mktemp(f"{cls.cloud}-suite")
        return dest, factory_suite(seed_factory / "modules" / cls.cloud, cls.vendored(), dest)

    def test_factory_init_releases_every_module(self, seed_factory: Path) -> None:
        import subprocess

        vendored = self.vendored()
        tags = subprocess.run(["git", "tag", "--list", f"{self.cloud}-*"], cwd=seed_factory, capture_output=True,
                              text=True, check=True).stdout.split()
        assert sorted(tags) == sorted(f"{self.cloud}-{name}-v1.0.0" for name in vendored)
        res = run_cli("catalog", "--factory", str(seed_factory), "--json")
        assert res.exit_code == 0, res.stderr
        assert sorted(m["name"] for m in json.loads(res.stdout)["modules"] if m["cloud"] == self.cloud) == vendored
        for name in vendored:
            assert (seed_factory / "modules" / self.cloud / name / "examples" / "basic" / "main.tf").is_file()

    @staticmethod
    def _need_terraform() -> None:
        from .toolkit.tools import find_terraform

        if find_terraform() is None:
            pytest.skip("terraform not found on PATH")
        pytest.importorskip("grpc", reason="the offline extra is not installed")

    @pytest.mark.terraform
    def test_seeded_modules_validate_offline(self, seed_factory: Path, seed_suite: tuple[Path, int]) -> None:
        """fmt of every module, then one validate of every example and module against the schema-only provider."""
        self._need_terraform()
        from .kernel.models import Severity
        from .toolkit.offline import OFFLINE_LABEL, validate_offline
        from .toolkit.validation.gates import terraform_fmt

        fmt, findings = terraform_fmt(seed_factory / "modules" / self.cloud)
        assert fmt.status == "passed", [f.file for f in findings]
        result = validate_offline(seed_suite[0], [self.provider])
        assert result.gate.status == "passed", [f.message for f in result.findings if f.severity == Severity.ERROR]
        assert result.gate.counts["root_modules"] == 1 and OFFLINE_LABEL in result.gate.detail

    @pytest.mark.terraform
    def test_seeded_modules_pass_their_tests_offline(self, seed_suite: tuple[Path, int]) -> None:
        """Every module's example run in one `terraform test` (mocked provider)."""
        self._need_terraform()
        from .kernel.models import Severity
        from .toolkit.offline import terraform_test_offline

        root, runs = seed_suite
        assert runs >= len(self.vendored())
        result = terraform_test_offline(root, [self.provider])
        assert result.gate.status == "passed", [f.message for f in result.findings if f.severity == Severity.ERROR]
        assert result.gate.counts["runs_passed"] == runs and result.gate.counts["runs_failed"] == 0

    @pytest.mark.checkov
    def test_seeded_modules_pass_checkov(self, seed_factory: Path) -> None:
        from .kernel.models import Severity
        from .toolkit.tools import find_checkov
        from .toolkit.validation.gates import checkov

        if find_checkov() is None:
            pytest.skip("checkov not found (set IACF_CHECKOV or put checkov on PATH)")
        modules = seed_factory / "modules" / self.cloud
        gate, findings, skips = checkov(modules)
        assert gate.status == "passed", [(f.check, f.file, f.message) for f in findings
                                         if f.severity == Severity.ERROR]
        assert gate.counts["failed"] == 0
        # Checkov reports 0 resources, and passes, on HCL it cannot parse: it must have seen every module's resources
        declared = sum(len(re.findall(r'^resource "', p.read_text(), re.M)) for p in modules.glob("*/*.tf"))
        assert declared and gate.counts["resource_count"] >= declared
        assert all(s["reason"].strip() for s in skips)

    @pytest.mark.terraform
    @pytest.mark.checkov
    def test_publish_gates_pass_offline(self, seed_factory: Path) -> None:
        """What `iacf publish` runs on a module (one here; the suite covers them all) passes without the real
        provider."""
        self._need_terraform()
        from .factory.checks import run_gates

        gates, findings = run_gates(seed_factory / "modules" / self.cloud / self.publish_sample, lambda _m: None)
        assert [g.gate for g in gates if g.status != "passed"] == [], [f.message for f in findings]

    def test_checkov_map_is_complete_and_names_real_controls(self) -> None:
        checks = self.plugin().checkov_map()
        assert len(checks) > 100 and all(re.fullmatch(self.check_ids, c) for c in checks)
        assert {e["severity"] for e in checks.values()} == {"critical", "high", "medium", "low"}
        controls = {c["id"] for c in __import__("iacf_governance.plugin", fromlist=["catalogue"]).catalogue()}
        assert {e["control"] for e in checks.values()} - {""} <= controls
        ratings = Plugins(get_plugin_manager()).registry.checks
        assert all(ratings[c].severity == e["severity"] for c, e in checks.items())

    @pytest.mark.checkov
    def test_every_check_the_stacks_could_fail_is_rated(self) -> None:
        """Every Checkov check on a resource type the cloud's templates declare has a rating."""
        import subprocess

        from .toolkit.tools import find_checkov

        exe = find_checkov()
        if exe is None:
            pytest.skip("checkov not found (set IACF_CHECKOV or put checkov on PATH)")
        text = "".join(p.read_text() for p in self.source().rglob("*") if p.is_file() and p.suffix in (".tf", ".j2"))
        types = set(re.findall(rf'resource\s+"({self.provider}_[a-z0-9_]+)"', text))
        assert len(types) > 20
        listing = subprocess.run([exe, "--list", "--framework", "terraform"], capture_output=True, text=True,
                                 check=True).stdout
        ids = set()
        for line in listing.splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) > 6 and re.fullmatch(self.check_ids, parts[2]) and parts[4] in types \
                    and parts[6] == "Terraform":
                ids.add(parts[2])
        ratings = Plugins(get_plugin_manager()).registry.checks
        assert ids and sorted(ids - set(ratings)) == []

    def test_policy_threshold_applies_to_a_cloud_finding(self) -> None:
        from .kernel.models import Finding, GateResult, Severity, ValidationReport
        from .toolkit.validation.runner import rate_findings

        ratings = Plugins(get_plugin_manager()).registry.checks
        by_severity: dict[str, str] = {}
        for check_id, entry in sorted(self.plugin().checkov_map().items()):
            by_severity.setdefault(entry["severity"], check_id)

        def failed(*severities: str) -> ValidationReport:
            return ValidationReport(gates=[GateResult(gate="checkov", status="failed")],
                                    findings=[Finding(gate="checkov", check=by_severity[s], severity=Severity.ERROR,
                                                      message=s) for s in severities])

        report = failed("critical", "medium")
        rate_findings(report, ratings, {"critical", "high"})
        critical, medium = report.findings
        assert critical.severity == Severity.ERROR and critical.risk == "critical"
        assert medium.severity == Severity.WARNING and medium.risk == "medium"
        assert report.gates[0].status == "failed"
        report = failed("medium")
        rate_findings(report, ratings, {"critical"})
        assert report.gates[0].status == "passed"
