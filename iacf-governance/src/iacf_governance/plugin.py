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
