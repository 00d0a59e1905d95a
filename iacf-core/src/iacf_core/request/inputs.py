"""Reading the files a user hands to iacf (spec, policy): bounded, strict, and precise when they are wrong.

Every problem becomes :class:`~iacf_core.kernel.errors.SpecError` lines that name the file, the line and column where
the parser knows them, the field path and the value. YAML is read safely (no tags beyond the standard ones),
with duplicate keys refused and alias expansion (billion laughs) and nesting depth bounded.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ..kernel.errors import SpecError, shorten, validation_errors

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
        line, column = _position(data, exc.start)
        raise SpecError(f"{label}, line {line}, column {column}: not {encoding.upper().removesuffix('-SIG')} text "
                        f"(byte 0x{data[exc.start]:02x}); save it as UTF-8") from None
    if "\x00" in text:
        line, column = _position(text.encode(), text.encode().index(b"\x00"))
        raise SpecError(f"{label}, line {line}, column {column}: a NUL character; this is not a text file")
    return text


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


class _Loader(yaml.SafeLoader):
    """Safe YAML holding JSON-like data only: strings, numbers, booleans, null, lists and mappings.

    Duplicate keys are refused (the last one would silently win); unquoted dates stay strings; the tags that
    build other types (``!!binary``, ``!!set``, ``!!timestamp``...) are refused like ``!!python/...``; flow
    collections nest at most :data:`MAX_DEPTH` deep (deeper ones make the scanner quadratic).
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:  # noqa: N803 - PyYAML's name
        if self.flow_level >= MAX_DEPTH:
            raise yaml.scanner.ScannerError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                            self.get_mark())
        super().fetch_flow_collection_start(TokenClass)

    def refuse_tag(self, node: yaml.Node) -> Any:
        raise yaml.constructor.ConstructorError(None, None, f"unsupported tag {node.tag!r} (plain YAML values only)",
                                                node.start_mark)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: the base class reports it
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"found a duplicate key {key!r}", key_node.start_mark)
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


for _tag in ("binary", "set", "timestamp", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Loader.refuse_tag)


class Document:
    """A parsed YAML or JSON file: its data, and where each value was written (YAML only)."""

    def __init__(self, label: str, data: Any, root: yaml.Node | None = None) -> None:
        self.label = label
        self.data = data
        self.root = root

    def line(self, loc: tuple[Any, ...]) -> int | None:
        """The line of the value at ``loc`` (a pydantic error location), when the file is YAML."""
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
        data, root = _load_yaml(text, label)
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


def _load_yaml(text: str, label: str) -> tuple[Any, yaml.Node | None]:
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        root = loader.get_single_node()
        if root is None:
            return None, None
        _check_size(root, label)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        raise SpecError(_yaml_message(exc, label)) from None
    except yaml.reader.ReaderError as exc:  # a control character: the reader knows the offset, not the line
        line, column = _position(text.encode(), len(text[:exc.position].encode()))
        raise SpecError(f"{label}, line {line}, column {column}: not valid YAML: control character "
                        f"#x{exc.character:04x} (escape it in a double-quoted string)") from None
    except yaml.YAMLError as exc:
        raise SpecError(f"{label}: not valid YAML: {shorten(str(exc).splitlines()[0])}") from None
    except RecursionError:
        raise SpecError(f"{label}: not valid YAML: nested more than {MAX_DEPTH} levels deep") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, root


def _yaml_message(exc: yaml.MarkedYAMLError, label: str) -> str:
    mark = exc.problem_mark or exc.context_mark
    where = f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    problem = exc.problem or exc.context or "not valid"
    problem = re.sub(r"\s+", " ", problem).strip()
    if "constructor for the tag" in problem:  # !!python/object and friends: never executed, never accepted
        problem = f"unsupported tag {problem.rsplit(' ', 1)[-1]} (plain YAML values only)"
    problem = problem.replace("tag:yaml.org,2002:", "!!")
    return f"{label}{where}: not valid YAML: {shorten(problem)}"


def _check_size(root: yaml.Node, label: str) -> None:
    """Refuse alias bombs, recursive aliases and deep nesting before any value is built."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise SpecError(f"{label}, line {node.start_mark.line + 1}: not valid YAML: an alias refers to itself")
        if depth > MAX_DEPTH:
            raise SpecError(f"{label}, line {node.start_mark.line + 1}: not valid YAML: nested more than "
                            f"{MAX_DEPTH} levels deep")
        active.add(key)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        total = 1
        for child in children:
            total += size(child, depth + 1)
            if total > MAX_NODES:
                raise SpecError(f"{label}, line {node.start_mark.line + 1}: not valid YAML: more than "
                                f"{MAX_NODES} values once aliases are expanded")
        active.discard(key)
        sizes[key] = total
        return total

    size(root, 0)


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
