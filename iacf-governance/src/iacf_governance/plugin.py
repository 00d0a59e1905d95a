"""The ``governance`` plugin: which controls a stack requires."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from iacf_core import Control, Stack, hookimpl


@cache
def catalogue() -> tuple[dict[str, Any], ...]:
    """The controls catalogue, as loaded from ``data/controls.yaml``."""
    raw = yaml.safe_load(files("iacf_governance").joinpath("data", "controls.yaml").read_text(encoding="utf-8"))
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


@hookimpl
def iacf_governance_controls(stack: Stack) -> list[Control]:
    return [
        Control(id=e["id"], title=e["title"], intent=e["intent"], severity=e.get("severity", "high"),
                references=list(e.get("references", [])))
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
        "| control | title | severity | required when | references |",
        "|---|---|---|---|---|",
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
        refs = ", ".join(entry.get("references", []))
        lines.append(f"| `{entry['id']}` | {entry['title']} | {entry['severity']} | "
                     f"{'; '.join(parts) or 'always'} | {refs} |")
    lines.append("")
    for entry in catalogue():
        lines += [f"## `{entry['id']}` — {entry['title']}", "", entry["intent"], ""]
    return "\n".join(lines)
