"""Reading Terraform files with python-hcl2, with the quoting python-hcl2 8 keeps removed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hcl2

SKIP_DIRS = {".terraform", ".git", ".nox", ".venv", "node_modules"}


class HclError(ValueError):
    """A file is not valid HCL."""


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
    try:
        parsed = hcl2.loads(text)
    except Exception as exc:  # python-hcl2 raises lark errors of several types
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise HclError(first) from exc
    result: dict[str, Any] = unquote(parsed)
    return result


def load_file(path: Path) -> dict[str, Any]:
    return load_text(path.read_text(encoding="utf-8"))


def tf_files(root: Path, pattern: str = "*.tf") -> list[Path]:
    """Every file matching ``pattern`` under ``root``, sorted, skipping tool folders."""
    found = []
    for path in sorted(root.rglob(pattern)):
        if any(part in SKIP_DIRS for part in path.relative_to(root).parts):
            continue
        if path.is_file():
            found.append(path)
    return found


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
