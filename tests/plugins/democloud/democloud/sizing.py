"""democloud's per-environment defaults (``data/sizing.yaml``)."""

from __future__ import annotations

from typing import Any

from iacf_core import Stack, load_data


def env_defaults(kind: str, stack: Stack) -> dict[str, Any]:
    return dict(load_data("democloud", "sizing.yaml")[kind][stack.environment])
