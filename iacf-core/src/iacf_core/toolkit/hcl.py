"""Reading Terraform files with python-hcl2, with the quoting python-hcl2 8 keeps removed."""

from __future__ import annotations

import copy
import fnmatch
import functools
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..kernel.cache import TextCache

SKIP_DIRS = {".terraform", ".git", ".nox", ".venv", "node_modules"}


class HclError(ValueError):
    """A file is not valid HCL."""


class HclUnreadable(HclError):
    """A file could not be read (removed while being scanned, no permission...)."""


def unquote(value: Any) -> Any:
    """Strip the double quotes python-hcl2 keeps around strings and block labels, recursively."""
    if isinstance(value, str):
        if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
            return value[1:-1]
        return value
    if isinstance(value, list):
        return [unquote(v) for v in value]
    if isinstance(value, dict):
        return {unquote(k): unquote(v) for k, v in value.items() if k != "__is_block__"}
    return value


def load_text(text: str) -> dict[str, Any]:
    """The HCL document in ``text``. Parsing is slow and the gates read each file several times: parsed texts are
    kept (a copy is returned, so a caller cannot change what the next one reads)."""
    result = _parse(text)
    if isinstance(result, HclError):
        raise HclError(str(result))
    return copy.deepcopy(result)


@functools.lru_cache(maxsize=2048)
def _parse(text: str) -> dict[str, Any] | HclError:
    kept = _kept()
    parsed = kept.get(text) if kept is not None else None
    if parsed is None:
        import hcl2  # on first parse: commands that read no HCL do not load its parser

        try:
            parsed = hcl2.loads(text)
        except Exception as exc:  # noqa: BLE001 - python-hcl2 raises lark errors of several types
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return HclError(first)
        if kept is not None:
            kept.put(text, parsed)
    result: dict[str, Any] = unquote(parsed)
    return result


@functools.cache
def _kept() -> TextCache | None:
    """Parsed texts kept between processes, by the parser's own code: a project regenerated or validated again
    (the vendored modules of every project, the files a change left alone) is not parsed again.

    The key is a digest of the ``hcl2`` module's source files, not the release python-hcl2 declares: another
    distribution can install the same module over it (Checkov's bc-python-hcl2 does, in a shared environment),
    and its documents have another shape."""
    from importlib.util import find_spec

    try:
        spec = find_spec("hcl2")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    release = parser_release(Path(next(iter(spec.submodule_search_locations))))
    return TextCache("hcl", release) if release else None


def parser_release(folder: Path) -> str | None:
    """A digest of the Python sources of the package in ``folder`` (names and contents), or None if unreadable."""
    digest = hashlib.sha256()
    try:
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return f"hcl2-{digest.hexdigest()[:20]}"


def load_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise HclUnreadable(f"cannot read the file: {exc.strerror or exc}") from exc
    return load_text(text)


def tf_files(root: Path, pattern: str = "*.tf") -> list[Path]:
    """Every regular file matching ``pattern`` under ``root``, sorted, skipping tool folders.

    Folders that cannot be listed, or vanish during the walk, are skipped (the folder may be shared)."""
    found = []
    for folder, dirs, names in os.walk(root, onerror=lambda _exc: None):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in fnmatch.filter(names, pattern):
            path = Path(folder) / name
            if path.is_file():
                found.append(path)
    return sorted(found)


def parsed_files(root: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every ``.tf`` file under ``root`` that parses, with its document; the others are the HCL gate's to report."""
    docs = []
    for path in tf_files(root):
        try:
            docs.append((path, load_file(path)))
        except (HclError, UnicodeDecodeError):
            continue
    return docs


@dataclass(frozen=True)
class Block:
    """A labelled block: ``resource "aws_s3_bucket" "logs" {...}`` → type="resource", labels=(aws_s3_bucket, logs)."""

    file: Path | None
    type: str
    labels: tuple[str, ...]
    body: dict[str, Any]

    @property
    def address(self) -> str:
        return ".".join(self.labels)


def blocks(doc: dict[str, Any], file: Path | None, block_type: str, depth: int) -> Iterator[Block]:
    """Blocks of ``block_type`` with ``depth`` labels (resource: 2, module/variable/output: 1, terraform: 0)."""
    for entry in doc.get(block_type, []):
        yield from _unfold(entry, file, block_type, depth, ())


def _unfold(entry: Any, file: Path | None, block_type: str, depth: int, labels: tuple[str, ...]) -> Iterator[Block]:
    if depth == 0:
        if isinstance(entry, dict):
            yield Block(file, block_type, labels, entry)
        return
    if isinstance(entry, dict):
        for key, value in entry.items():
            yield from _unfold(value, file, block_type, depth - 1, (*labels, str(key)))
    elif isinstance(entry, list):
        for item in entry:
            yield from _unfold(item, file, block_type, depth, labels)
