"""README.md and DECISIONS.md of a generated project, rendered from the Stack so they cannot drift."""

from __future__ import annotations

import re
from typing import Any

from .hcl import HclError, blocks, load_text
from .models import CheckovSkip, RenderedFile, Stack
from .rendering import Renderer

_SKIP = re.compile(r"checkov:skip=(?P<check>[A-Z0-9_]+)(?::(?P<reason>.*))?")
_RESOURCE = re.compile(r'^\s*resource\s+"(?P<type>[^"]+)"\s+"(?P<name>[^"]+)"')
_MODULE = re.compile(r'^\s*module\s+"(?P<name>[^"]+)"')


def checkov_skips(files: list[RenderedFile]) -> list[CheckovSkip]:
    """Every inline ``checkov:skip`` in the rendered files, with the resource it sits in."""
    skips = []
    for f in files:
        if not f.path.endswith(".tf"):
            continue
        current = ""
        for line in f.content.splitlines():
            res = _RESOURCE.match(line)
            if res:
                current = f"{res.group('type')}.{res.group('name')}"
            mod = _MODULE.match(line)
            if mod:
                current = f"module.{mod.group('name')}"
            match = _SKIP.search(line)
            if match:
                skips.append(CheckovSkip(check=match.group("check"), resource=current, file=f.path,
                                         reason=(match.group("reason") or "").strip()))
    return sorted(skips, key=lambda s: (s.file, s.resource, s.check))


def interface(files: list[RenderedFile], prefix: str = "") -> dict[str, list[dict[str, Any]]]:
    """Variables and outputs declared at the root (or under ``prefix``), for documentation tables."""
    variables: list[dict[str, Any]] = []
    outputs: list[dict[str, Any]] = []
    for f in files:
        folder, _, name = f.path.rpartition("/")
        if folder != prefix.rstrip("/") or not name.endswith(".tf"):
            continue
        try:
            doc = load_text(f.content)
        except HclError:
            continue
        for block in blocks(doc, None, "variable", 1):
            body = block.body
            variables.append({
                "name": block.labels[0],
                "type": _short(body.get("type", "any")),
                "description": body.get("description", ""),
                "default": _short(body["default"]) if "default" in body else None,
                "required": "default" not in body,
                "sensitive": bool(body.get("sensitive", False)),
            })
        for block in blocks(doc, None, "output", 1):
            outputs.append({"name": block.labels[0], "description": block.body.get("description", "")})
    return {"variables": sorted(variables, key=lambda v: v["name"]),
            "outputs": sorted(outputs, key=lambda o: o["name"])}


def _short(value: Any) -> str:
    text = str(value).replace("${", "").replace("}", "") if isinstance(value, str) else repr(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, (list, dict)):
        import json

        text = json.dumps(value, sort_keys=True)
    return text.replace("|", "\\|").replace("\n", " ")


def mermaid(stack: Stack) -> str:
    lines = ["flowchart LR"]
    for comp in sorted(stack.components.values(), key=lambda c: c.id):
        label = comp.params.get("label") or comp.kind.replace("_", " ")
        lines.append(f'  {comp.id}["{comp.id}<br/>{label}"]')
    exposed = sorted(c.id for c in stack.components.values() if c.params.get("internet_facing"))
    if exposed:
        lines.insert(1, "  internet((Internet))")
        lines.extend(f"  internet --> {cid}" for cid in exposed)
    for comp in sorted(stack.components.values(), key=lambda c: c.id):
        for target in sorted(comp.connects_to):
            if target in stack.components:
                levels = ", ".join(c.access for c in stack.grants(comp.id, target))
                lines.append(f"  {comp.id} -->|{levels}| {target}" if levels else f"  {comp.id} --> {target}")
        for dep in sorted(comp.depends_on):
            if dep in stack.components and dep not in comp.connects_to:
                lines.append(f"  {comp.id} -.-> {dep}")
    return "\n".join(lines)


def decisions_md(stack: Stack, files: list[RenderedFile], renderer: Renderer) -> RenderedFile:
    skips = checkov_skips(files)
    return renderer.file("DECISIONS.md", "core/DECISIONS.md.j2", stack=stack, skips=skips)


def readme_md(stack: Stack, files: list[RenderedFile], renderer: Renderer, sections: str) -> RenderedFile:
    return renderer.file(
        "README.md", "core/README.md.j2", stack=stack, iface=interface(files), diagram=mermaid(stack),
        sections=sections.strip(), paths=sorted(f.path for f in files),
    )


def manifest(stack: Stack) -> RenderedFile:
    """``.iacf/manifest.json``: what was asked and which controls the project must keep implementing.

    ``iacf validate`` reads it to run the governance coverage gate on a project it did not just generate.
    """
    import json

    data = {
        "generator": "iacf",
        "spec": stack.spec.model_dump(mode="json", exclude_none=True),
        "region": stack.region,
        "components": [{"id": c.id, "kind": c.kind, "source": c.provenance.source} for c in stack.ordered()],
        "controls": [c.model_dump(mode="json") for c in stack.controls],
        "implementations": [i.model_dump(mode="json", exclude_none=True) for i in stack.implementations],
        "decisions": sorted(d.id for d in stack.decisions),
    }
    return RenderedFile(path=".iacf/manifest.json", content=json.dumps(data, indent=2, sort_keys=True) + "\n")
