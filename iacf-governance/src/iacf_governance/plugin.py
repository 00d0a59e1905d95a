"""The ``governance`` plugin: which controls a stack requires."""

from __future__ import annotations

from functools import cache
from typing import Any

from iacf_core import Control, Stack, hookimpl, load_data


@cache
def catalogue() -> tuple[dict[str, Any], ...]:
    """The controls catalogue, as loaded from ``data/controls.yaml``."""
    raw: list[dict[str, Any]] = load_data("iacf_governance", "controls.yaml")
    return tuple(raw)


def internet_facing(stack: Stack) -> bool:
    return any(c.params.get("internet_facing") for c in stack.components.values())


def is_required(entry: dict[str, Any], stack: Stack) -> bool:
    when = entry.get("when") or {}
    envs = when.get("environments")
    if envs and stack.environment not in envs:
        return False
    if when.get("internet_facing") and not internet_facing(stack):
        return False
    levels = when.get("data_classification")
    if levels and stack.spec.data_classification not in levels:
        return False
    kinds = when.get("kinds")
    if kinds and not any(stack.by_kind(k) for k in kinds):
        return False
    return True


CLOUD_TITLES = {"aws": "AWS", "azure": "Azure", "gcp": "Google Cloud"}


def references(entry: dict[str, Any], cloud: str) -> list[str]:
    """The benchmark items ``entry`` cites for ``cloud`` (none for a cloud the catalogue does not know yet)."""
    return list((entry.get("references") or {}).get(cloud, []))


@hookimpl
def iacf_governance_controls(stack: Stack) -> list[Control]:
    return [
        Control(id=e["id"], title=e["title"], intent=e["intent"], severity=e.get("severity", "high"),
                references=references(e, stack.cloud))
        for e in catalogue()
        if is_required(e, stack)
    ]


def reference_markdown() -> str:
    """The controls reference page (docs/controls.md), generated from the catalogue so it cannot drift."""
    lines = [
        "# Governance controls reference",
        "",
        "Generated from `iacf-governance/src/iacf_governance/data/controls.yaml` by",
        "`python -m iacf_governance.docs > docs/controls.md`; a test fails when this page is out of date.",
        "",
        "References per cloud: CIS AWS Foundations v3.0.0 and AWS Well-Architected (WA); Microsoft cloud security",
        "benchmark v1 (MCSB) and the Azure Well-Architected Framework (Azure WAF); CIS Google Cloud Platform",
        "Foundation v3.0.0 and the Google Cloud Architecture Framework (GCP AF). A generated project's DECISIONS.md",
        "shows its own cloud's.",
        "",
        "| control | title | severity | required when | " + " | ".join(CLOUD_TITLES.values()) + " |",
        "|---|---|---|---|" + "---|" * len(CLOUD_TITLES),
    ]
    for entry in catalogue():
        when = entry.get("when") or {}
        parts = []
        if when.get("environments"):
            parts.append("environment in " + ", ".join(when["environments"]))
        if when.get("internet_facing"):
            parts.append("an entry point is internet-facing")
        if when.get("kinds"):
            parts.append("the stack has " + " or ".join(f"`{k}`" for k in when["kinds"]))
        if when.get("data_classification"):
            parts.append("data is " + " or ".join(when["data_classification"]))
        refs = " | ".join(", ".join(references(entry, cloud)) for cloud in CLOUD_TITLES)
        lines.append(f"| `{entry['id']}` | {entry['title']} | {entry['severity']} | "
                     f"{'; '.join(parts) or 'always'} | {refs} |")
    lines.append("")
    for entry in catalogue():
        lines += [f"## `{entry['id']}` — {entry['title']}", "", entry["intent"], ""]
    return "\n".join(lines)
