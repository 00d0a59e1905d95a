"""Run every gate on a Terraform folder and assemble a :class:`ValidationReport`."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ...kernel.models import Finding, GateResult, Severity, Stack, ValidationReport
from ...kernel.registry import CheckRating
from .clouds import folder_clouds
from .gates import Progress, checkov, copy_tree, terraform_fmt, terraform_validate
from .static import check_gate_coverage, check_secrets, control_records

if TYPE_CHECKING:
    from ...kernel.plugins import Plugins
    from ...kernel.policy import Policy

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def validate_dir(
    root: Path,
    plugins: Plugins,
    stack: Stack | None = None,
    *,
    progress: Progress = lambda _msg: None,
    external: bool = True,
    policy: Policy | None = None,
) -> ValidationReport:
    """All gates: the plugins' checks (HCL, secrets, tags, ingress, coverage...), then the external tools."""
    progress("static checks (HCL, secrets, tags, ingress)")
    plugin_findings = [*plugins.validate(root, stack, folder_clouds(root, plugins.registry) if stack is None else ()),
                       *check_secrets(root, plugins.registry.secret_patterns.values())]
    report = ValidationReport()
    gate_names = sorted({f.gate for f in plugin_findings})
    for name in gate_names:
        errors = [f for f in plugin_findings if f.gate == name and f.severity == Severity.ERROR]
        report.gates.append(GateResult(gate=name, status="failed" if errors else "passed",
                                       counts={"errors": len(errors)}))
    report.findings.extend(plugin_findings)
    if external:
        with tempfile.TemporaryDirectory(prefix="iacf-gates-") as tmp:
            # the tools read a copy holding only regular files: a FIFO in the folder would block them, and
            # a file that vanishes or cannot be read is reported once, here
            copy = Path(tmp) / "project"
            skipped = copy_tree(root, copy)
            if skipped:
                report.findings.append(Finding(
                    gate="fmt", check="iacf.files.unreadable", severity=Severity.WARNING,
                    message=f"{skipped} file(s) could not be read (removed meanwhile, or no permission) and were "
                            "left out of terraform fmt, terraform validate and Checkov"))
            progress("terraform fmt -check")
            gate, found = terraform_fmt(copy)
            report.gates.append(gate)
            report.findings.extend(found)
            gate, found = terraform_validate(copy, progress)
            report.gates.append(gate)
            report.findings.extend(found)
            progress("checkov")
            gate, found, _skips = checkov(copy)
            report.gates.append(gate)
            report.findings.extend(found)
    block: set[str] = set(policy.findings.block) if policy is not None else {"critical", "high", "medium", "low"}
    rate_findings(report, plugins.registry.checks, block)
    _cover_gates(report, root, stack, plugins.registry.checks)
    report.findings = sorted(report.findings, key=_finding_key)
    return report


def _cover_gates(report: ValidationReport, root: Path, stack: Stack | None,
                 ratings: dict[str, CheckRating]) -> None:
    """Controls met by a gate: once every gate has an outcome (after the policy relaxed what it may), each such
    gate must have run and passed; otherwise the coverage gate fails."""
    _controls, implementations = control_records(root, stack)
    found = check_gate_coverage(report.gates, implementations)
    if not found:
        return
    for finding in found:  # rated like the others; critical, so no policy relaxes it
        rating = ratings.get(finding.check)
        if rating is not None:
            finding.risk, finding.control = rating.severity, rating.control or None
    report.findings.extend(found)
    coverage = next((g for g in report.gates if g.gate == "coverage"), None)
    if coverage is None:
        coverage = GateResult(gate="coverage", status="failed", counts={"errors": 0})
        report.gates.append(coverage)
    coverage.status = "failed"
    coverage.counts["errors"] = coverage.counts.get("errors", 0) + len(found)


def rate_findings(report: ValidationReport, ratings: dict[str, CheckRating], block: set[str]) -> None:
    """Give every finding the severity and control its check is rated with; an error whose severity the
    policy does not block becomes a warning, and a gate left with no error then passes (its counts still
    show the findings). Unrated checks keep their outcome: they always block."""
    relaxed: dict[str, int] = {}
    for finding in report.findings:
        rating = ratings.get(finding.check)
        if rating is None:
            continue
        finding.risk = rating.severity
        finding.control = rating.control or None
        if finding.severity == Severity.ERROR and rating.severity not in block:
            finding.severity = Severity.WARNING
            finding.message += f" (severity {rating.severity} does not block under the policy)"
            relaxed[finding.gate] = relaxed.get(finding.gate, 0) + 1
    for gate in report.gates:
        if gate.gate not in relaxed:
            continue
        gate.counts["non_blocking"] = relaxed[gate.gate]
        if gate.status == "failed" and not any(f.gate == gate.gate and f.severity == Severity.ERROR
                                               for f in report.findings):
            gate.status = "passed"
            gate.detail = f"{relaxed[gate.gate]} finding(s) below the blocking severities of the policy"


def _finding_key(f: Finding) -> tuple[int, str, str, int, str, str]:
    return (_SEVERITY_ORDER[f.severity], f.gate, f.file or "", f.line or 0, f.check, f.message)
