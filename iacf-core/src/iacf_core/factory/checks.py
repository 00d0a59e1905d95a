"""What ``iacf publish`` checks before it opens a pull request: the structure, then the gates."""

from __future__ import annotations

import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..kernel.models import Finding, GateResult, Severity
from ..toolkit.hcl import HclError
from ..toolkit.modules import MANIFEST, FactoryError, ModuleManifest, load_manifest
from ..toolkit.tools import run, terraform_setup
from ..toolkit.validation.gates import Progress, terraform_init, terraform_validate, uninstallable_providers
from ..toolkit.validation.runner import checkov_gate, finish_tools, fmt_gate, serialized, start_tools
from .interface import Interface, read_interface
from .skeleton import PLACEHOLDER

REQUIRED_FILES = ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md", "CHANGELOG.md", MANIFEST)
SKIP_PARTS = {".terraform", ".git", "__pycache__"}
MIN_TERRAFORM = (1, 5)


def read_module_dir(directory: Path) -> dict[str, str]:
    """Every text file of a module folder (``relative path → text``), skipping tool folders and state."""
    if not directory.is_dir():
        raise FactoryError(f"module folder {directory} does not exist")
    files: dict[str, str] = {}
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory)
        if not path.is_file() or SKIP_PARTS.intersection(rel.parts) or path.name.startswith("terraform.tfstate"):
            continue
        if path.name == ".terraform.lock.hcl":
            continue
        try:
            files[rel.as_posix()] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise FactoryError(f"{rel.as_posix()} is not a UTF-8 text file") from exc
    return files


def _version_floor(constraint: str) -> tuple[int, int] | None:
    """The lowest version a constraint admits (``>= 1.5.0`` → (1, 5)), or None when it has no lower bound."""
    for part in constraint.split(","):
        match = re.match(r"^\s*(>=|~>|=|>)?\s*v?(\d+)\.(\d+)", part)
        if match and (match[1] or "=") in (">=", "~>", "=", ">"):
            return int(match[2]), int(match[3])
    return None


def structure_problems(files: dict[str, str]) -> tuple[list[str], Interface | None, ModuleManifest | None]:
    """Every reason the module's structure is refused (empty when it is acceptable)."""
    problems = [f"missing {name}" for name in REQUIRED_FILES if name not in files]
    if not any(p.startswith("examples/basic/") and p.endswith(".tf") for p in files):
        problems.append("missing examples/basic/*.tf (a minimal call of the module)")
    if not any(p.startswith("tests/") and p.endswith(".tftest.hcl") for p in files):
        problems.append("missing tests/*.tftest.hcl (terraform test with mock_provider)")
    manifest = None
    if MANIFEST in files:
        try:
            manifest = load_manifest(files[MANIFEST], MANIFEST)
        except FactoryError as exc:
            problems.append(exc.message)
    if "README.md" in files and len(files["README.md"].strip()) < 40:
        problems.append("README.md says nothing about the module")
    try:
        iface = read_interface(files)
    except HclError as exc:
        problems.append(f"invalid HCL: {exc}")
        return problems, None, manifest
    for v in sorted(iface.variables.values(), key=lambda v: v.name):
        if not v.type:
            problems.append(f"variable {v.name} has no type")
        if not (v.description or "").strip():
            problems.append(f"variable {v.name} has no description")
    for o in sorted(iface.outputs.values(), key=lambda o: o.name):
        if not (o.description or "").strip():
            problems.append(f"output {o.name} has no description")
    if not iface.required_version:
        problems.append("versions.tf: terraform required_version is missing (need >= 1.5)")
    else:
        floor = _version_floor(iface.required_version)
        if floor is None or floor < MIN_TERRAFORM:
            problems.append(f"required_version {iface.required_version!r} must require terraform >= 1.5")
    if not iface.providers:
        problems.append("versions.tf: no required_providers (every provider needs a source and a version)")
    for name in sorted(iface.providers):
        if not iface.providers[name]:
            problems.append(f"provider {name} has no version constraint")
    if not iface.resources and not any(p.endswith(".tf") and "module \"" in files[p] for p in files if "/" not in p):
        problems.append("the module declares no resource")
    placeholders = sorted(p for p in files if "/" not in p and p.endswith(".tf") and PLACEHOLDER in files[p])
    problems += [f"{p} still holds the placeholder written by iacf module init: replace it with the module's "
                 "resources" for p in placeholders]
    return problems, iface, manifest


def terraform_test(root: Path, progress: Progress) -> tuple[GateResult, list[Finding]]:
    """``terraform test`` in a copy of the module (the tests use mock providers: no account is needed)."""
    setup = terraform_setup()
    if setup is None:
        return GateResult(gate="test", status="skipped", detail="terraform not found on PATH"), []
    with tempfile.TemporaryDirectory(prefix="iacf-test-") as tmp:
        copy = Path(tmp) / "module"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".terraform", "*.tfstate*", ".git"))
        progress("terraform test")
        init = terraform_init(setup, copy)
        missing = uninstallable_providers(init.stderr + "\n" + init.stdout) if init.returncode != 0 else []
        if missing:  # as the validate gate: the module's tests against schema-only providers (offline)
            return _test_offline(copy, missing, progress)
        if init.returncode != 0:
            msg = _first_error(init.stderr or init.stdout)
            return (GateResult(gate="test", status="failed", detail="init failed"),
                    [Finding(gate="test", check="terraform.test", severity=Severity.ERROR,
                             message=f"terraform init failed: {msg}")])
        proc = run([setup.executable, "test", "-no-color"], copy, setup.env)
    text = proc.stdout + proc.stderr
    summary = re.search(r"(\d+) passed, (\d+) failed", text)
    passed, failed = (int(summary[1]), int(summary[2])) if summary else (0, 0)
    findings = []
    if proc.returncode != 0 or failed or not passed:
        failing = [line.strip() for line in text.splitlines()
                   if line.strip().endswith("... fail") or line.strip().startswith("Error:")]
        for line in failing[:10] or [_first_error(text)]:
            findings.append(Finding(gate="test", check="terraform.test", severity=Severity.ERROR, message=line))
        if not passed and not failing:
            findings.append(Finding(gate="test", check="terraform.test", severity=Severity.ERROR,
                                    message="terraform test ran no test"))
    return (GateResult(gate="test", status="failed" if findings else "passed",
                       counts={"passed": passed, "failed": failed}), findings)


def _test_offline(module: Path, providers: list[str], progress: Progress) -> tuple[GateResult, list[Finding]]:
    from ..toolkit.offline import OfflineError, terraform_test_offline

    progress(f"terraform cannot install {', '.join(providers)}: testing against the provider schema (offline)")
    try:
        result = terraform_test_offline(module, providers, progress=progress)
    except OfflineError as exc:
        names = ", ".join(providers)
        return (GateResult(gate="test", status="failed", detail=f"terraform cannot install {names}"),
                [Finding(gate="test", check="terraform.test", severity=Severity.ERROR,
                         message=f"terraform cannot install {names}; offline test unavailable: {exc}")])
    counts = {"passed": result.gate.counts.get("runs_passed", 0), "failed": result.gate.counts.get("runs_failed", 0)}
    findings = [f.model_copy(update={"gate": "test"}) for f in result.findings]
    if not counts["passed"] and not any(f.severity == Severity.ERROR for f in findings):
        findings.append(Finding(gate="test", check="terraform.test", severity=Severity.ERROR,
                                message="terraform test ran no test"))
    status = "failed" if any(f.severity == Severity.ERROR for f in findings) else "passed"
    return result.gate.model_copy(update={"counts": counts, "status": status}), findings


def _first_error(text: str) -> str:
    for line in text.splitlines():
        line = line.strip(" │╷╵")
        if line.startswith("Error:"):
            return line
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "unknown error"


def run_gates(root: Path, progress: Progress) -> tuple[list[GateResult], list[Finding]]:
    """fmt, validate (module and examples), terraform test, Checkov: the publish gates."""
    gates: list[GateResult] = []
    findings: list[Finding] = []
    progress = serialized(progress)
    progress("terraform fmt, terraform validate, terraform test and checkov started")
    with ThreadPoolExecutor(max_workers=4) as pool:  # each gate waits on its own tool: the slowest bounds the time
        started = start_tools(root, {"fmt": fmt_gate, "validate": terraform_validate, "test": terraform_test,
                                     "checkov": checkov_gate}, progress, pool)
        for gate, found in finish_tools(started, progress):
            gates.append(gate)
            findings.extend(found)
    return gates, findings
