"""The product's per-environment defaults on Google Cloud (``data/sizing.yaml``)."""

from __future__ import annotations

from typing import Any

from iacf_core import Stack
from iacf_core.data import load_data

ENVIRONMENTS = ("dev", "staging", "prod")


def sizing() -> dict[str, Any]:
    loaded: dict[str, Any] = load_data("iacf_gcp", "sizing.yaml")
    return loaded


def env_defaults(kind: str, stack: Stack) -> dict[str, Any]:
    return dict(sizing()[kind][stack.environment])


def retention_days(stack: Stack) -> int:
    """Audit log retention: the policy's value for the environment, else the product default."""
    days = stack.policy.logs.retention_days.get(stack.environment)
    return int(days or sizing()["logs"][stack.environment]["retention_days"])


def described(kind: str, key: str, unit: str = "") -> str:
    """The default of ``kind``'s ``key`` in each environment, for a parameter's description."""
    shown = [f"{sizing()[kind][env][key]}{unit}" for env in ENVIRONMENTS]
    if len(set(shown)) == 1:
        return f"Default: {shown[0]}."
    return "Default: " + ", ".join(f"{env} {v}" for env, v in zip(ENVIRONMENTS, shown, strict=True)) + "."
