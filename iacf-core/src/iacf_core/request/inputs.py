"""Reading the files a user hands to iacf (spec, policy): bounded, strict, and precise when they are wrong.

Every problem becomes :class:`~iacf_core.kernel.errors.SpecError` lines that name the file, the line and column where
the parser knows them, the field path and the value. YAML is read safely (no tags beyond the standard ones),
with duplicate keys refused and alias expansion (billion laughs) and nesting depth bounded.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..kernel.errors import SpecError, shorten, validation_errors

if TYPE_CHECKING:
    import yaml

MAX_BYTES = 1024 * 1024  # a spec or a policy is a few kB; anything near this size is a mistake
MAX_NODES = 100_000  # values after alias expansion
MAX_DEPTH = 64  # nesting levels

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def read_text(path: Path, what: str) -> str:
    """The text of a user file: UTF-8 (a byte order mark selects UTF-8, UTF-16 or UTF-32), at most 1 MiB."""
    label = f"{what} {shorten(str(path))}"
    try:
        if not path.exists():
            raise SpecError(f"{label} does not exist")
        if not path.is_file():
            raise SpecError(f"{label} is not a file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SpecError(f"cannot read {label}: {exc.strerror or exc}") from None
    except ValueError as exc:  # e.g. an embedded NUL in the path
        raise SpecError(f"cannot read {label}: {exc}") from None
    if len(data) > MAX_BYTES:
        raise SpecError(f"{label} is larger than {MAX_BYTES // 1024} KiB: not a {what.split()[0]} file")
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line, column = position(data, exc.start)
        raise SpecError(f"{label}, line {line}, column {column}: not {encoding.upper().removesuffix('-SIG')} text "
                        f"(byte 0x{data[exc.start]:02x}); save it as UTF-8") from None
    if "\x00" in text:
        line, column = position(text.encode(), text.encode().index(b"\x00"))
        raise SpecError(f"{label}, line {line}, column {column}: a NUL character; this is not a text file")
    return text


def position(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (from 1) of byte ``offset`` of ``data``."""
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


class Document:
    """A parsed YAML or JSON file: its data, and where each value was written (YAML only)."""

    def __init__(self, label: str, data: Any, root: yaml.Node | None = None) -> None:
        self.label = label
        self.data = data
        self.root = root

    def line(self, loc: tuple[Any, ...]) -> int | None:
        """The line of the value at ``loc`` (a pydantic error location), when the file is YAML."""
        if self.root is None:
            return None
        import yaml

        node = self.root
        best = None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                match = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)),
                             None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                match = node.value[part]
            else:
                match = None
            if match is None:
                continue  # a location pydantic adds (a union member's tag...): keep the closest value found
            node = best = match
        return best.start_mark.line + 1 if best is not None else None

    def errors(self, exc: Exception, model: type[Any] | None = None) -> SpecError:
        """Every error of a pydantic ``ValidationError``, one line each, with its line when known."""
        located = [(self.line(loc), text) for loc, text in validation_errors(exc, model)]
        located.sort(key=lambda pair: pair[0] or 0)  # in the order of the file; stable for equal lines
        return SpecError("\n".join(f"{self.label}{f', line {n}' if n else ''}: {text}" for n, text in located))


def load_document(path: Path, what: str, fmt: str | None = None) -> Document:
    """Read a YAML (default) or JSON (``.json``, or ``fmt="json"``) file holding a mapping."""
    text = read_text(path, what)
    label = f"{what} {shorten(str(path))}"
    fmt = fmt or ("json" if path.suffix.lower() == ".json" else "yaml")
    if fmt == "json":
        data, root = _load_json(text, label), None
    else:
        from .yamlspec import load_yaml  # PyYAML is imported only when a YAML file is read

        data, root = load_yaml(text, label)
    if not isinstance(data, dict):
        found = "nothing" if data is None else f"a {type(data).__name__}"
        raise SpecError(f"{label} must hold a mapping of fields, not {found}")
    return Document(label, data, root)


def _load_json(text: str, label: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _v in pairs]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"duplicate key {dupes[0]!r}")
        return dict(pairs)

    try:
        data = json.loads(text.removeprefix("\ufeff"), object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise SpecError(f"{label}, line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}") from None
    except ValueError as exc:
        raise SpecError(f"{label}: not valid JSON: {exc}") from None
    except RecursionError:
        raise SpecError(f"{label}: not valid JSON: nested too deeply") from None
    _check_depth(data, label)
    return data


def _check_depth(data: Any, label: str) -> None:
    todo: list[tuple[Any, int]] = [(data, 0)]
    count = 0
    while todo:
        value, depth = todo.pop()
        count += 1
        if depth > MAX_DEPTH or count > MAX_NODES:
            raise SpecError(f"{label}: nested more than {MAX_DEPTH} levels deep or more than {MAX_NODES} values")
        if isinstance(value, dict):
            todo.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            todo.extend((v, depth + 1) for v in value)


def validate(document: Document, build: Callable[[dict[str, Any]], Any], model: type[Any] | None = None) -> Any:
    """``build(document.data)``; a pydantic ``ValidationError`` becomes every error, one line each."""
    try:
        return build(document.data)
    except ValueError as exc:
        if not callable(getattr(exc, "errors", None)):
            raise SpecError(f"{document.label}: {shorten(str(exc))}") from None
        raise document.errors(exc, model) from None
