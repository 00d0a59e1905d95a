"""Google Cloud gates: mandatory labels through the provider's ``default_labels``, no firewall rule open to the
internet, and IAM bindings without basic roles or public members."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from iacf_core import MANDATORY_TAGS, Finding, Severity, Stack
from iacf_core.toolkit.hcl import blocks, parsed_files
from iacf_core.toolkit.ingress import IngressRules, Opening, as_strings
from iacf_core.toolkit.ingress import check_ingress as core_check_ingress
from iacf_core.toolkit.tags import TagRules
from iacf_core.toolkit.tags import check_tags as core_check_tags

GOOGLE_LABELS = TagRules("google", "hashicorp/google", attribute="labels", default_tags=("default_labels",))
BASIC_ROLES = ("roles/owner", "roles/editor", "roles/viewer")
PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")
# resources holding IAM grants: a single member, or a list of members
_IAM = re.compile(r"^google_.*_iam_(member|binding|policy)$")


def label_key(tag: str) -> str:
    """A tag name as a Google Cloud label key: lowercase, words joined by underscores (CostCenter → cost_center)."""
    return re.sub(r"[^a-z0-9_-]", "_", re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", tag).lower())


def check_labels(root: Path, required: tuple[str, ...]) -> list[Finding]:
    """Every root module's ``provider "google"`` carries ``default_labels`` with the mandatory keys."""
    return core_check_tags(root, GOOGLE_LABELS, [label_key(t) for t in required])


def _ports(allow: dict[str, Any]) -> list[tuple[Any, Any]]:
    ports = allow.get("ports")
    if not ports:
        return [(0, 65535)]
    out: list[tuple[Any, Any]] = []
    for port in ports if isinstance(ports, list) else [ports]:
        low, _, high = str(port).partition("-")
        try:
            out.append((int(low), int(high or low)))
        except ValueError:
            out.append((port, port))  # an expression: never an allowed single web port
    return out


def _firewall(body: dict[str, Any]) -> list[Opening]:
    if str(body.get("direction", "INGRESS")).upper() != "INGRESS":
        return []
    sources = as_strings(body.get("source_ranges") or [])
    allows = body.get("allow") or []
    return [Opening(sources, ports) for allow in allows if isinstance(allow, dict) for ports in _ports(allow)]


INGRESS = IngressRules(readers={"google_compute_firewall": _firewall})


def check_iam(root: Path) -> list[Finding]:
    """No basic role (owner, editor, viewer) and no public member in any IAM grant (CIS GCP 1.1, 1.6; 5.1)."""
    findings: list[Finding] = []
    grants = 0
    for path, doc in parsed_files(root):
        for block in blocks(doc, path, "resource", 2):
            if not _IAM.match(block.labels[0]):
                continue
            grants += 1
            text = str(block.body)
            problems = [r for r in BASIC_ROLES if f"'{r}'" in text or f'"{r}"' in text]
            problems += [m for m in PUBLIC_MEMBERS if m in text]
            for problem in problems:
                findings.append(Finding(gate="gcp-iam", check="iacf.gcp.iam", severity=Severity.ERROR,
                                        message=f"{block.address} grants {problem}",
                                        file=str(path.relative_to(root)), resource=block.address))
    if not findings:
        findings.append(Finding(gate="gcp-iam", check="iacf.gcp.iam", severity=Severity.INFO,
                                message=f"{grants} IAM grant(s): no basic role, no public member"))
    return findings


def validate(root: Path, stack: Stack | None) -> list[Finding]:
    """The Google Cloud gates; core calls them for a ``gcp`` stack."""
    required = MANDATORY_TAGS
    if stack is not None:
        required = tuple(dict.fromkeys([*MANDATORY_TAGS, *stack.policy.tags.required]))
    return [*check_labels(root, required), *core_check_ingress(root, INGRESS), *check_iam(root)]
