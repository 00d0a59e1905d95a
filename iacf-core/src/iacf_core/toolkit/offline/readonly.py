"""The one schema rule Terraform leaves to providers: read-only (computed-only) attributes cannot be set.

Provider SDKs refuse a configuration that sets an attribute that is computed and neither optional nor required
("Value for unconfigurable attribute"); the schema-only provider applies the same rule to the configuration
Terraform sends with ``ValidateResourceConfig`` (a msgpack value of the schema's type).
"""

from __future__ import annotations

from typing import Any

from . import wire

Json = dict[str, Any]
SUMMARY = "Value for unconfigurable attribute"


def _read_only(attr: Json) -> bool:
    return bool(attr.get("computed")) and not attr.get("optional") and not attr.get("required")


def violations(config: Any, block: Json, path: tuple[tuple[int, str | int], ...] = ()) -> list[bytes]:
    """``Diagnostic`` messages for every read-only attribute ``config`` sets (a null value is unset)."""
    found: list[bytes] = []
    if not isinstance(config, dict):
        return found
    for name, attr in sorted(block.get("attributes", {}).items()):
        if _read_only(attr) and config.get(name) is not None:
            detail = (f'Can\'t configure a value for "{name}": its value will be decided automatically based on '
                      "the result of applying this configuration.")
            found.append(wire.diagnostic("error", SUMMARY, detail, (*path, (1, name))))
    for name, nested in sorted(block.get("block_types", {}).items()):
        value, inner, mode = config.get(name), nested.get("block", {}), nested.get("nesting_mode")
        step = (*path, (1, name))
        if mode in ("single", "group"):
            found += violations(value, inner, step)
        elif mode == "map" and isinstance(value, dict):
            for key, item in sorted(value.items()):
                found += violations(item, inner, (*step, (2, str(key))))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                # set elements have no index Terraform could point to: the diagnostic names the block
                found += violations(item, inner, step if mode == "set" else (*step, (3, index)))
    return found


def decode_config(request: bytes) -> tuple[str, Any]:
    """``(type_name, config)`` of a ``Validate*Config`` request; unknown values decode as ``True``."""
    import msgpack

    type_name, payload = "", b""
    for number, value in wire.fields(request):
        if number == 1 and isinstance(value, bytes):
            type_name = value.decode("utf-8")
        elif number == 2 and isinstance(value, bytes):
            payload = next((v for n, v in wire.fields(value) if n == 1 and isinstance(v, bytes)), b"")
    if not payload:
        return type_name, None
    # extension type 0 is cty's unknown value: it counts as set
    return type_name, msgpack.unpackb(payload, raw=False, strict_map_key=False, ext_hook=lambda _c, _d: True)
