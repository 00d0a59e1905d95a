"""The few tfplugin6 messages the schema-only provider exchanges, in protobuf's wire format.

Terraform 1.11 speaks plugin protocol 6.8 (write-only attributes, ephemeral resources); the generated Python
modules on PyPI stop at 6.5. The stub only writes schemas, diagnostics and one state value, and reads two request
fields, so it encodes them itself (field numbers from tfplugin6.8.proto) instead of depending on generated code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

Json = dict[str, Any]

_NESTING = {"single": 1, "list": 2, "set": 3, "map": 4, "group": 5}
_SEVERITY = {"error": 1, "warning": 2}
ENTRY_SECTIONS = ("resource_schemas", "data_source_schemas", "ephemeral_resource_schemas")
_PROVIDER_SCHEMA_FIELDS = {"resource_schemas": 2, "data_source_schemas": 3, "ephemeral_resource_schemas": 8}
_METADATA_FIELDS = {"data_source_schemas": 3, "resource_schemas": 4, "ephemeral_resource_schemas": 6}


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _bytes(field: int, payload: bytes) -> bytes:
    return _varint(field << 3 | 2) + _varint(len(payload)) + payload


def _str(field: int, text: str) -> bytes:
    return _bytes(field, text.encode("utf-8")) if text else b""


def _int(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value) if value else b""


def _flag(field: int, value: Any) -> bytes:
    return _int(field, 1) if value else b""


def _type_json(typ: Any) -> bytes:
    return json.dumps(typ, separators=(",", ":")).encode("utf-8")


def _attribute(name: str, attr: Json) -> bytes:
    out = _str(1, name)
    if "nested_type" in attr:
        out += _bytes(10, _object(attr["nested_type"]))
    else:
        out += _bytes(2, _type_json(attr["type"]))
    out += _str(3, attr.get("description", ""))
    out += _flag(4, attr.get("required")) + _flag(5, attr.get("optional")) + _flag(6, attr.get("computed"))
    out += _flag(7, attr.get("sensitive")) + _flag(9, attr.get("deprecated")) + _flag(11, attr.get("write_only"))
    return out


def _object(nested: Json) -> bytes:
    out = b"".join(_bytes(1, _attribute(n, a)) for n, a in sorted(nested.get("attributes", {}).items()))
    return out + _int(3, _NESTING[nested["nesting_mode"]])


def _block(block: Json) -> bytes:
    out = b"".join(_bytes(2, _attribute(n, a)) for n, a in sorted(block.get("attributes", {}).items()))
    for name, nested in sorted(block.get("block_types", {}).items()):
        body = _str(1, name) + _bytes(2, _block(nested.get("block", {})))
        body += _int(3, _NESTING[nested["nesting_mode"]])
        body += _int(4, int(nested.get("min_items", 0))) + _int(5, int(nested.get("max_items", 0)))
        out += _bytes(3, body)
    return out + _str(4, block.get("description", "")) + _flag(6, block.get("deprecated"))


def encode_schema(schema: Json) -> bytes:
    """A ``Schema`` message from one entry of ``providers schema -json`` (``{"version": n, "block": {...}}``)."""
    return _int(1, int(schema.get("version", 0))) + _bytes(2, _block(schema.get("block", {})))


def schema_entry(section: str, type_name: str, schema: Json) -> bytes:
    """One map entry of ``GetProviderSchema.Response``; appended after others of the same key, it replaces them."""
    return _bytes(_PROVIDER_SCHEMA_FIELDS[section], _str(1, type_name) + _bytes(2, encode_schema(schema)))


def provider_schema_response(provider: Json) -> bytes:
    """``GetProviderSchema.Response`` for one provider's section of ``providers schema -json``."""
    out = _bytes(1, encode_schema(provider.get("provider", {"version": 0, "block": {}})))
    for section in ENTRY_SECTIONS:
        for type_name, schema in sorted(provider.get(section, {}).items()):
            out += schema_entry(section, type_name, schema)
    return out


def metadata_response(provider: Json) -> bytes:
    """``GetMetadata.Response``: the type names of every resource, data source and ephemeral resource."""
    out = b""
    for section, field in _METADATA_FIELDS.items():
        out += b"".join(_bytes(field, _str(1, name)) for name in sorted(provider.get(section, {})))
    return out


def diagnostic(severity: str, summary: str, detail: str = "",
               path: tuple[tuple[int, str | int], ...] = ()) -> bytes:
    """A ``Diagnostic`` message; ``path`` holds ``AttributePath`` steps as ``(selector field, value)``: 1 an
    attribute name, 2 a map key, 3 a list index."""
    out = _int(1, _SEVERITY[severity]) + _str(2, summary) + _str(3, detail)
    if path:
        steps = b"".join(_bytes(1, _str(f, v) if isinstance(v, str) else _varint(f << 3) + _varint(v))
                         for f, v in path)
        out += _bytes(4, steps)
    return out


def with_diagnostics(field: int, *diagnostics: bytes) -> bytes:
    """A response whose only set field is its repeated ``diagnostics`` (field number ``field``)."""
    return b"".join(_bytes(field, d) for d in diagnostics)


def upgraded_state(msgpack_payload: bytes) -> bytes:
    """``UpgradeResourceState.Response`` carrying the state as a msgpack ``DynamicValue``."""
    return _bytes(1, _bytes(1, msgpack_payload))


def function_error(text: str) -> bytes:
    """``CallFunction.Response`` carrying only a ``FunctionError``."""
    return _bytes(2, _str(1, text))


def fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """``(field number, value)`` of a message: varints as int, length-delimited fields as bytes."""
    pos = 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _read_varint(data, pos)
            yield number, value
        elif wire == 2:
            size, pos = _read_varint(data, pos)
            yield number, data[pos:pos + size]
            pos += size
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        else:
            raise ValueError(f"unsupported wire type {wire}")


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
