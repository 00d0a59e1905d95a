"""The strict YAML reader of :mod:`iacf_core.request.inputs` (spec and policy files), in its own module so that
PyYAML is imported only when a YAML file is read.

Safe YAML holding JSON-like data only; duplicate keys, merge keys (``<<: *anchor``), alias bombs, deep nesting and
the tags that build other types are refused, each as one :class:`~iacf_core.kernel.errors.SpecError` line with its
file, line and column.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..kernel.errors import SpecError, shorten
from .inputs import MAX_DEPTH, MAX_NODES, position


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


def load_yaml(text: str, label: str) -> tuple[Any, yaml.Node | None]:
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
        line, column = position(text.encode(), len(text[:exc.position].encode()))
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
    """Refuse alias bombs, recursive aliases, deep nesting and merge keys before any value is built."""
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
            merge = next((k for k, _v in node.value if k.tag == "tag:yaml.org,2002:merge"), None)
            if merge is not None:  # YAML 1.1 only, and the fields it brings would have no line of their own
                raise SpecError(f"{label}, line {merge.start_mark.line + 1}, column {merge.start_mark.column + 1}: "
                                "YAML merge keys (<<) are not supported; write the fields out")
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
