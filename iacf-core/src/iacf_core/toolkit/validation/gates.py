"""External gates: ``terraform fmt``, ``terraform init -backend=false`` + ``validate``, and Checkov.

A tool that is not installed gives a ``skipped`` gate, never a ``passed`` one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from ...kernel.models import Finding, GateResult, Severity
from ..hcl import tf_files
from ..tools import TerraformSetup, find_checkov, run, terraform_setup

Progress = Callable[[str], None]


def root_modules(root: Path) -> list[Path]:
    """Folders to validate as root modules: the project and every folder with .tf files outside ``modules/``."""
    dirs = {root}
    for path in tf_files(root):
        rel = path.parent.relative_to(root)
        if "modules" in rel.parts or "tests" in rel.parts:
            continue
        dirs.add(path.parent)
    return sorted(dirs)


def terraform_fmt(root: Path) -> tuple[GateResult, list[Finding]]:
    setup = terraform_setup()
    if setup is None:
        return GateResult(gate="fmt", status="skipped", detail="terraform not found on PATH"), []
    proc = run([setup.executable, "fmt", "-check", "-recursive", "-list=true", "-no-color", "."], root, setup.env)
    files = [line.strip() for line in proc.stdout.splitlines() if line.strip()]
    findings = [
        Finding(gate="fmt", check="terraform.fmt", severity=Severity.ERROR,
                message="not in canonical format (run terraform fmt)", file=f)
        for f in files
    ]
    if proc.returncode not in (0, 3):
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        findings.append(Finding(gate="fmt", check="terraform.fmt", severity=Severity.ERROR,
                                message=detail[0] if detail else "terraform fmt failed"))
    return GateResult(gate="fmt", status="failed" if findings else "passed", counts={"files": len(files)}), findings


# ``terraform init`` cannot install a provider: no registry reachable, not in any configured mirror
_INSTALL_FAILED = ("Failed to query available provider packages", "Failed to install provider")
_UNINSTALLED = re.compile(r"(?:for provider|installing) (?:[\w.-]+\.[\w]+/)?([\w-]+)/([\w-]+)\b")


def uninstallable_providers(output: str) -> list[str]:
    """The providers (local names such as ``azurerm``) a failed ``terraform init`` could not install, from its
    output; empty when it failed for another reason."""
    text = " ".join(output.split())
    if not any(marker in text for marker in _INSTALL_FAILED):
        return []
    return sorted({m.group(2) for m in _UNINSTALLED.finditer(text)})


def terraform_validate(root: Path, progress: Progress) -> tuple[GateResult, list[Finding]]:
    """``terraform init -backend=false`` + ``validate`` in every root module, the root modules at the same time.
    When Terraform cannot install a provider the project requires, the whole gate runs against schema-only
    providers for that run (the gate's detail then says "validated against the provider schema (offline)")."""
    setup = terraform_setup()
    if setup is None:
        return GateResult(gate="validate", status="skipped", detail="terraform not found on PATH"), []
    findings: list[Finding] = []
    modules = root_modules(root)
    with tempfile.TemporaryDirectory(prefix="iacf-validate-") as tmp:
        copy = Path(tmp) / "project"
        # validate a copy: init writes .terraform/ and a lock file we must not leave in the user's folder
        skipped = copy_tree(root, copy)
        if skipped:
            findings.append(Finding(gate="validate", check="iacf.files.unreadable", severity=Severity.WARNING,
                                    message=f"{skipped} file(s) could not be read (removed meanwhile, or no "
                                            "permission) and were left out of terraform validate"))
        workers = min(len(modules), max(2, os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(lambda module: _validate_root(setup, root, copy, module, progress), modules))
    # as when the roots ran in order: the first one whose providers cannot be installed sends the whole gate
    # offline, and the findings of the roots are listed in order
    uninstallable = next((missing for missing, _found in results if missing), [])
    if uninstallable:
        return _validate_offline(root, sorted(set(uninstallable)), progress)
    for _missing, found in results:
        findings.extend(found)
    errors = [f for f in findings if f.severity == Severity.ERROR]
    return (
        GateResult(gate="validate", status="failed" if errors else "passed",
                   counts={"root_modules": len(modules), "errors": len(errors),
                           "warnings": len(findings) - len(errors)}),
        findings,
    )


_PLUGIN_CACHE = threading.Lock()


def terraform_init(setup: TerraformSetup, where: Path) -> subprocess.CompletedProcess[str]:
    """``terraform init -backend=false`` in ``where``. Inits of different folders may run at once: a provider
    mirror is only read, but a plugin cache is written by init and is not safe for concurrent inits, which then
    take turns."""
    with _PLUGIN_CACHE if setup.mirror is None else nullcontext():
        return run([setup.executable, "init", "-backend=false", "-input=false", "-no-color"], where, setup.env,
                   yielding=True)


def _validate_root(setup: TerraformSetup, root: Path, copy: Path, module: Path,
                   progress: Progress) -> tuple[list[str], list[Finding]]:
    """One root module: (the providers terraform could not install, else nothing; the findings)."""
    rel = module.relative_to(root)
    where = copy / rel
    label = str(rel) if str(rel) != "." else "."
    progress(f"terraform init + validate ({label})")
    init = terraform_init(setup, where)
    if init.returncode != 0:
        missing = uninstallable_providers(init.stderr + "\n" + init.stdout)
        if missing:
            return missing, []
        msg = _first_error_line(init.stderr or init.stdout)
        return [], [Finding(gate="validate", check="terraform.init", severity=Severity.ERROR,
                            message=f"terraform init failed: {msg}", file=label)]
    proc = run([setup.executable, "validate", "-json", "-no-color"], where, setup.env, yielding=True)
    return [], _validate_findings(proc, label)


def _validate_offline(root: Path, providers: list[str], progress: Progress) -> tuple[GateResult, list[Finding]]:
    """The validate gate against schema-only ``providers`` (the others from the machine's mirror)."""
    from ..offline import OfflineError, validate_offline  # the toolkit builds on this module

    progress(f"terraform cannot install {', '.join(providers)}: validating against the provider schema (offline)")
    try:
        result = validate_offline(root, providers, progress=progress)
    except OfflineError as exc:
        names = ", ".join(providers)
        return (GateResult(gate="validate", status="failed", counts={"errors": 1},
                           detail=f"terraform cannot install {names}, and the offline schema cannot be used"),
                [Finding(gate="validate", check="terraform.init", severity=Severity.ERROR,
                         message=f"terraform cannot install {names} (no registry, not in a mirror); offline "
                                 f"validation unavailable: {exc}")])
    return result.gate, result.findings


def copy_tree(source: Path, target: Path) -> int:
    """Copy a Terraform folder for the tools, leaving out tool state, special files (sockets, FIFOs: reading
    one blocks), and ``target`` itself when it lies inside ``source``. Returns how many entries failed to copy
    (the folder may change or be unreadable in places); the rest is copied."""
    ignored = shutil.ignore_patterns(".terraform", "*.tfstate*", ".git")
    inside, origin = target.resolve(), source.resolve()
    # a folder (or a link to one) that is the copy, contains it, or contains the source would recurse
    blocked = {inside, *inside.parents, origin, *origin.parents}

    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = set(ignored(folder, names))
        for name in names:
            path = os.path.join(folder, name)
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                skip.add(name)  # vanished: nothing to copy
                continue
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
                skip.add(name)
            elif not stat.S_ISREG(mode) and Path(path).resolve() in blocked:
                skip.add(name)
        return skip

    try:
        shutil.copytree(source, target, ignore=ignore, symlinks=False, ignore_dangling_symlinks=True)
    except shutil.Error as exc:
        return len(exc.args[0]) if exc.args and isinstance(exc.args[0], list) else 1
    return 0


def _first_error_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip(" │╷╵")
        if line.startswith("Error:"):
            return line
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


def _validate_findings(proc: subprocess.CompletedProcess[str], label: str) -> list[Finding]:
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return [Finding(gate="validate", check="terraform.validate", severity=Severity.ERROR,
                        message=_first_error_line(proc.stderr or proc.stdout), file=label)]
    findings = []
    for diag in data.get("diagnostics", []):
        rng = diag.get("range") or {}
        filename = rng.get("filename")
        file = f"{label}/{filename}" if filename and label != "." else filename or label
        summary = diag.get("summary", "")
        detail = (diag.get("detail") or "").splitlines()
        message = summary + (f": {detail[0]}" if detail and detail[0] else "")
        findings.append(
            Finding(gate="validate", check="terraform.validate",
                    severity=Severity.ERROR if diag.get("severity") == "error" else Severity.WARNING,
                    message=message, file=file, line=(rng.get("start") or {}).get("line"))
        )
    if not data.get("valid", False) and not findings:
        findings.append(Finding(gate="validate", check="terraform.validate", severity=Severity.ERROR,
                                message="terraform validate reported the configuration invalid", file=label))
    return findings


def checkov(root: Path) -> tuple[GateResult, list[Finding], list[dict[str, str]]]:
    """Run Checkov as a separate executable and read its JSON. Returns (gate, findings, skips)."""
    exe = find_checkov()
    if exe is None:
        return GateResult(gate="checkov", status="skipped",
                          detail="checkov not found (set IACF_CHECKOV or put it on PATH)"), [], []
    cmd = [exe, "-d", ".", "--framework", "terraform", "-o", "json", "--skip-download",
           "--download-external-modules", "false", "--compact"]
    proc = run(cmd, root)
    data = _checkov_json(proc.stdout)
    if data is None:
        msg = _first_error_line(proc.stderr or proc.stdout)
        return (GateResult(gate="checkov", status="failed", detail=f"unreadable checkov output: {msg}"),
                [Finding(gate="checkov", check="checkov.run", severity=Severity.ERROR,
                         message=f"checkov did not produce a report: {msg}")], [])
    summary = data.get("summary", {})
    results = data.get("results", {})
    findings: list[Finding] = []
    for item in results.get("failed_checks", []):
        findings.append(Finding(
            gate="checkov", check=item.get("check_id", "?"), severity=Severity.ERROR,
            message=item.get("check_name", ""), file=(item.get("file_path") or "").lstrip("/"),
            line=(item.get("file_line_range") or [None])[0], resource=item.get("resource"),
        ))
    skips = []
    for item in results.get("skipped_checks", []):
        reason = (item.get("check_result") or {}).get("suppress_comment", "")
        skips.append({"check": item.get("check_id", "?"), "resource": item.get("resource", ""),
                      "file": (item.get("file_path") or "").lstrip("/"), "reason": reason})
        reasoned = bool(reason.strip()) and reason.strip() != "No comment provided"
        check_id = item.get("check_id", "?")
        findings.append(Finding(
            gate="checkov", check=check_id if reasoned else "checkov.unexplained-skip",
            severity=Severity.INFO if reasoned else Severity.ERROR,
            message=f"skipped inline: {reason}" if reasoned
            else f"{check_id} skipped without a reason: say why next to the skip",
            file=(item.get("file_path") or "").lstrip("/"), resource=item.get("resource"),
        ))
    parse_errors = summary.get("parsing_errors", 0)
    if parse_errors:
        findings.append(Finding(gate="checkov", check="checkov.parse", severity=Severity.ERROR,
                                message=f"checkov could not parse {parse_errors} file(s)"))
    resources = int(summary.get("resource_count", 0))
    if resources == 0:
        findings.append(Finding(gate="checkov", check="checkov.empty", severity=Severity.ERROR,
                                message="checkov saw no resources: the scan proves nothing"))
    counts = {"passed": int(summary.get("passed", 0)), "failed": int(summary.get("failed", 0)),
              "skipped": int(summary.get("skipped", 0)), "parsing_errors": int(parse_errors),
              "resource_count": resources}
    unexplained = any(f.check == "checkov.unexplained-skip" for f in findings)
    failed = counts["failed"] > 0 or parse_errors or resources == 0 or unexplained
    return GateResult(gate="checkov", status="failed" if failed else "passed", counts=counts), findings, skips


def _checkov_json(stdout: str) -> dict[str, Any] | None:
    text = stdout.strip()
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    if start < 0:
        return None
    try:
        data = json.loads(text[start:])
    except json.JSONDecodeError:
        return None
    if isinstance(data, list):  # one report per framework
        data = next((d for d in data if d.get("check_type") == "terraform"), data[0] if data else None)
    if isinstance(data, dict) and "summary" not in data and data.get("passed") == 0:
        # checkov prints a bare summary when there was nothing to scan
        return {"summary": data, "results": {}}
    return data if isinstance(data, dict) else None
