"""Arguments a binding typed ``any``: accept, for one run, the block structure the configuration writes.

The generators stop recursing into very deep block trees (``aws_wafv2_web_acl.rule.statement``, QuickSight
definitions) and type them ``any``: the schema then holds a ``dynamic`` attribute where the provider has nested
blocks, and ``statement { ... }`` would be refused. For each such argument the configuration uses as a block, the
run's stub declares the blocks and arguments written there (arguments typed ``dynamic``); the report says their
content was not checked.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import hcl2

from ..hcl import tf_files
from .schema import ProviderSchema

Json = dict[str, Any]
_SECTIONS = {"resource": "resource_schemas", "data": "data_source_schemas", "ephemeral": "ephemeral_resource_schemas"}
_META = {"__is_block__", "dynamic"}


def _label(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _config_bodies(root: Path) -> list[tuple[str, str, Json]]:
    """``(section, type, body)`` of every resource, data source and ephemeral resource under ``root``."""
    found = []
    for path in tf_files(root):
        try:
            data = hcl2.loads(path.read_text(encoding="utf-8"))
        except Exception:  # noqa: BLE001, S112 - python-hcl2 raises lark errors of several types; terraform reports them
            continue
        for keyword, section in _SECTIONS.items():
            for block in data.get(keyword, []):
                for type_label, named in block.items():
                    for body in named.values() if isinstance(named, dict) else []:
                        if isinstance(body, dict):
                            found.append((section, _label(type_label), body))
    return found


def _instances(body: Json, name: str) -> list[Json]:
    """The bodies of the blocks called ``name`` in ``body``, ``dynamic "name"`` contents included."""
    out = [v for v in body.get(name, []) if isinstance(v, dict) and v.get("__is_block__")] \
        if isinstance(body.get(name), list) else []
    for dynamic in body.get("dynamic", []) or []:
        for label, spec in dynamic.items() if isinstance(dynamic, dict) else []:
            if _label(label) == name and isinstance(spec, dict):
                out += [c for c in spec.get("content", []) if isinstance(c, dict)]
    return out


def _shape(bodies: list[Json]) -> Json:
    """A block schema declaring what ``bodies`` write: nested blocks as lists, arguments as ``dynamic``."""
    attributes: Json = {}
    blocks: dict[str, list[Json]] = {}
    for body in bodies:
        for key, value in body.items():
            if key in _META:
                continue
            inner = _instances(body, key)
            if inner:
                blocks.setdefault(key, []).extend(inner)
            elif not (isinstance(value, list) and value and isinstance(value[0], dict) and "__is_block__" in value[0]):
                attributes[key] = {"type": "dynamic", "optional": True}
        for dynamic in body.get("dynamic", []) or []:
            for label in dynamic if isinstance(dynamic, dict) else []:
                blocks.setdefault(_label(label), []).extend(_instances(body, _label(label)))
    shape: Json = {}
    if attributes:
        shape["attributes"] = attributes
    if blocks:
        shape["block_types"] = {n: {"nesting_mode": "list", "block": _shape(b)} for n, b in sorted(blocks.items())}
    return shape


def _at(bodies: list[Json], segments: list[str]) -> list[Json]:
    for name in segments:
        bodies = [inner for body in bodies for inner in _instances(body, name)]
    return bodies


def opaque_patches(root: Path, schema: ProviderSchema) -> tuple[dict[str, dict[str, Json]], list[str]]:
    """``({section: {type: schema}}, notes)`` declaring the block structure written at opaque arguments."""
    opaque = schema.opaque
    if not opaque:
        return {}, []
    used: dict[tuple[str, str], list[Json]] = {}
    for section, type_name, body in _config_bodies(root):
        if opaque.get(section, {}).get(type_name):
            used.setdefault((section, type_name), []).append(body)
    patches: dict[str, dict[str, Json]] = {}
    notes: list[str] = []
    loaded: Json | None = None
    for (section, type_name), bodies in sorted(used.items()):
        for path in opaque[section][type_name]:
            segments = path.split(".")
            written = _at(bodies, segments)
            if not written:
                continue
            if loaded is None:
                loaded = schema.load()
            entry = patches.setdefault(section, {}).get(type_name) or copy.deepcopy(loaded[section][type_name])
            patches[section][type_name] = entry
            block = entry["block"]
            for name in segments[:-1]:
                block = block["block_types"][name]["block"]
            block.get("attributes", {}).pop(segments[-1], None)
            block.setdefault("block_types", {})[segments[-1]] = {"nesting_mode": "list", "block": _shape(written)}
            notes.append(f"{type_name}.{path}: the schema package does not describe this block's structure "
                         "(typed `any`); its content is accepted as written, not checked")
    return patches, notes
