"""democloud's tags gate: the project's tags carry every mandatory key and every record is given them."""

from __future__ import annotations

from pathlib import Path

from iacf_core import Finding, Severity
from iacf_core.toolkit.hcl import blocks, load_file, tf_files

MANDATORY_TAGS = ("Project", "Environment", "Owner", "CostCenter", "ManagedBy")


def check_tags(root: Path) -> list[Finding]:
    findings: list[Finding] = []
    tags: set[str] = set()
    calls = 0
    for path in tf_files(root):
        rel = path.relative_to(root)
        if "modules" in rel.parts:
            continue
        doc = load_file(path)
        for block in blocks(doc, path, "locals", 0):
            tags |= set(block.body.get("tags") or {})
        for block in blocks(doc, path, "module", 1):
            calls += 1
            if block.body.get("tags") != "${local.tags}":
                findings.append(Finding(gate="tags", check="demo.tags.module", severity=Severity.ERROR,
                                        message=f"module {block.labels[0]} is not given local.tags", file=str(rel)))
    missing = [k for k in MANDATORY_TAGS if k not in tags]
    if missing:
        findings.append(Finding(gate="tags", check="demo.tags.keys", severity=Severity.ERROR,
                                message=f"local.tags lacks {', '.join(missing)}"))
    if not findings:
        findings.append(Finding(gate="tags", check="demo.tags.keys", severity=Severity.INFO,
                                message=f"{calls} record(s) tagged with {', '.join(MANDATORY_TAGS)}"))
    return findings
