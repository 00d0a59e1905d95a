"""Run every gate on a Terraform folder and assemble a :class:`ValidationReport`."""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from ...kernel.models import Finding, GateResult, Severity, Stack, ValidationReport
from ...kernel.registry import CheckRating
from . import gatecache
from .clouds import folder_clouds
from .gatecache import tree_digest
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
    """All gates: the plugins' static checks (HCL, secrets, tags, ingress, coverage...) and the external tools.

    The tools (terraform fmt; terraform init + validate of every root module; Checkov over the whole project)
    run at the same time as one another and as the static checks, so the slowest of them bounds the wall time.
    The report is the same as if they had run one after the other; each gate carries its own time.
    """
    progress = serialized(progress)
    report = ValidationReport()
    with tempfile.TemporaryDirectory(prefix="iacf-gates-") as tmp, ThreadPoolExecutor(max_workers=3) as pool:
        copy, skipped, tools = Path(tmp) / "project", 0, {}
        if external:
            # the tools read a copy holding only regular files: a FIFO in the folder would block them, and
            # a file that vanishes or cannot be read is reported once, here
            skipped = copy_tree(root, copy)
            # what the tool threads import lazily is imported here first: two threads importing the same package
            # for the first time can see it half-initialised
            from .. import offline, provider_schema  # noqa: F401
            progress("terraform fmt, terraform validate and checkov started")
            digest = tree_digest(copy) if gatecache.enabled() else ""
            tools = start_tools(copy, {name: gatecache.cached(name, gate, lambda: digest) for name, gate in
                                       (("fmt", fmt_gate), ("validate", terraform_validate),
                                        ("checkov", checkov_gate))}, progress, pool)
        progress("static checks (HCL, secrets, tags, ingress)")
        started = time.perf_counter()
        clouds = folder_clouds(root, plugins.registry) if stack is None else ()
        plugin_findings = [*plugins.validate(root, stack, clouds),
                           *check_secrets(root, plugins.registry.secret_patterns.values())]
        static_seconds = _seconds(started)
        for name in sorted({f.gate for f in plugin_findings}):
            errors = [f for f in plugin_findings if f.gate == name and f.severity == Severity.ERROR]
            report.gates.append(GateResult(gate=name, status="failed" if errors else "passed",
                                           counts={"errors": len(errors)}, seconds=static_seconds))
        report.findings.extend(plugin_findings)
        if skipped:
            report.findings.append(Finding(
                gate="fmt", check="iacf.files.unreadable", severity=Severity.WARNING,
                message=f"{skipped} file(s) could not be read (removed meanwhile, or no permission) and were "
                        "left out of terraform fmt, terraform validate and Checkov"))
        for gate, found in finish_tools(tools, progress):
            report.gates.append(gate)
            report.findings.extend(found)
    block: set[str] = set(policy.findings.block) if policy is not None else {"critical", "high", "medium", "low"}
    rate_findings(report, plugins.registry.checks, block)
    _cover_gates(report, root, stack, plugins.registry.checks)
    report.findings = sorted(report.findings, key=_finding_key)
    return report


ToolGate = Callable[[Path, Progress], tuple[GateResult, list[Finding]]]


def fmt_gate(folder: Path, _progress: Progress) -> tuple[GateResult, list[Finding]]:
    return terraform_fmt(folder)


def checkov_gate(folder: Path, _progress: Progress) -> tuple[GateResult, list[Finding]]:
    gate, found, _skips = checkov(folder)
    return gate, found


def start_tools(folder: Path, tools: Mapping[str, ToolGate], progress: Progress,
                pool: ThreadPoolExecutor) -> dict[str, Future[tuple[GateResult, list[Finding]]]]:
    """Start every external gate on ``folder`` at once (each waits on its own process); ``progress`` must accept
    calls from their threads (:func:`serialized`)."""
    return {name: pool.submit(_timed, gate, folder, progress) for name, gate in tools.items()}


def finish_tools(started: Mapping[str, Future[tuple[GateResult, list[Finding]]]],
                 progress: Progress) -> list[tuple[GateResult, list[Finding]]]:
    """The gates' results, in the order they were given, each with its time."""
    results = []
    for future in started.values():
        if not future.done():
            progress(f"waiting for {', '.join(n for n, f in started.items() if not f.done())}")
        results.append(future.result())
    return results


def _timed(gate: ToolGate, folder: Path, progress: Progress) -> tuple[GateResult, list[Finding]]:
    started = time.perf_counter()
    result, found = gate(folder, progress)
    result.seconds = _seconds(started)
    return result, found


def _seconds(started: float) -> float:
    return round(time.perf_counter() - started, 2)


def serialized(progress: Progress) -> Progress:
    """``progress`` callable from the tools' threads: one message at a time."""
    lock = threading.Lock()

    def report(message: str) -> None:
        with lock:
            progress(message)

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
