"""iacf's cache folder, and documents kept there by the text they were derived from.

Whatever is kept only saves time: an entry is checked against what it was made from (the SHA-256 of the text and
the release of the tool that read it), and a folder that cannot be read or written is worked around.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """``IACF_CACHE_DIR``, else ``$XDG_CACHE_HOME/iacf``, else ``~/.cache/iacf``; made when missing."""
    base = os.environ.get("IACF_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "iacf"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def optional_cache(name: str) -> Path | None:
    """``cache_dir() / name`` for a cache that only saves time: None when the cache folder cannot be made (a
    read-only home), and the caller works without it."""
    try:
        return cache_dir() / name
    except OSError:
        return None


class TextCache:
    """Documents derived from texts by a deterministic reader (a parser of one release), kept as JSON under
    ``<cache>/<name>/<release>/<sha256 of the text>.json``. Only documents JSON gives back unchanged are kept; past
    ``kept`` entries, the oldest half goes (checked once a process)."""

    def __init__(self, name: str, release: str, kept: int = 4000) -> None:
        self.name, self.release, self.kept = name, release, kept

    def folder(self) -> Path | None:
        base = optional_cache(self.name)
        return base / self.release if base is not None else None

    def _entry(self, text: str) -> Path | None:
        folder = self.folder()
        return folder / f"{hashlib.sha256(text.encode()).hexdigest()}.json" if folder is not None else None

    def get(self, text: str) -> Any:
        """The document kept for ``text``, or None."""
        entry = self._entry(text)
        try:
            return json.loads(entry.read_bytes()) if entry is not None else None
        except (OSError, ValueError):
            return None  # not kept yet, or unreadable: the caller reads the text again

    def put(self, text: str, document: Any) -> None:
        entry = self._entry(text)
        data = json.dumps(document)
        if entry is None or json.loads(data) != document:
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            _prune(entry.parent, self.kept)
            partial = entry.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
            partial.write_text(data, encoding="utf-8")
            partial.replace(entry)  # atomic: processes share the folder
        except OSError:
            pass  # a read-only cache only costs the reading


@functools.cache  # once a process and folder
def _prune(folder: Path, kept: int) -> None:
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
    if len(entries) > kept:
        for old in entries[: len(entries) - kept // 2]:
            old.unlink(missing_ok=True)
