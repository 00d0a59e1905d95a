"""Compiled templates, kept between renderers and between processes."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import ClassVar

import jinja2
from jinja2.bccache import Bucket


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept for the process (every Renderer shares them) and, given a ``folder``, on disk
    for the next process. jinja checks each entry against its template's source and its own version, so a
    stale entry is compiled again; a cache that cannot be read or written only costs the compilation."""

    _memory: ClassVar[dict[str, bytes]] = {}

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._memory.get(bucket.key)
        if data is None and self.folder is not None:
            try:
                data = (self.folder / f"{bucket.key}.cache").read_bytes()
            except OSError:
                return
        if data is not None:
            try:
                bucket.bytecode_from_string(data)
            except Exception:  # noqa: BLE001 - a truncated or foreign file: compile again
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        self._memory[bucket.key] = data
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = self.folder / f"{bucket.key}.{os.getpid()}-{threading.get_ident()}.tmp"
            partial.write_bytes(data)
            partial.replace(self.folder / f"{bucket.key}.cache")  # atomic: processes share the folder
        except OSError:
            pass
