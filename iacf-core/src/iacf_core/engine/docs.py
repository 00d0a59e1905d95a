"""README.md and DECISIONS.md of a generated project, rendered from the Stack so they cannot drift."""

from __future__ import annotations

import bisect
import re
from typing import Any

from ..kernel.models import CheckovSkip, RenderedFile, Stack
from ..kernel.rendering import Renderer
from ..toolkit.addresses import Address, Code, select
from ..toolkit.hcl import HclError, blocks, load_text

_SKIP = re.compile(r"checkov:skip=(?P<check>[A-Z0-9_]+)(?::(?P<reason>.*))?")  # the reason: the rest of its line
# a line opening a resource or a module block (blanks within the line only)
_HEADER = re.compile(r'^[^\S\n]*(?:resource[^\S\n]+"(?P<type>[^"\n]+)"[^\S\n]+"(?P<name>[^"\n]+)"'
                     r'|module[^\S\n]+"(?P<module>[^"\n]+)")', re.M)
# a line that may open a variable or output block: a file with none declares neither, and is not parsed (parsing
# HCL costs far more than rendering it; main.tf, the largest file, holds neither)
_INTERFACE_BLOCK = re.compile(r"^\s*(?:variable|output)\b", re.M)


def checkov_skips(files: list[RenderedFile]) -> list[CheckovSkip]:
    """Every inline ``checkov:skip`` in the rendered files, with the resource it sits in (the last resource or
    module block opened on or before its line)."""
    skips = []
    for f in files:
        if not f.path.endswith(".tf") or "checkov:skip" not in f.content:
            continue  # a file without a skip has nothing to list
        headers = [(m.start(), f"{m['type']}.{m['name']}" if m["type"] else f"module.{m['module']}")
                   for m in _HEADER.finditer(f.content)]
        starts = [start for start, _name in headers]
        for match in _SKIP.finditer(f.content):
            at = bisect.bisect_right(starts, match.start())
            skips.append(CheckovSkip(check=match.group("check"), resource=headers[at - 1][1] if at else "",
                                     file=f.path, reason=(match.group("reason") or "").strip()))
    return sorted(skips, key=lambda s: (s.file, s.resource, s.check))


_DECLARES = re.compile(r"^\s*(variable|output)\b", re.MULTILINE)  # a line that may open such a block


def interface(files: list[RenderedFile], prefix: str = "") -> dict[str, list[dict[str, Any]]]:
    """Variables and outputs declared at the root (or under ``prefix``), for documentation tables."""
    variables: list[dict[str, Any]] = []
    outputs: list[dict[str, Any]] = []
    for f in files:
        folder, _, name = f.path.rpartition("/")
        if folder != prefix.rstrip("/") or not name.endswith(".tf") or not _INTERFACE_BLOCK.search(f.content):
            continue
        if "/*" not in f.content and not _DECLARES.search(f.content):
            continue  # no block can start on any line: parsing the text (slow) would find nothing
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


def affected(stack: Stack, owned: dict[str, list[RenderedFile]], project: list[RenderedFile],
             files: list[RenderedFile]) -> dict[str, list[Address]]:
    """Decision id → the exact resource addresses it produced or configured, read from the rendered HCL.

    A decision's patterns (``Decision.resources``; ``{component}`` stands for each of its components) are matched
    in the code of its components (in the whole project when it names none); a decision with no pattern that
    added components lists everything they declare.
    """
    code = Code(files)
    per_component = {cid: code.declared(pieces) for cid, pieces in owned.items()}
    everything = sorted({*code.declared(project), *(a for found in per_component.values() for a in found)})
    added: dict[str, list[str]] = {}
    for comp in stack.components.values():
        if comp.provenance.decision:
            added.setdefault(comp.provenance.decision, []).append(comp.id)
    result = {}
    for d in stack.decisions:
        found: set[Address] = set()
        if d.components:
            for cid in d.components:
                found.update(select(per_component.get(cid, []), [p.replace("{component}", cid) for p in d.resources]))
        else:
            found.update(select(everything, [p for p in d.resources if "{component}" not in p]))
        for cid in added.get(d.id, []) if not d.resources else ():
            found.update(per_component.get(cid, []))
        result[d.id] = sorted(found)
    return result


def _by_root(addresses: list[Address]) -> list[tuple[str, list[str]]]:
    roots: dict[str, list[str]] = {}
    for a in addresses:
        roots.setdefault(a.root, []).append(a.address)
    return sorted(roots.items())


def decisions_md(stack: Stack, files: list[RenderedFile], renderer: Renderer,
                 addresses: dict[str, list[Address]] | None = None) -> RenderedFile:
    skips = checkov_skips(files)
    resources = {cid: _by_root(found) for cid, found in (addresses or {}).items() if found}
    return renderer.file("DECISIONS.md", "core/DECISIONS.md.j2", stack=stack, skips=skips, resources=resources)


def readme_md(stack: Stack, files: list[RenderedFile], renderer: Renderer, sections: str) -> RenderedFile:
    return renderer.file(
        "README.md", "core/README.md.j2", stack=stack, iface=interface(files), diagram=mermaid(stack),
        sections=sections.strip(), paths=sorted(f.path for f in files),
        modules=sorted({f.path.split("/")[1] for f in files if f.path.startswith("modules/") and f.path.count("/") > 1
                        }),
    )


def vendored_modules(stack: Stack, files: list[RenderedFile]) -> dict[str, dict[str, str]]:
    """Each folder of ``modules/``: its cloud, the content hash of its files as generated and, when a factory
    provided it, its release tag; ``iacf publish`` finds the release a project's module came from with it."""
    from ..toolkit.modules import MANIFEST, FactoryError, content_hash, load_manifest, tag_name

    folders: dict[str, dict[str, str]] = {}
    for f in files:
        parts = f.path.split("/", 2)
        if len(parts) == 3 and parts[0] == "modules" and f.encoding == "utf-8":
            folders.setdefault(parts[1], {})[parts[2]] = f.content
    records = {}
    for name, content in sorted(folders.items()):
        record = {"cloud": stack.cloud, "hash": content_hash(content)}
        if MANIFEST in content:
            try:
                m = load_manifest(content[MANIFEST], f"modules/{name}/{MANIFEST}")
                record["release"] = tag_name(m.cloud, m.name, m.version)
            except FactoryError:
                pass  # a module with an unreadable manifest is found by its hash
        records[name] = record
    return records


def manifest(stack: Stack, files: list[RenderedFile] | None = None) -> RenderedFile:
    """``.iacf/manifest.json``: what was asked, which controls the project must keep implementing, and where
    each vendored module came from.

    ``iacf validate`` reads it to run the governance coverage gate on a project it did not just generate;
    ``iacf publish`` and ``iacf harvest`` read the ``modules`` records.
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
        "modules": vendored_modules(stack, files or []),
    }
    return RenderedFile(path=".iacf/manifest.json", content=json.dumps(data, indent=2, sort_keys=True) + "\n")
