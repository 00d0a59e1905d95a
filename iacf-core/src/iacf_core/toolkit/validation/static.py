"""Static, cloud-neutral checks: every file parses as HCL, and no literal secret is written anywhere."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ...kernel.models import Finding, GateResult, Severity, Stack
from ...kernel.registry import SecretPattern
from ..hcl import HclError, HclUnreadable, load_file, tf_files

_SCANNED = ("*.tf", "*.tfvars", "*.hcl", "*.json", "*.yaml", "*.yml", "*.env")
# values that name a thing rather than hold a secret
_HARMLESS_VALUE = re.compile(r"^(?:[A-Z][A-Z0-9_]*|arn:.*|[a-z0-9_.-]*/[a-z0-9_./-]*|true|false|none|null)$")


def check_hcl(root: Path) -> list[Finding]:
    findings = []
    paths = tf_files(root)
    for path in paths:
        try:
            load_file(path)
        except HclUnreadable as exc:
            findings.append(Finding(gate="hcl", check="iacf.hcl.unreadable", severity=Severity.ERROR,
                                    message=str(exc), file=str(path.relative_to(root))))
        except HclError as exc:
            findings.append(
                Finding(
                    gate="hcl",
                    check="iacf.hcl.parse",
                    severity=Severity.ERROR,
                    message=f"not valid HCL: {exc}",
                    file=str(path.relative_to(root)),
                )
            )
        except UnicodeDecodeError:
            findings.append(
                Finding(gate="hcl", check="iacf.hcl.encoding", severity=Severity.ERROR,
                        message="not UTF-8 text", file=str(path.relative_to(root)))
            )
    if not findings:
        findings.append(Finding(gate="hcl", check="iacf.hcl.parse", severity=Severity.INFO,
                                message=f"{len(paths)} .tf file(s) parse"))
    return findings


def check_secrets(root: Path, patterns: Iterable[SecretPattern]) -> list[Finding]:
    """Look for every registered pattern in every text file of the project (comments and descriptions aside)."""
    # specific patterns first: a GitHub token assigned to `password` is reported as a GitHub token
    ordered = sorted(patterns, key=lambda p: ("value" in p.pattern.groupindex, p.check))
    findings = []
    paths: set[Path] = set()
    for glob in _SCANNED:
        paths.update(tf_files(root, glob))
    for path in sorted(paths):
        if path.name.endswith(".example") or ".terraform" in path.parts:
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(lines, start=1):
            if line.lstrip().startswith(("#", "//")) or "description" in line.split("=")[0]:
                continue
            for secret in ordered:
                match = secret.pattern.search(line)
                if not match:
                    continue
                value = match.groupdict().get("value")
                if value is not None and _HARMLESS_VALUE.match(value.strip()):
                    continue
                findings.append(
                    Finding(
                        gate="secrets",
                        check=secret.check,
                        severity=Severity.ERROR,
                        message="literal secret in code: keep it in the cloud's secret store and reference it",
                        file=str(path.relative_to(root)),
                        line=number,
                    )
                )
                break
    if not findings:
        findings.append(Finding(gate="secrets", check="iacf.secrets", severity=Severity.INFO,
                                message=f"{len(paths)} file(s) scanned: no literal secret"))
    return findings


MANIFEST = ".iacf/manifest.json"


def load_manifest(root: Path) -> dict[str, object] | None:
    import json

    path = root / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _evidence(root: Path) -> set[str]:
    """Resource types declared anywhere in the project, plus ``provider.<name>.<block>`` markers."""
    from ..hcl import blocks

    found: set[str] = set()
    for path in tf_files(root):
        try:
            doc = load_file(path)
        except (HclError, UnicodeDecodeError):
            continue
        for block in blocks(doc, path, "resource", 2):
            found.add(block.labels[0])
        for block in blocks(doc, path, "provider", 1):
            for key in block.body:
                found.add(f"provider.{block.labels[0]}.{key}")
    return found


def check_coverage(
    root: Path, controls: list[dict[str, object]], implementations: list[dict[str, object]]
) -> list[Finding]:
    """Every required control has its implementing resources in the output (Checkov cannot see absences).

    Controls met by a gate are checked once every gate has run (:func:`check_gate_coverage`)."""
    evidence = _evidence(root)
    findings = []
    for control in controls:
        cid = str(control["id"])
        impls = [i for i in implementations if i.get("control") == cid]
        if not impls:
            findings.append(Finding(gate="coverage", check="iacf.coverage.unimplemented", severity=Severity.ERROR,
                                    message=f"required control {cid} has no implementation"))
            continue
        for impl in impls:
            if impl.get("provided_by") or impl.get("not_applicable"):
                continue  # left to another system, by policy; or stated not applicable to this cloud, with why
            resources = impl.get("resources") or []
            wanted = [str(r) for r in resources] if isinstance(resources, list) else []
            missing = [r for r in wanted if r not in evidence]
            if missing:
                findings.append(Finding(
                    gate="coverage", check="iacf.coverage.missing", severity=Severity.ERROR,
                    message=f"control {cid}: no {', '.join(missing)} in the project"))
    if controls and not findings:
        findings.append(Finding(gate="coverage", check="iacf.coverage", severity=Severity.INFO,
                                message=f"{len(controls)} required control(s), each implemented in the output"))
    return findings


def control_records(root: Path, stack: Stack | None) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The required controls and their implementations: the stack's, else the project's manifest."""
    if stack is not None:
        return [c.model_dump() for c in stack.controls], [i.model_dump() for i in stack.implementations]
    manifest = load_manifest(root) or {}
    controls, implementations = manifest.get("controls", []), manifest.get("implementations", [])
    return (list(controls) if isinstance(controls, list) else [],
            list(implementations) if isinstance(implementations, list) else [])


def check_gate_coverage(gates: list[GateResult], implementations: list[dict[str, object]]) -> list[Finding]:
    """Every control met by a gate saw that gate run and pass (a skipped or missing gate meets nothing)."""
    status = {g.gate: g.status for g in gates}
    findings = []
    for impl in implementations:
        gate = impl.get("gate")
        if not gate or impl.get("provided_by"):
            continue
        outcome = status.get(str(gate), "did not run")
        if outcome != "passed":
            findings.append(Finding(
                gate="coverage", check="iacf.coverage.gate", severity=Severity.ERROR,
                message=f"control {impl.get('control')}: it is met by the {gate} gate, which "
                        + (outcome if outcome == "did not run" else f"is {outcome}")))
    return findings
