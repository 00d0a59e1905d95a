"""A stored resource state (JSON) re-encoded as the msgpack value Terraform expects for a schema.

cty's msgpack decoding wants every attribute of the object type, and nothing else: missing attributes become
null, unknown ones are dropped, and ``dynamic`` values carry their type as ``[type JSON, value]``.
"""

from __future__ import annotations

import json
from typing import Any

Json = dict[str, Any]


def conform_state(value: Any, block: Json) -> bytes:
    """The msgpack encoding of ``value`` read as an object of ``block``'s type. Raises ValueError."""
    import msgpack

    if not isinstance(value, dict):
        raise ValueError("the state is not an object")
    packed: bytes = msgpack.packb(_block_value(value, block), use_bin_type=True)
    return packed


def _block_value(value: Any, block: Json) -> Json | None:
    if not isinstance(value, dict):
        return None
    out: Json = {}
    for name, attr in block.get("attributes", {}).items():
        out[name] = _typed(value.get(name), attr.get("type", "dynamic"))
    for name, nested in block.get("block_types", {}).items():
        item, inner, mode = value.get(name), nested.get("block", {}), nested.get("nesting_mode")
        if mode == "single" or mode == "group":
            out[name] = _block_value(item, inner)
        elif mode == "map":
            out[name] = {k: _block_value(v, inner) for k, v in (item or {}).items()}
        else:
            out[name] = [_block_value(v, inner) for v in (item or [])]
    return out


def _typed(value: Any, typ: Any) -> Any:
    if value is None:
        return None
    if typ == "dynamic":
        return [json.dumps(_type_of(value), separators=(",", ":")).encode("utf-8"), value]
    if isinstance(typ, str):
        return value
    kind, inner = typ[0], typ[1]
    if kind in ("list", "set"):
        return [_typed(v, inner) for v in value]
    if kind == "map":
        return {k: _typed(v, inner) for k, v in value.items()}
    if kind == "object":
        return {k: _typed(value.get(k), t) for k, t in inner.items()}
    if kind == "tuple":
        return [_typed(v, t) for v, t in zip(value, inner, strict=False)]
    raise ValueError(f"unknown type {typ!r}")


def _type_of(value: Any) -> Any:
    """The cty type JSON describes a plain JSON value with."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return ["tuple", [_type_of(v) for v in value]]
    if isinstance(value, dict):
        return ["object", {k: _type_of(v) for k, v in value.items()}]
    return "dynamic"
