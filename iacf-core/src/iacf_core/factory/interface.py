"""A module's interface read with python-hcl2, the semver diff between two versions, and the README tables."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..toolkit.hcl import HclError, blocks, load_text

BEGIN_DOCS = "<!-- BEGIN_TF_DOCS -->"
END_DOCS = "<!-- END_TF_DOCS -->"


@dataclass(frozen=True)
class Variable:
    name: str
    type: str | None
    description: str | None
    required: bool
    default: Any = None


@dataclass(frozen=True)
class Output:
    name: str
    description: str | None


@dataclass
class Interface:
    """What callers of a module depend on, plus what the structure checks and the docs need."""

    variables: dict[str, Variable] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)
    resources: list[str] = field(default_factory=list)  # managed resource addresses, e.g. aws_kms_key.this
    data_sources: list[str] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)  # (from, to)
    required_version: str | None = None
    providers: dict[str, str | None] = field(default_factory=dict)  # local name → version constraint

    def summary(self) -> dict[str, Any]:
        """The interface summary written to ``iacf-module.yaml``."""
        return {
            "inputs": [{"name": v.name, "type": v.type, "required": v.required}
                       for v in sorted(self.variables.values(), key=lambda v: v.name)],
            "outputs": sorted(self.outputs),
        }


def _expr(value: Any) -> str:
    """An HCL expression as python-hcl2 returns it, without the ``${...}`` wrapper."""
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    if text.startswith("${") and text.endswith("}"):
        text = text[2:-1]
    return re.sub(r"\s+", " ", text).strip()


def _type_key(type_expr: str | None) -> str:
    """A type constraint compared without layout: ``object({a = string})`` equals ``object({ a = string })``."""
    return re.sub(r"\s+", "", type_expr or "any")


def read_interface(files: dict[str, str]) -> Interface:
    """Read the top-level ``*.tf`` files of a module (``path → text``). Raises HclError on invalid HCL."""
    iface = Interface()
    for path in sorted(files):
        if "/" in path or not path.endswith(".tf"):
            continue
        try:
            doc = load_text(files[path])
        except HclError as exc:
            raise HclError(f"{path}: {exc}") from exc
        for block in blocks(doc, None, "variable", 1):
            name = block.labels[0]
            body = block.body
            iface.variables[name] = Variable(
                name=name,
                type=_expr(body["type"]) if "type" in body else None,
                description=body.get("description") if isinstance(body.get("description"), str) else None,
                required="default" not in body,
                default=body.get("default"),
            )
        for block in blocks(doc, None, "output", 1):
            desc = block.body.get("description")
            iface.outputs[block.labels[0]] = Output(block.labels[0], desc if isinstance(desc, str) else None)
        iface.resources.extend(b.address for b in blocks(doc, None, "resource", 2))
        iface.data_sources.extend(b.address for b in blocks(doc, None, "data", 2))
        for entry in doc.get("moved", []):
            if isinstance(entry, dict) and "from" in entry and "to" in entry:
                iface.moved.append((_expr(entry["from"]), _expr(entry["to"])))
        for block in blocks(doc, None, "terraform", 0):
            if isinstance(block.body.get("required_version"), str):
                iface.required_version = block.body["required_version"]
            for providers in block.body.get("required_providers", []) or []:
                for local, conf in (providers or {}).items():
                    version = conf.get("version") if isinstance(conf, dict) else None
                    iface.providers[local] = version if isinstance(version, str) else None
    iface.resources.sort()
    iface.data_sources.sort()
    return iface


@dataclass
class Diff:
    """The interface changes between the latest release and a candidate, and the bump they require."""

    bump: str | None  # major, minor, patch, or None when nothing changed at all
    reasons: list[str]


def diff(old: Interface, new: Interface, content_changed: bool) -> Diff:
    """Semver rules: removed/renamed variable or output, changed type, new required variable → major;
    new optional variable or new output → minor; any other change → patch; nothing changed → None."""
    major: list[str] = []
    minor: list[str] = []
    for name in sorted(old.variables):
        if name not in new.variables:
            major.append(f"variable {name} removed or renamed")
            continue
        before, after = old.variables[name], new.variables[name]
        if _type_key(before.type) != _type_key(after.type):
            major.append(f"variable {name} type changed from {before.type or 'any'} to {after.type or 'any'}")
        if after.required and not before.required:
            major.append(f"variable {name} lost its default (now required)")
    for name in sorted(new.variables):
        if name not in old.variables:
            if new.variables[name].required:
                major.append(f"new required variable {name}")
            else:
                minor.append(f"new optional variable {name}")
    for name in sorted(old.outputs):
        if name not in new.outputs:
            major.append(f"output {name} removed or renamed")
    for name in sorted(new.outputs):
        if name not in old.outputs:
            minor.append(f"new output {name}")
    if major:
        return Diff("major", major + minor)
    if minor:
        return Diff("minor", minor)
    if content_changed:
        return Diff("patch", ["implementation changed; interface unchanged"])
    return Diff(None, [])


def unmoved_renames(old: Interface, new: Interface) -> list[str]:
    """Resources that disappeared while a resource of the same type appeared, with no ``moved`` block.

    Upgrading callers would destroy and re-create them: a new version must carry ``moved { from, to }``.
    """
    moved_from = {src for src, _ in new.moved}
    gone = [a for a in old.resources if a not in new.resources and a not in moved_from]
    added = [a for a in new.resources if a not in old.resources]
    problems = []
    for address in gone:
        rtype = address.split(".")[0]
        candidates = [a for a in added if a.split(".")[0] == rtype]
        if candidates:
            problems.append(f"resource {address} was renamed or moved to {candidates[0]} without a moved block "
                            f"(add moved {{ from = {address}  to = {candidates[0]} }})")
    return problems


# -- README tables (terraform-docs markdown table format) -----------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _default(value: Any) -> str:
    if isinstance(value, str):
        return f"`{_cell(json.dumps(value))}`" if not value.startswith("${") else f"`{_cell(_expr(value))}`"
    return f"`{_cell(json.dumps(value, sort_keys=True))}`"


def docs_block(iface: Interface) -> str:
    """The block between the terraform-docs markers, generated from the HCL."""
    lines = [BEGIN_DOCS, "## Requirements", "", "| Name | Version |", "|------|---------|"]
    if iface.required_version:
        lines.append(f"| terraform | {_cell(iface.required_version)} |")
    for name in sorted(iface.providers):
        lines.append(f"| {name} | {_cell(iface.providers[name] or 'n/a')} |")
    lines += ["", "## Resources", "", "| Kind | Name |", "|------|------|"]
    lines += [f"| [resource] | `{a}` |" for a in iface.resources]
    lines += [f"| [data source] | `{a}` |" for a in iface.data_sources]
    lines += ["", "## Inputs", "", "| Name | Description | Type | Default | Required |",
              "|------|-------------|------|---------|:--------:|"]
    ordered = sorted(iface.variables.values(), key=lambda v: (not v.required, v.name))
    for v in ordered:
        default = "n/a" if v.required else _default(v.default)
        lines.append(f"| `{v.name}` | {_cell(v.description or '')} | `{_cell(v.type or 'any')}` | {default} | "
                     f"{'yes' if v.required else 'no'} |")
    lines += ["", "## Outputs", "", "| Name | Description |", "|------|-------------|"]
    lines += [f"| `{o.name}` | {_cell(o.description or '')} |" for o in sorted(iface.outputs.values(),
                                                                                  key=lambda o: o.name)]
    lines.append(END_DOCS)
    return "\n".join(lines) + "\n"


def with_docs(readme: str, iface: Interface) -> str:
    """``readme`` with its terraform-docs block replaced (or appended) by the one generated from the HCL."""
    block = docs_block(iface)
    start, end = readme.find(BEGIN_DOCS), readme.find(END_DOCS)
    if start >= 0 and end > start:
        tail = readme[end + len(END_DOCS):]
        return readme[:start] + block.rstrip("\n") + (tail if tail.strip() else "\n")
    return readme.rstrip("\n") + "\n\n" + block
