"""Atomic output: files are written to a temporary sibling folder, then moved into place.

A failure at any point leaves the destination as it was: never a half-written project.
"""

from __future__ import annotations

import base64
import os
import shutil
import tempfile
from pathlib import Path

from .errors import IacfError
from .models import RenderedFile


def check_destination(out: Path, force: bool) -> None:
    """Refuse early what ``write_atomic`` would refuse, before any work is done."""
    if out.exists() and not out.is_dir():
        raise IacfError(f"output path {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise IacfError(f"output folder {out} is not empty; choose another folder or pass --force to replace it")
    parent = _existing_parent(out)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise IacfError(f"cannot write under {parent}: permission denied")
    if out.resolve() in (Path.home().resolve(), Path("/")) or out.resolve() == Path.cwd().resolve():
        if out.is_dir() and any(out.iterdir()):
            raise IacfError(f"refusing to replace {out}: choose a dedicated output folder")


def _existing_parent(path: Path) -> Path:
    current = path.absolute().parent
    while not current.exists():
        current = current.parent
    if not current.is_dir():
        raise IacfError(f"output path {path} is below {current}, which is not a folder")
    return current


def write_atomic(out: Path, files: list[RenderedFile], force: bool) -> None:
    check_destination(out, force)
    seen: set[str] = set()
    for f in files:
        if f.path in seen:
            raise IacfError(f"two rendered files share the path {f.path}")
        seen.add(f.path)
    out = out.absolute()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IacfError(f"cannot create {out.parent}: {exc.strerror or exc}") from exc
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.iacf-", dir=out.parent))
    backup: Path | None = None
    try:
        for f in sorted(files, key=lambda x: x.path):
            target = staging / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if f.encoding == "base64":
                target.write_bytes(base64.b64decode(f.content))
            else:
                with open(target, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(f.content)
            os.chmod(target, 0o755 if f.executable else 0o644)
        os.chmod(staging, 0o755)  # noqa: S103 - a project folder, readable like any checkout
        if out.exists():
            backup = out.parent / f".{out.name}.iacf-old-{os.getpid()}"
            os.replace(out, backup)
        os.replace(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if backup is not None and backup.exists() and not out.exists():
            os.replace(backup, out)
        raise IacfError(f"cannot write {out}: {exc.strerror or exc}") from exc
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)
