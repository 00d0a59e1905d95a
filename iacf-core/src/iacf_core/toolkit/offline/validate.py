"""``terraform validate`` and ``terraform test`` against schema-only providers, for a copy of a project.

What Terraform checks with them: argument and block names, types, required arguments, read-only (computed-only)
attributes, block counts the schema states, references between resources. What it cannot: allowed values,
conflicting arguments, anything the provider's own validators or the cloud's API decide.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...kernel.models import Finding, GateResult, Severity
from ..tools import find_provider_mirror, run, terraform_setup
from ..validation.gates import root_modules
from .constraints import pin_versions
from .mirror import MirrorError, Stub, cli_config, lay_out
from .opaque import opaque_patches
from .schema import SchemaError, build_schema
from .shared import SharedProvider, SharedProviderError, reattach_env, shared_providers

OFFLINE_LABEL = "validated against the provider schema (offline)"
CHECK = "terraform.validate.offline"
_RUN_LINE = re.compile(r'^\s*run "[^"]*"\.\.\. (pass|fail|skip)', re.M)
Progress = Callable[[str], None]


class OfflineError(RuntimeError):
    """Offline validation cannot run (no terraform, no schema, unsupported platform)."""


@dataclass
class OfflineRun:
    """A copy of a project wired to schema-only providers: run terraform in ``project`` with ``env``."""

    executable: str
    env: dict[str, str]
    project: Path
    stubs: list[Stub]
    notes: list[str] = field(default_factory=list)
    # the providers every command attaches to; empty when Terraform starts one per command (see notes)
    shared: list[SharedProvider] = field(default_factory=list)

    def terraform(self, *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
        if any(s.process.poll() is not None for s in self.shared):
            # the shared provider died: let Terraform start its own for this and the next commands
            entries = json.loads(self.env.pop("TF_REATTACH_PROVIDERS", "{}"))
            kept = {k: v for k, v in entries.items() if k not in {s.schema.source for s in self.shared}}
            if kept:
                self.env["TF_REATTACH_PROVIDERS"] = json.dumps(kept, sort_keys=True)
            self.notes.append("schema-only provider started by Terraform for each command (the shared "
                              "provider process ended during the run)")
            self.shared = []
        proc = run([self.executable, *args], cwd or self.project, self.env)
        return proc.returncode, proc.stdout, proc.stderr


@dataclass
class OfflineResult:
    """The outcome of an offline validate or test run; ``gate.detail`` says what it was checked against."""

    gate: GateResult
    findings: list[Finding]
    providers: list[str]
    notes: list[str]
    seconds: float

    @property
    def ok(self) -> bool:
        return self.gate.status == "passed"


@contextlib.contextmanager
def offline_terraform(root: Path, providers: Sequence[str], *,
                      progress: Progress = lambda _m: None) -> Iterator[OfflineRun]:
    """Copy ``root`` to a temporary folder with a provider mirror of schema-only ``providers``."""
    setup = terraform_setup()
    if setup is None:
        raise OfflineError("terraform not found (set IACF_TERRAFORM or put terraform on PATH)")
    missing = [m for m in ("grpc", "grpc_health", "msgpack", "cryptography") if importlib.util.find_spec(m) is None]
    if missing:
        raise OfflineError(f"the schema-only provider needs {', '.join(missing)}: "
                           "pip install 'iacf-core[offline]'")
    if not root.is_dir():
        raise OfflineError(f"{root} is not a folder")
    try:
        schemas = [build_schema(name, progress=progress) for name in dict.fromkeys(providers)]
    except SchemaError as exc:
        raise OfflineError(str(exc)) from None
    with tempfile.TemporaryDirectory(prefix="iacf-offline-") as tmp:
        work = Path(tmp)
        project = work / "project"
        # the real provider's lock file hashes would refuse the stub: validate without them
        shutil.copytree(root, project, ignore=shutil.ignore_patterns(
            ".terraform", "*.tfstate*", ".git", ".terraform.lock.hcl"))
        notes = pin_versions(project, {s.source: s.version for s in schemas})
        stubs, patches = [], []
        try:
            for schema in schemas:
                patch, opaque_notes = opaque_patches(project, schema)
                notes += opaque_notes
                patch_file = None
                if patch:
                    patch_file = work / f"{schema.provider}-patch.json"
                    patch_file.write_text(json.dumps(patch, sort_keys=True), encoding="utf-8")
                patches.append(patch_file)
                stubs.append(lay_out(work / "mirror", schema, patch_file))
        except MirrorError as exc:
            raise OfflineError(str(exc)) from None
        env = dict(setup.env)
        env.pop("TF_PLUGIN_CACHE_DIR", None)
        env["TF_CLI_CONFIG_FILE"] = str(cli_config(work / "terraformrc", work / "mirror", stubs,
                                                   find_provider_mirror()))
        with contextlib.ExitStack() as stack:
            shared: list[SharedProvider] = []
            try:
                shared = stack.enter_context(shared_providers(work, list(zip(schemas, patches, strict=True))))
                env["TF_REATTACH_PROVIDERS"] = reattach_env(shared, env.get("TF_REATTACH_PROVIDERS"))
            except SharedProviderError as exc:
                # the mirror's launchers still work: Terraform starts a provider for each command
                notes.append(f"schema-only provider started by Terraform for each command ({exc})")
            yield OfflineRun(setup.executable, env, project, stubs, notes, shared)


def validate_offline(root_dir: Path, providers: Sequence[str], *,
                     progress: Progress = lambda _m: None) -> OfflineResult:
    """``terraform init -backend=false`` + ``terraform validate`` of every root module of ``root_dir`` with
    ``providers`` (``azurerm``, ``google``, ``aws``...) served by schema-only providers."""
    started = time.monotonic()
    findings: list[Finding] = []
    with offline_terraform(root_dir, providers, progress=progress) as run_:
        modules = root_modules(run_.project)
        for module in modules:
            label = module.relative_to(run_.project).as_posix()
            progress(f"terraform init + validate, provider schema offline ({label})")
            code, out, err = run_.terraform("init", "-backend=false", "-input=false", "-no-color", cwd=module)
            if code != 0:
                findings.append(_finding(f"terraform init failed: {_first_error(err or out)}", label))
                continue
            _code, out, err = run_.terraform("validate", "-json", "-no-color", cwd=module)
            findings += _diagnostics(out, err, label)
        return _result(findings, run_, started, {"root_modules": len(modules)})


def terraform_test_offline(root_dir: Path, providers: Sequence[str], *, args: Sequence[str] = (),
                 progress: Progress = lambda _m: None) -> OfflineResult:
    """``terraform init`` + ``terraform test`` in ``root_dir`` (whose ``.tftest.hcl`` files use
    ``mock_provider``) with ``providers`` served by schema-only providers."""
    started = time.monotonic()
    with offline_terraform(root_dir, providers, progress=progress) as run_:
        progress("terraform init + test, provider schema offline")
        code, out, err = run_.terraform("init", "-backend=false", "-input=false", "-no-color")
        if code != 0:
            return _result([_finding(f"terraform init failed: {_first_error(err or out)}", ".")], run_, started, {})
        code, out, err = run_.terraform("test", "-no-color", *args)
        runs = [m.group(1) for m in _RUN_LINE.finditer(out)]
        passed, failed = runs.count("pass"), runs.count("fail")
        findings = [] if code == 0 else [_finding(_test_failure(out, err), ".", check="terraform.test.offline")]
        return _result(findings, run_, started, {"runs_passed": passed, "runs_failed": failed}, gate="test")


def _result(findings: list[Finding], run_: OfflineRun, started: float, counts: dict[str, int],
            gate: str = "validate") -> OfflineResult:
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    labels = [s.label for s in run_.stubs]
    detail = f"{OFFLINE_LABEL}: " + "; ".join(labels)
    result_gate = GateResult(gate=gate, status="failed" if errors else "passed", detail=detail,
                             counts={**counts, "errors": errors, "warnings": len(findings) - errors})
    notes = [Finding(gate=gate, check=f"{CHECK}.note", severity=Severity.INFO, message=n) for n in run_.notes]
    return OfflineResult(result_gate, findings + notes, labels, list(run_.notes), round(time.monotonic() - started, 2))


def _finding(message: str, file: str, check: str = CHECK) -> Finding:
    return Finding(gate="validate", check=check, severity=Severity.ERROR, message=message, file=file)


def _first_error(text: str) -> str:
    lines = [ln.strip(" │╷╵") for ln in text.splitlines()]
    return next((ln for ln in lines if ln.startswith("Error:")), next((ln for ln in lines if ln), "unknown error"))


def _test_failure(out: str, err: str) -> str:
    lines = [ln.strip() for ln in (out + "\n" + err).splitlines()]
    failing = [ln for ln in lines if ln.endswith("... fail")]
    return (failing[0] + " — " if failing else "") + _first_error(err or out)


def _diagnostics(stdout: str, stderr: str, label: str) -> list[Finding]:
    try:
        data = json.loads(stdout)
    except json.JSONDecodeError:
        return [_finding(_first_error(stderr or stdout), label)]
    findings = []
    for diag in data.get("diagnostics", []):
        rng = diag.get("range") or {}
        filename = rng.get("filename")
        file = f"{label}/{filename}" if filename and label != "." else filename or label
        detail = (diag.get("detail") or "").splitlines()
        message = diag.get("summary", "") + (f": {detail[0]}" if detail and detail[0] else "")
        severity = Severity.ERROR if diag.get("severity") == "error" else Severity.WARNING
        findings.append(Finding(gate="validate", check=CHECK, severity=severity, message=message, file=file,
                                line=(rng.get("start") or {}).get("line")))
    # terraform walks the configuration concurrently: its diagnostics come in no stable order
    findings.sort(key=lambda f: (f.file or "", f.line or 0, f.message))
    if not data.get("valid", False) and not any(f.severity == Severity.ERROR for f in findings):
        findings.append(_finding("terraform validate reported the configuration invalid", label))
    return findings
