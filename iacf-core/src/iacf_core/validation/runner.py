"""Run every gate on a Terraform folder and assemble a :class:`ValidationReport`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..models import Finding, GateResult, Severity, Stack, ValidationReport
from .gates import Progress, checkov, terraform_fmt, terraform_validate

if TYPE_CHECKING:
    from ..plugins import Plugins

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def validate_dir(
    root: Path,
    plugins: Plugins,
    stack: Stack | None = None,
    *,
    progress: Progress = lambda _msg: None,
    external: bool = True,
) -> ValidationReport:
    """All gates: the plugins' checks (HCL, secrets, tags, ingress, coverage...), then the external tools."""
    progress("static checks (HCL, secrets, tags, ingress)")
    plugin_findings = plugins.validate(root, stack)
    report = ValidationReport()
    gate_names = sorted({f.gate for f in plugin_findings})
    for name in gate_names:
        errors = [f for f in plugin_findings if f.gate == name and f.severity == Severity.ERROR]
        report.gates.append(GateResult(gate=name, status="failed" if errors else "passed",
                                       counts={"errors": len(errors)}))
    report.findings.extend(plugin_findings)
    if external:
        progress("terraform fmt -check")
        gate, found = terraform_fmt(root)
        report.gates.append(gate)
        report.findings.extend(found)
        gate, found = terraform_validate(root, progress)
        report.gates.append(gate)
        report.findings.extend(found)
        progress("checkov")
        gate, found, _skips = checkov(root)
        report.gates.append(gate)
        report.findings.extend(found)
    report.findings = sorted(report.findings, key=_finding_key)
    return report


def _finding_key(f: Finding) -> tuple[int, str, str, int, str, str]:
    return (_SEVERITY_ORDER[f.severity], f.gate, f.file or "", f.line or 0, f.check, f.message)
