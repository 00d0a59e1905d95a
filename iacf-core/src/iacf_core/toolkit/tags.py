"""The tags gate, cloud-blind: every taggable resource carries the mandatory tags.

A cloud describes its provider (:class:`TagRules`): the local name, the per-resource tag argument (``tags``, or
``labels`` on google) and the provider-level default-tags mechanism, if it has one (``default_tags { tags }`` on
aws, ``default_labels`` on google, none on azurerm). Where a provider block tags everything, the gate checks that
block in every root module; where it does not, it reads which resource types are taggable from the provider's
schema (:mod:`.provider_schema`: the real provider when installed, else the offline schema) and checks every
resource of those types.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..kernel.models import Finding, Severity
from .hcl import Block, blocks, parsed_files
from .provider_schema import SchemaAnswer, resource_types_with


@dataclass(frozen=True)
class TagRules:
    """How one provider tags: ``default_tags`` is the path, inside its provider block, of the map applied to
    every resource (empty when the provider has no such mechanism); ``source`` is its registry address."""

    provider: str
    source: str
    attribute: str = "tags"
    default_tags: tuple[str, ...] = ()

    @property
    def mechanism(self) -> str:
        return self.default_tags[0] if self.default_tags else ""


Taggable = Callable[[TagRules], SchemaAnswer | None]


def _from_schema(rules: TagRules) -> SchemaAnswer | None:
    return resource_types_with(rules.provider, rules.source, rules.attribute)


def _documents(root: Path) -> list[tuple[Path, dict[str, Any]]]:
    return parsed_files(root)


def check_tags(root: Path, rules: TagRules, required: Collection[str],
               taggable: Taggable = _from_schema) -> list[Finding]:
    """The mandatory ``required`` tags: on the provider blocks where the provider tags every resource, else on
    every resource whose type the schema says is taggable (``taggable`` answers that; tests pass their own)."""
    docs = _documents(root)
    if rules.default_tags:
        return _check_defaults(root, docs, rules, tuple(required))
    return _check_resources(root, docs, rules, tuple(required), taggable(rules))


def _check_defaults(root: Path, docs: list[tuple[Path, dict[str, Any]]], rules: TagRules,
                    required: tuple[str, ...]) -> list[Finding]:
    findings: list[Finding] = []
    providers = 0
    for path, doc in docs:
        rel = path.relative_to(root)
        if "modules" in rel.parts:
            continue
        for block in blocks(doc, path, "provider", 1):
            if block.labels[0] != rules.provider:
                continue
            providers += 1
            tags = _default_tags(block, rules.default_tags, required)
            missing = [k for k in required if k not in tags]
            if missing:
                findings.append(Finding(
                    gate="tags", check="iacf.tags.default-tags", severity=Severity.ERROR,
                    message=f"provider {rules.provider} ({block.body.get('alias', 'default')}) {rules.mechanism} "
                            f"lack: {', '.join(missing)}",
                    file=str(rel),
                ))
    if providers == 0:
        findings.append(Finding(gate="tags", check="iacf.tags.no-provider", severity=Severity.ERROR,
                                message=f"no provider \"{rules.provider}\" block in a root module: nothing applies "
                                        f"{rules.mechanism}"))
    elif not findings:
        findings.append(Finding(gate="tags", check="iacf.tags.default-tags", severity=Severity.INFO,
                                message=f"{providers} {rules.provider} provider block(s) tag every resource with "
                                        f"{', '.join(required)}"))
    return findings


def _default_tags(block: Block, path: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Any]:
    """The map at ``path`` in a provider block (nested blocks parse as one-element lists)."""
    value: Any = block.body
    for key in path:
        if isinstance(value, list):
            value = value[0] if value else {}
        value = value.get(key, {}) if isinstance(value, dict) else {}
    if isinstance(value, str):  # a single expression such as local.tags: the keys it names
        return {k: True for k in required if k in value}
    return value if isinstance(value, dict) else {}


def _check_resources(root: Path, docs: list[tuple[Path, dict[str, Any]]], rules: TagRules,
                     required: tuple[str, ...], answer: SchemaAnswer | None) -> list[Finding]:
    if answer is None:
        return [Finding(gate="tags", check="iacf.tags.schema", severity=Severity.WARNING,
                        message=f"the {rules.provider} provider schema is not available here (neither installed "
                                "nor built offline): which resources take tags is unknown, none was checked")]
    findings: list[Finding] = []
    checked = 0
    for path, doc in docs:
        for block in blocks(doc, path, "resource", 2):
            if block.labels[0] not in answer.types:
                continue
            checked += 1
            value = block.body.get(rules.attribute)
            if value is None:
                problem = f"has no {rules.attribute}"
            elif isinstance(value, dict) and (missing := [k for k in required if k not in value]):
                problem = f"{rules.attribute} lack: {', '.join(missing)}"
            else:
                continue  # a literal map with every key, or an expression (var.tags, merge(...)) passed down
            findings.append(Finding(gate="tags", check="iacf.tags.resource", severity=Severity.ERROR,
                                    message=f"{block.address} {problem} (taggable per {answer.origin})",
                                    file=str(path.relative_to(root)), resource=block.address))
    if not findings:
        findings.append(Finding(gate="tags", check="iacf.tags.resource", severity=Severity.INFO,
                                message=f"{checked} taggable resource(s) set {rules.attribute} (taggable per "
                                        f"{answer.origin})"))
    return findings
