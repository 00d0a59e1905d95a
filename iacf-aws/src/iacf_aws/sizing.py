"""The product's per-environment defaults (``data/sizing.yaml``): what a component gets when a value is not stated."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from iacf_core import Stack

ENVIRONMENTS = ("dev", "staging", "prod")


@cache
def sizing() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(
        files("iacf_aws").joinpath("data", "sizing.yaml").read_text(encoding="utf-8")
    )
    return loaded


def env_defaults(kind: str, stack: Stack) -> dict[str, Any]:
    return dict(sizing()[kind][stack.environment])


def described(kind: str, key: str, unit: str = "") -> str:
    """The default of ``kind``'s ``key`` in each environment, for a parameter's description."""
    values = [sizing()[kind][env][key] for env in ENVIRONMENTS]
    shown = [f"{str(v).lower() if isinstance(v, bool) else v}{unit}" for v in values]
    if len(set(shown)) == 1:
        return f"Default: {shown[0]}."
    return "Default: " + ", ".join(f"{env} {v}" for env, v in zip(ENVIRONMENTS, shown, strict=True)) + "."
