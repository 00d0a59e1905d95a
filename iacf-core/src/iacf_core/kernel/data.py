"""Data files shipped inside a package (``<package>/data/<name>.yaml``): read once, then served from memory.

Rules that can be data are data (sizing, regions, check maps...); every plugin reads them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from .models import Stack

ENVIRONMENTS = ("dev", "staging", "prod")


@cache
def load_data(package: str, name: str) -> Any:
    """The parsed YAML file ``data/<name>`` of ``package`` (an import name), cached for the process.

    The result is shared: callers copy what they change (``dict(load_data(...)["web_app"]["prod"])``).
    """
    return yaml.safe_load(files(package).joinpath("data").joinpath(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Sizing:
    """A cloud's per-environment defaults, ``data/<name>`` of ``package``: ``{kind: {environment: {key: value}}}``,
    with ``logs.<environment>.retention_days`` for the retention of its logs. What a component gets when a value is
    not stated; every default a kind applies is recorded as a decision by the kind."""

    package: str
    name: str = "sizing.yaml"

    def table(self) -> dict[str, Any]:
        loaded: dict[str, Any] = load_data(self.package, self.name)
        return loaded

    def defaults(self, kind: str, stack: Stack) -> dict[str, Any]:
        """``kind``'s defaults in the stack's environment (a copy: the caller may change it)."""
        return dict(self.table()[kind][stack.environment])

    def retention_days(self, stack: Stack) -> int:
        """Log retention: the policy's ``[logs]`` value for the environment, else this cloud's default."""
        days = stack.policy.logs.retention_days.get(stack.environment)
        return int(days or self.table()["logs"][stack.environment]["retention_days"])

    def described(self, kind: str, key: str, unit: str = "") -> str:
        """The default of ``kind``'s ``key`` in each environment, for a parameter's description."""
        values = [self.table()[kind][env][key] for env in ENVIRONMENTS]
        shown = [f"{str(v).lower() if isinstance(v, bool) else v}{unit}" for v in values]
        if len(set(shown)) == 1:
            return f"Default: {shown[0]}."
        return "Default: " + ", ".join(f"{env} {v}" for env, v in zip(ENVIRONMENTS, shown, strict=True)) + "."
