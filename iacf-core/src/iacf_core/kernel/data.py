"""Data files shipped inside a package (``<package>/data/<name>.yaml``): read once, then served from memory.

Rules that can be data are data (sizing, regions, check maps...); every plugin reads them the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from .cache import TextCache

if TYPE_CHECKING:
    from .models import Stack

ENVIRONMENTS = ("dev", "staging", "prod")


@cache
def _kept() -> TextCache:
    """The parsed documents, kept as JSON (which reads in a fraction of the time), per release of PyYAML. The
    release is told by its installed files, so that a document kept is served without importing PyYAML."""
    spec = find_spec("yaml")
    try:
        found = os.stat(spec.origin) if spec is not None and spec.origin else None
    except OSError:
        found = None
    release = f"pyyaml-{found.st_size}-{found.st_mtime_ns}" if found is not None else "pyyaml-unknown"
    return TextCache("data", release)


def parse_yaml(text: str) -> Any:
    """Safe-load trusted YAML shipped in a package (user input has its own, stricter loader); the document is
    kept in the cache folder for the next process."""
    document = _kept().get(text)
    if document is None:
        import yaml

        # libyaml's loader when PyYAML has it: the same documents, over ten times faster
        loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        document = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
        _kept().put(text, document)
    return document


@cache
def load_data(package: str, name: str) -> Any:
    """The parsed YAML file ``data/<name>`` of ``package`` (an import name), cached for the process.

    The result is shared: callers copy what they change (``dict(load_data(...)["web_app"]["prod"])``).
    """
    return parse_yaml(files(package).joinpath("data").joinpath(name).read_text(encoding="utf-8"))


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
