"""One CDK provider binding source file → the Terraform schema of the resource it binds.

The CDK Terrain / CDKTF generators write, for every resource, data source, ephemeral resource and the provider
itself, a TypeScript module that keeps everything Terraform's own schema said about it:

* a comment ``// <snake_name> - computed: <bool>, optional: <bool>, required: <bool>`` before every attribute
  and nested block, in the resource class and in each nested block's ``...OutputReference`` class;
* ``synthesizeHclAttributes()`` (and ``<struct>ToHclTerraform()`` per nested block) listing every argument with
  ``isBlock``, its collection ``type`` (``simple``, ``list``, ``set``, ``map``, ``struct``) and its element type;
* getters for the read-only attributes (``getStringAttribute``, ``Fn.tolist(getListAttribute(...))`` for sets,
  ``new <Struct>List(this, "name", wrapsSet)`` for lists of objects).

The published JavaScript embeds that TypeScript in its source map; :func:`typescript_of` recovers it and
:func:`parse_source` turns it into blocks shaped like ``terraform providers schema -json``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]

_SOURCE_MAP = re.compile(r"sourceMappingURL=data:application/json;base64,([A-Za-z0-9+/=]+)")
_DECL = re.compile(r"^(?:export )?(class|function|interface) (\w+)(?: extends ([\w.]+))?", re.M)
_FLAGS = re.compile(
    r"^[ \t]*// (\w+) - computed: (true|false), optional: (true|false), required: (true|false)[ \t]*$", re.M
)
_SECTION = re.compile(r"^[ \t]*// =+", re.M)
_HCL_ENTRY = re.compile(
    r"^\s*(\w+): \{\s*\n\s*value: ([^\n]*)\n\s*isBlock: (true|false),\s*\n\s*type: \"(\w+)\",\s*\n"
    r"\s*storageClassType: \"(\w+)\",", re.M
)
_TF_TYPE = re.compile(r"static (?:readonly )?tfResourceType = \"([\w-]+)\"")
_GETTER = re.compile(r"(Fn\.tolist\()?this\.(get\w*Attribute|interpolationForAttribute)\('(\w+)'\)")
_NEW = re.compile(r"new ([\w.]+)\(this, \"(\w+)\"(?:, (true|false))?\)")
_FIELD_REF = re.compile(r"struct!?\.(\w+)")
_OPTIONAL_FIELD = re.compile(r"^\s*readonly (\w+)(\??):", re.M)
_ELEMENT = re.compile(r"public get\(index: number\): (\w+)")
_LIST_MAX_ONE = re.compile(r"super\(terraformResource, terraformAttribute, false, 0\)")

_PRIMITIVES = {"string": "string", "number": "number", "boolean": "bool", "any": "dynamic"}
_GETTER_TYPES: dict[str, Any] = {
    "getStringAttribute": "string",
    "getNumberAttribute": "number",
    "getBooleanAttribute": "bool",
    "getListAttribute": ["list", "string"],
    "getNumberListAttribute": ["list", "number"],
    "getStringMapAttribute": ["map", "string"],
    "getNumberMapAttribute": ["map", "number"],
    "getBooleanMapAttribute": ["map", "bool"],
    "getAnyMapAttribute": ["map", "dynamic"],
    "interpolationForAttribute": "dynamic",
}
# the runtime's own collection classes, used for read-only maps and lists of maps
_RUNTIME_CLASS = re.compile(r"^cdkt\w*\.(String|Number|Boolean|Any)((?:Map|List)+)$")
ENTRY_BASES = ("TerraformResource", "TerraformDataSource", "TerraformEphemeralResource", "TerraformProvider")
# meta-arguments the provider class carries that are not part of the provider's schema
_PROVIDER_META = {"alias"}


class SourceError(ValueError):
    """A binding source does not have the shape the generators write."""


@dataclass(frozen=True)
class _Hcl:
    is_block: bool
    kind: str
    storage: str
    field: str = ""


@dataclass
class ParsedEntry:
    """One schema entry of a binding file: its Terraform type name, which section it belongs to, its block."""

    type_name: str
    base: str
    block: Json
    notes: list[str] = field(default_factory=list)
    opaque: list[str] = field(default_factory=list)


def typescript_of(js: str) -> str:
    """The TypeScript a compiled module was built from (its inline source map), else the JavaScript itself."""
    found = _SOURCE_MAP.search(js)
    if found is None:
        return js
    try:
        source_map = json.loads(base64.b64decode(found.group(1)))
        contents = source_map.get("sourcesContent") or []
    except (binascii.Error, ValueError):
        return js
    text = contents[0] if contents and isinstance(contents[0], str) else None
    return text if text else js


class _Source:
    """Declarations of one file, by name: class bodies (with their base) and function bodies."""

    def __init__(self, text: str) -> None:
        self.classes: dict[str, str] = {}
        self.bases: dict[str, str] = {}
        self.functions: dict[str, str] = {}
        self.interfaces: dict[str, str] = {}
        marks = list(_DECL.finditer(text))
        for i, mark in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            kind, name, base = mark.group(1), mark.group(2), mark.group(3) or ""
            body = text[mark.end():end]
            if kind == "class":
                self.classes[name] = body
                self.bases[name] = base.rsplit(".", 1)[-1]
            elif kind == "function":
                self.functions[name.lower()] = body
            else:
                self.interfaces[name] = body
        self.notes: list[str] = []
        self.opaque: list[str] = []

    def hcl_of_struct(self, struct: str) -> dict[str, _Hcl]:
        return _hcl_entries(self.functions.get(f"{struct}ToHclTerraform".lower(), ""))

    def block(self, body: str, hcl: dict[str, _Hcl], skip: frozenset[str] = frozenset(), path: str = "") -> Json:
        attributes: Json = {}
        block_types: Json = {}
        flagged = _flagged(body)
        for name in sorted(set(flagged) | set(hcl)):
            if name in skip:
                continue
            flags, segment = flagged.get(name, ((False, True, False), ""))
            entry = hcl.get(name)
            if entry is not None and entry.is_block:
                block_types[name] = self.nested_block(name, flags, entry, segment, f"{path}{name}.")
            elif entry is None and not any(flags) and (made := _made(segment, name)):
                # neither optional, required nor computed: a block of read-only values (plugin framework)
                block_types[name] = self.read_only_block(made, f"{path}{name}.")
            else:
                if entry is not None and entry.storage == "any":  # the generator typed it `any`: structure unknown
                    self.opaque.append(f"{path}{name}")
                attributes[name] = self.attribute(name, flags, entry, segment)
        block: Json = {}
        if attributes:
            block["attributes"] = attributes
        if block_types:
            block["block_types"] = block_types
        return block

    def attribute(self, name: str, flags: tuple[bool, bool, bool], entry: _Hcl | None, segment: str) -> Json:
        computed, optional, required = flags
        attr: Json = {"type": _hcl_type(entry) if entry is not None else self.read_only_type(name, segment)}
        if required:
            attr["required"] = True
        if optional:
            attr["optional"] = True
        if computed:
            attr["computed"] = True
        # providers name write-only arguments `<name>_wo` (the plugin framework and SDK design guidelines)
        if name.endswith("_wo") and not computed:
            attr["write_only"] = True
        return attr

    def nested_block(self, name: str, flags: tuple[bool, bool, bool], entry: _Hcl, segment: str, path: str) -> Json:
        made = next((m.group(1) for m in _NEW.finditer(segment) if m.group(2) == name), "")
        struct = re.sub(r"(OutputReference|List|Map)$", "", made) if made else _struct_of(entry)
        body = self.classes.get(f"{struct}OutputReference", "")
        hcl = self.hcl_of_struct(struct)
        if body:
            inner = self.block(body, hcl, path=path)
        elif struct in self.interfaces:  # provider blocks are input only: no reference class, flags from the struct
            inner = self.block(_interface_flags(self.interfaces[struct], hcl), hcl, path=path)
        else:
            self.notes.append(f"{name}: no {struct}OutputReference")
            inner = self.block("", hcl, path=path)
        nested: Json = {"block": inner}
        if entry.kind == "struct":  # one object: a single block, or a list limited to one as SDKv2 writes them
            if not _LIST_MAX_ONE.search(body):
                nested["nesting_mode"] = "single"
                return nested
            nested.update(nesting_mode="list", max_items=1)
        else:
            nested["nesting_mode"] = entry.kind
            if made.endswith("OutputReference"):  # bound as one object: the list holds at most one
                nested["max_items"] = 1
            if entry.kind == "set" and '"dynamic"' in json.dumps(inner):
                # Terraform refuses dynamic types inside set blocks: an argument typed `any` makes it a list
                nested["nesting_mode"] = "list"
                self.notes.append(f"{path.rstrip('.')}: set of blocks holding an argument typed `any`, "
                                  "served as a list")
        if flags[2] and nested["nesting_mode"] in ("list", "set"):
            nested["min_items"] = 1
        return nested

    def read_only_block(self, made: tuple[str, bool], path: str) -> Json:
        cls, wraps_set = made
        struct = re.sub(r"(OutputReference|List|Map)$", "", cls)
        inner = self.block(self.classes.get(f"{struct}OutputReference", ""), self.hcl_of_struct(struct), path=path)
        if cls.endswith("OutputReference"):
            return {"nesting_mode": "single", "block": inner}
        kind = "map" if cls.endswith("Map") else "set" if wraps_set else "list"
        return {"nesting_mode": kind, "block": inner}

    def read_only_type(self, name: str, segment: str) -> Any:
        for made in _NEW.finditer(segment):
            if made.group(2) == name:
                return self.class_type(made.group(1), made.group(3) == "true")
        for got in _GETTER.finditer(segment):
            if got.group(3) == name and got.group(2) in _GETTER_TYPES:
                typ = _GETTER_TYPES[got.group(2)]
                if got.group(1) and isinstance(typ, list) and typ[0] == "list":
                    return ["set", typ[1]]
                return typ
        self.notes.append(f"{name}: no type")
        return "dynamic"

    def class_type(self, cls: str, wraps_set: bool) -> Any:
        runtime = _RUNTIME_CLASS.match(cls)
        if runtime:
            typ: Any = _PRIMITIVES[runtime.group(1).lower()]
            for kind in re.findall("Map|List", runtime.group(2)):
                typ = [kind.lower(), typ]
            return typ
        base = self.bases.get(cls, "")
        if base == "ComplexList" and cls.endswith("List"):
            return ["set" if wraps_set else "list", self.object_type(cls[: -len("List")])]
        if base == "ComplexMap" and cls.endswith("Map"):
            return ["map", self.object_type(cls[: -len("Map")])]
        element = _ELEMENT.search(self.classes.get(cls, ""))
        if base == "MapList" and element:  # a list of lists: the element class is what get(index) returns
            return ["set" if wraps_set else "list", self.class_type(element.group(1), False)]
        if base == "ComplexObject" and cls.endswith("OutputReference"):
            return ["list", self.object_type(cls[: -len("OutputReference")])]
        self.notes.append(f"{cls}: unknown class")
        return "dynamic"

    def object_type(self, struct: str) -> Any:
        body = self.classes.get(f"{struct}OutputReference", "")
        attrs: Json = {}
        for name, (_flags, segment) in sorted(_flagged(body).items()):
            attrs[name] = self.read_only_type(name, segment)
        return ["object", attrs]


def _flagged(body: str) -> dict[str, tuple[tuple[bool, bool, bool], str]]:
    """``name → ((computed, optional, required), text up to the next comment)`` for one class body."""
    marks = list(_FLAGS.finditer(body))
    stops = [m.start() for m in _SECTION.finditer(body)]
    found: dict[str, tuple[tuple[bool, bool, bool], str]] = {}
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        end = min([s for s in stops if s > mark.end()] + [end])
        flags = (mark.group(2) == "true", mark.group(3) == "true", mark.group(4) == "true")
        segment = body[mark.end():end]
        name = mark.group(1)
        if name not in found or not found[name][1].strip():
            found[name] = (flags, segment)
    return found


def _made(segment: str, name: str) -> tuple[str, bool] | None:
    """The class (and its wraps-set flag) constructed for attribute ``name`` in a class body segment."""
    for made in _NEW.finditer(segment):
        if made.group(2) == name and not made.group(1).startswith("cdkt"):
            return made.group(1), made.group(3) == "true"
    return None


def _struct_of(entry: _Hcl) -> str:
    suffix = {"list": "List", "set": "List", "map": "Map"}.get(entry.kind, "")
    return entry.storage[: -len(suffix)] if suffix and entry.storage.endswith(suffix) else entry.storage


def _interface_flags(body: str, hcl: dict[str, _Hcl]) -> str:
    """Flag comments, as a reference class would carry them, for a struct known only by its interface."""
    optional = {m.group(1): m.group(2) == "?" for m in _OPTIONAL_FIELD.finditer(body)}
    lines = []
    for name, entry in hcl.items():
        is_optional = optional.get(entry.field, True)
        lines.append(f"// {name} - computed: false, optional: {str(is_optional).lower()}, "
                     f"required: {str(not is_optional).lower()}")
    return "\n".join(lines) + "\n"


def _hcl_entries(body: str) -> dict[str, _Hcl]:
    entries = {}
    for m in _HCL_ENTRY.finditer(body):
        ref = _FIELD_REF.search(m.group(2))
        entries[m.group(1)] = _Hcl(m.group(3) == "true", m.group(4), m.group(5), ref.group(1) if ref else "")
    return entries


def _hcl_type(entry: _Hcl) -> Any:
    """The Terraform type of a configurable attribute from its ``type`` / ``storageClassType`` pair."""
    parts = re.findall(r"^[a-z]+|Map|List", entry.storage)
    if not parts or parts[0] not in _PRIMITIVES:
        raise SourceError(f"unknown storage class {entry.storage!r}")
    typ: Any = _PRIMITIVES[parts[0]]
    wrappers = [p.lower() for p in parts[1:]]
    if entry.kind == "simple":
        return typ
    for kind in wrappers[:-1]:  # inner collections, innermost first; the outermost is `type`
        typ = [kind, typ]
    return [entry.kind, typ]


def parse_source(modules: list[str], class_name: str) -> ParsedEntry:
    """The schema entry bound by class ``class_name`` in one binding module (its compiled JavaScript files)."""
    source = _Source("\n".join(typescript_of(js) for js in modules))
    body = source.classes.get(class_name)
    if body is None:
        raise SourceError(f"class {class_name} not found")
    base = source.bases.get(class_name, "")
    if base not in ENTRY_BASES:
        raise SourceError(f"class {class_name} extends {base or 'nothing'}, not a Terraform entry")
    type_match = _TF_TYPE.search(body)
    if type_match is None:
        raise SourceError(f"class {class_name} names no tfResourceType")
    synth = body.find("synthesizeHclAttributes")
    hcl = _hcl_entries(body[synth:]) if synth >= 0 else {}
    skip = frozenset(_PROVIDER_META) if base == "TerraformProvider" else frozenset()
    block = source.block(body[:synth] if synth >= 0 else body, hcl, skip)
    return ParsedEntry(type_match.group(1), base, block, source.notes, source.opaque)
