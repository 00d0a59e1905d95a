"""Terraform resource addresses of a rendered project, per component, for DECISIONS.md.

Read from the HCL the plugins rendered, never declared a second time: the resources of a component's root-module
pieces, and those of every local module it calls (``module.<call>.<type>.<name>``), following module sources
into the rendered module folders. A call whose source is not in the project (a pinned git source) counts as one
opaque address, ``module.<call>``.

The rendered files are ``terraform fmt``-clean, so their top-level blocks are read line by line (a header at the
start of a line, the closing brace alone at the start of a line): python-hcl2 would take seconds per project,
and a test checks that both readings agree.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cached_property

from ..kernel.models import RenderedFile

MAX_DEPTH = 5  # module nesting followed; deeper calls stay opaque (and a source cycle ends)


@dataclass(frozen=True, order=True)
class Address:
    """A resource address in one root module of the project (``root`` is ``""`` for the project itself)."""

    root: str
    address: str

    @cached_property
    def resource(self) -> str:
        """``<type>.<name>``, without the module path (a whole module call for an opaque one)."""
        parts = self.address.split(".")
        return ".".join(parts[-2:])

    @cached_property
    def type(self) -> str:
        """The resource type (``module`` for an opaque module call)."""
        return self.resource.split(".")[0]

    def matches(self, pattern: str) -> bool:
        """A pattern is a resource type or type glob (``aws_ecr_*``), or, with a dot, a glob of the address or of
        its ``<type>.<name>`` part (``aws_iam_role.*_task``, ``module.*_secret_key.*``); ``*`` matches all."""
        if "." not in pattern:
            return glob_match(self.type, pattern)
        return glob_match(self.address, pattern) or glob_match(self.resource, pattern)


def glob_match(text: str, pattern: str) -> bool:
    """``fnmatchcase(text, pattern)``; a pattern whose only wildcard is ``*`` (every pattern a decision names) is
    matched by its literal pieces, in order, without compiling a regular expression."""
    if "?" in pattern or "[" in pattern:
        return fnmatchcase(text, pattern)
    first, *middle, last = pattern.split("*") if "*" in pattern else (pattern, None)
    if last is None:
        return text == pattern
    if len(text) < len(first) + len(last) or not text.startswith(first) or not text.endswith(last):
        return False
    at, end = len(first), len(text) - len(last)
    for piece in middle:
        at = text.find(piece, at, end)
        if at < 0:
            return False
        at += len(piece)
    return True


_HEADER = re.compile(r'^(?P<kind>resource|module)(?P<labels>(?:[ \t]+"[^"\n]*")+)[ \t]*\{(?P<empty>[ \t]*\})?[ \t]*$')
_LABEL = re.compile(r'"([^"\n]*)"')
_SOURCE = re.compile(r'^[ \t]+source[ \t]*=[ \t]*"(?P<source>[^"\n]*)"')


@dataclass(frozen=True)
class Block:
    """A top-level ``resource`` (two labels) or ``module`` (one label, and its ``source``) block."""

    kind: str
    labels: tuple[str, ...]
    source: str | None = None


_HEADERS = re.compile(_HEADER.pattern, re.MULTILINE)
_CLOSING = re.compile(r"^\}", re.MULTILINE)
_SOURCES = re.compile(_SOURCE.pattern, re.MULTILINE)
# line ends other than "\n" that str.splitlines also splits at: a text holding one is read line by line
_OTHER_BREAKS = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def top_level_blocks(text: str) -> list[Block]:
    """The resource and module blocks of a ``terraform fmt``-clean file, in order."""
    return list(_blocks(text))


@functools.lru_cache(maxsize=1024)  # a project's files are read by several checks
def _blocks(text: str) -> tuple[Block, ...]:
    if _OTHER_BREAKS.search(text):
        return tuple(_blocks_by_line(text))
    # the reading of _blocks_by_line, searching the whole text: a header line, then its body up to the first line
    # opening with "}" (the first "source" line of the body, for a module call)
    found: list[Block] = []
    at = 0
    while (header := _HEADERS.search(text, at)) is not None:
        at = header.end()
        labels = tuple(_LABEL.findall(header["labels"]))
        source = None
        if not header["empty"]:
            closing = _CLOSING.search(text, at)
            end = closing.start() if closing is not None else len(text)
            if header["kind"] == "module" and (match := _SOURCES.search(text, at, end)) is not None:
                source = match["source"]
            at = end
        if (header["kind"], len(labels)) in (("resource", 2), ("module", 1)):
            found.append(Block(header["kind"], labels, source))
    return tuple(found)


def _blocks_by_line(text: str) -> list[Block]:
    found: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        header = _HEADER.match(lines[i])
        i += 1
        if header is None:
            continue
        labels = tuple(_LABEL.findall(header["labels"]))
        source = None
        if not header["empty"]:
            while i < len(lines) and not lines[i].startswith("}"):
                match = _SOURCE.match(lines[i])
                if match and source is None:
                    source = match["source"]
                i += 1
        if (header["kind"], len(labels)) in (("resource", 2), ("module", 1)):
            found.append(Block(header["kind"], labels, source if header["kind"] == "module" else None))
    return found


def duplicate_blocks(files: Iterable[RenderedFile]) -> list[tuple[str, Block]]:
    """The resource and module blocks declared twice in one Terraform module (the ``.tf`` files of one folder):
    ``(folder, block)`` pairs, which Terraform refuses at ``init``."""
    seen: dict[tuple[str, Block], int] = {}
    for f in sorted(files, key=lambda x: x.path):
        if f.encoding != "utf-8" or not f.path.endswith(".tf"):
            continue
        folder = f.path.rpartition("/")[0]
        for block in top_level_blocks(f.content):
            key = (folder, Block(block.kind, block.labels))
            seen[key] = seen.get(key, 0) + 1
    return [key for key, count in seen.items() if count > 1]


class Code:
    """The rendered files of a project, to list the addresses that pieces of it declare."""

    def __init__(self, files: Iterable[RenderedFile]) -> None:
        self._text = {f.path: f.content for f in files if f.encoding == "utf-8" and f.path.endswith(".tf")}
        self._blocks: dict[str, list[Block]] = {}
        self._folders: dict[str, list[str]] = {}  # folder -> its .tf files, sorted
        for path in sorted(self._text):
            self._folders.setdefault(posixpath.dirname(path), []).append(path)

    def _file(self, path: str) -> list[Block]:
        if path not in self._blocks:
            self._blocks[path] = top_level_blocks(self._text[path])
        return self._blocks[path]

    def declared(self, pieces: Iterable[RenderedFile]) -> list[Address]:
        """Every resource address the root-module ``pieces`` declare (module folders' own files are skipped)."""
        found: set[Address] = set()
        for piece in pieces:
            folder = posixpath.dirname(piece.path)
            if piece.encoding != "utf-8" or not piece.path.endswith(".tf") or folder.split("/")[0] == "modules":
                continue
            found.update(self._walk(top_level_blocks(piece.content), folder, folder, "", 0))
        return sorted(found)

    def _walk(self, found: list[Block], root: str, folder: str, prefix: str, depth: int) -> Iterator[Address]:
        for block in found:
            if block.kind == "resource":
                yield Address(root, prefix + ".".join(block.labels))
                continue
            call = f"{prefix}module.{block.labels[0]}"
            target = _local_folder(folder, block.source)
            inner = self._folders.get(target, []) if target is not None else []
            if not inner or depth >= MAX_DEPTH:
                yield Address(root, call)
                continue
            for path in inner:
                yield from self._walk(self._file(path), root, str(target), call + ".", depth + 1)


def _local_folder(folder: str, source: str | None) -> str | None:
    """The project folder a local module source points at (``./modules/x`` from the root → ``modules/x``)."""
    if source is None or not source.startswith(("./", "../")):
        return None
    target = posixpath.normpath(posixpath.join(folder, source))
    return None if target.startswith("..") else target


def select(addresses: Iterable[Address], patterns: Iterable[str]) -> list[Address]:
    """The addresses matching at least one pattern (see :meth:`Address.matches`), sorted. A plain resource type
    (no dot, no wildcard: most patterns) is looked up, not matched against every address."""
    types: set[str] = set()
    globs: list[str] = []
    for p in patterns:
        if any(c in p for c in ".*?["):
            globs.append(p)
        else:
            types.add(p)
    return sorted({a for a in addresses if a.type in types or any(a.matches(p) for p in globs)})
