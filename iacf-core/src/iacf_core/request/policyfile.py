"""Reading ``iacf.toml``: the file, its TOML, core's sections and the plugins' sections, every problem at once
with its line and column. The policy's models are the kernel's (:mod:`iacf_core.kernel.policy`)."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from ..kernel.errors import SpecError, shorten, validation_errors
from ..kernel.policy import POLICY_FILE, Policy
from ..kernel.registry import PolicySection, Registry
from . import inputs

if TYPE_CHECKING:
    import tomllib


def _toml() -> Any:
    """The TOML reader, imported when a policy file is read (most commands have none)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


def load_policy(path: Path | None, cwd: Path | None = None, registry: Registry | None = None) -> Policy:
    """Read ``path`` (must exist), else ``./iacf.toml`` if present, else the empty policy.

    ``registry`` brings the plugins' sections (validated by their models) and the cloud names; without it,
    only core's sections are accepted. Every problem of the file is reported at once, one line each, with its
    line and column (:class:`SpecError`)."""
    sections: Mapping[str, PolicySection] = registry.policy_sections if registry is not None else {}
    if path is None:
        candidate = (cwd or Path.cwd()) / POLICY_FILE
        if not candidate.is_file():
            return Policy().with_defaults(sections)
        path = candidate
    text = inputs.read_text(path, "policy file")
    label = f"policy file {shorten(str(path))}"
    toml = _toml()
    try:
        data = toml.loads(text.removeprefix("\ufeff"))
    except toml.TOMLDecodeError as exc:
        raise SpecError(f"{label}{_toml_position(exc)}: not valid TOML: {_toml_reason(exc)}") from None
    reader = _Reader(label, _toml_keys(text))
    clouds = registry.cloud_names() if registry is not None else set()
    core = {k: v for k, v in data.items() if k not in sections}
    moved = {old: (entry.name, new) for entry in sections.values() for old, new in entry.replaces}
    for old, (name, new) in sorted(moved.items()):
        where = old.split(".")
        if _has(core, where):
            _drop(core, where)
            reader.add(tuple(where), f"{old}: moved to [{name}] {new} (a setting of the {name} plugin)")
    for key in sorted(set(core) - set(Policy.model_fields)):
        if core.pop(key) != {}:  # a table emptied by a moved key was reported above
            reader.add((key,), _unknown_section(key, sections, clouds, registry))
    policy = Policy()
    try:
        policy = Policy.model_validate({**core, "source": str(path)})
    except ValidationError as exc:
        reader.errors(exc, Policy)
    values: dict[str, BaseModel] = {}
    for name, entry in sections.items():
        try:
            values[name] = entry.model.model_validate(data.get(name, {}))
        except ValidationError as exc:
            reader.errors(exc, entry.model, (name,))
    policy = policy.with_sections(values)
    deferred: dict[str, _Reader] = {}
    if not reader.problems:
        for name, entry in sections.items():
            # a cloud's rules bind that cloud's stacks only: raised by build_stack when the stack is of that cloud
            target = deferred.setdefault(entry.cloud, _Reader(label, reader.positions)) if entry.cloud else reader
            for dotted, problem in entry.check(policy, values[name]) if entry.check else []:
                target.add(tuple(dotted.split(".")), problem)
    reader.raise_if_any()
    return policy.with_cloud_problems({cloud: found.message() for cloud, found in deferred.items() if found.problems})


def _unknown_section(key: str, sections: Mapping[str, PolicySection], clouds: set[str],
                     registry: Registry | None) -> str:
    if registry is not None and key in clouds and key not in registry.clouds:
        installed = ", ".join(sorted(registry.clouds)) or "none"
        return f"{key}: a section of cloud {key!r}, whose plugin is not installed (installed clouds: {installed})"
    known = sorted({*Policy.model_fields, *sections} - {"source"})
    near = get_close_matches(key, known, n=1)
    return (f"{key}: unknown section" + (f", did you mean [{near[0]}]?" if near else "")
            + f" (sections: {', '.join(known)})")


def _has(data: Mapping[str, Any], path: list[str]) -> bool:
    for part in path:
        if not isinstance(data, Mapping) or part not in data:
            return False
        data = data[part]
    return True


def _drop(data: dict[str, Any], path: list[str]) -> None:
    *parents, last = path
    for part in parents:
        data[part] = dict(data[part])
        data = data[part]
    del data[last]


class _Reader:
    """The problems of one policy file, each placed at its line and column when the key is found."""

    def __init__(self, label: str, positions: dict[tuple[str, ...], tuple[int, int]]) -> None:
        self.label, self.positions = label, positions
        self.problems: list[tuple[tuple[int, int], str]] = []

    def where(self, loc: tuple[Any, ...]) -> tuple[int, int] | None:
        parts = tuple(str(p) for p in loc if not isinstance(p, int))
        while parts:  # the closest key written in the file (a list item or a default has none of its own)
            if parts in self.positions:
                return self.positions[parts]
            parts = parts[:-1]
        return None

    def add(self, loc: tuple[Any, ...], text: str) -> None:
        found = self.where(loc)
        self.problems.append((found or (0, 0), text))

    def errors(self, exc: ValidationError, model: type[BaseModel], prefix: tuple[str, ...] = ()) -> None:
        for loc, text in validation_errors(exc, model):
            if loc == ("source",):
                continue
            shown = f"{'.'.join(prefix)}{'.' if loc else ': '}{text}" if prefix else text
            self.add((*prefix, *loc), shown)

    def message(self) -> str:
        self.problems.sort(key=lambda pair: pair[0])  # in the order of the file; stable for equal places
        return "\n".join(f"{self.label}{f', line {line}, column {column}' if line else ''}: {text}"
                         for (line, column), text in self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise SpecError(self.message())


_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_KEY = re.compile(rf"^(\s*)({_PART}(?:\s*\.\s*{_PART})*)\s*=")


def _toml_keys(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """Where each table and key of a TOML file is written: dotted path → (line, column), first one wins.

    A light reading, enough to place an error: tables, dotted keys and keys; values spanning lines (arrays,
    multi-line strings) hold no key of their own that matters here."""
    found: dict[tuple[str, ...], tuple[int, int]] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        header = _TABLE.match(line)
        if header:
            table = _split_key(header.group(1))
            found.setdefault(table, (number, line.index("[") + 1))
            continue
        key = _KEY.match(line)
        if key:
            found.setdefault((*table, *_split_key(key.group(2))), (number, len(key.group(1)) + 1))
    return found


def _split_key(dotted: str) -> tuple[str, ...]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([^.\s]+)", dotted)
    return tuple(a or b or c for a, b, c in parts)


def _toml_position(exc: tomllib.TOMLDecodeError) -> str:
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)  # Python >= 3.14
    if line is None:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, column = (int(found.group(1)), int(found.group(2))) if found else (None, None)
    return f", line {line}, column {column}" if line is not None else ""


def _toml_reason(exc: tomllib.TOMLDecodeError) -> str:
    reason = getattr(exc, "msg", None) or re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", str(exc))
    return shorten(str(reason))
