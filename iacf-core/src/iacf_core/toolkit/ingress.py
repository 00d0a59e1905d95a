"""The ingress gate, cloud-blind: nothing open to the internet but the web ports.

A cloud lists its rule resource types, each with a reader turning a block body into :class:`Opening` s (the
sources it admits and the port range it opens); core walks every ``.tf`` file and reports the openings from
the internet (``0.0.0.0/0``, ``::/0`` or what the cloud calls it: ``*``, ``Internet``) beyond 80 and 443.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..kernel.models import Finding, Severity
from .hcl import HclError, blocks, load_file, tf_files

OPEN_SOURCES = frozenset({"0.0.0.0/0", "::/0"})
WEB_PORTS = frozenset({80, 443})
CHECK = "iacf.ingress.open"


@dataclass(frozen=True)
class Opening:
    """One ingress rule as written: the sources it admits and its port range (``from``, ``to``)."""

    sources: frozenset[str]
    ports: tuple[Any, Any]


IngressReader = Callable[[dict[str, Any]], Iterable[Opening]]


@dataclass(frozen=True)
class IngressRules:
    """What a cloud tells the gate: rule resource type → reader; which sources mean "the internet"; which ports
    a public load balancer may open to it."""

    readers: Mapping[str, IngressReader]
    open_sources: Collection[str] = OPEN_SOURCES
    allowed_ports: Collection[int] = WEB_PORTS
    allowed_label: str = "80 and 443 on a public load balancer"
    open_label: str = "0.0.0.0/0 or ::/0"


def as_strings(value: Any) -> frozenset[str]:
    """A source argument as a set of strings (a single value, a list, or nothing)."""
    if value is None:
        return frozenset()
    if isinstance(value, (list, tuple, set)):
        return frozenset(str(v) for v in value)
    return frozenset({str(value)})


def check_ingress(root: Path, rules: IngressRules) -> list[Finding]:
    """Every rule of a listed type opened to the internet must be a single allowed port."""
    findings: list[Finding] = []
    count = 0
    for path in tf_files(root):
        try:
            doc = load_file(path)
        except (HclError, UnicodeDecodeError):
            continue  # reported by the core HCL gate
        for block in blocks(doc, path, "resource", 2):
            reader = rules.readers.get(block.labels[0])
            for opening in reader(block.body) if reader else ():
                count += 1
                if opening.sources & set(rules.open_sources) and not _allowed(opening.ports, rules):
                    low, high = opening.ports
                    findings.append(Finding(
                        gate="ingress", check=CHECK, severity=Severity.ERROR,
                        message=f"ingress from the internet on ports {low}-{high}: only {rules.allowed_label} "
                                f"may be open to {rules.open_label}",
                        file=str(path.relative_to(root)), resource=block.address,
                    ))
    if not findings:
        ports = "/".join(str(p) for p in sorted(rules.allowed_ports))
        findings.append(Finding(gate="ingress", check=CHECK, severity=Severity.INFO,
                                message=f"{count} ingress rule(s): none open to the internet beyond {ports}"))
    return findings


def _allowed(ports: tuple[Any, Any], rules: IngressRules) -> bool:
    low, high = ports
    return isinstance(low, int) and isinstance(high, int) and low == high and low in rules.allowed_ports
