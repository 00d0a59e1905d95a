"""Atomic output: files are written to a temporary sibling folder, then moved into place.

A failure at any point leaves the destination as it was: never a half-written project, and no parent folder
left behind that this run created. Every problem with the destination is an :class:`IacfError` (exit 2).
"""

from __future__ import annotations

import base64
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import IacfError, one_line
from .models import RenderedFile


def check_destination(out: Path, force: bool, inputs: Sequence[Path | None] = ()) -> Path:
    """Refuse early what ``write_atomic`` would refuse, before any work is done; the folder to write. With
    ``force``, a folder holding one of the ``inputs`` (the spec, the policy) is refused: replacing it would
    delete them."""
    shown = one_line(str(out), 120)
    try:
        folder = _check(out, force, shown)
        if force and folder.is_dir():
            inside = [p for p in inputs if p is not None and folder.resolve() in Path(p).resolve().parents]
            if inside:
                raise IacfError(f"refusing to replace {shown}: it holds {one_line(str(inside[0]), 120)}, an input "
                                "of this run; choose another output folder")
        return folder
    except OSError as exc:
        raise IacfError(f"output folder {shown}: {exc.strerror or exc}") from None
    except ValueError as exc:  # an embedded NUL
        raise IacfError(f"output folder {shown} is not a usable path: {exc}") from None


def _check(out: Path, force: bool, shown: str) -> Path:
    if "\x00" in str(out):  # pathlib answers "does not exist" for such a path; the OS would refuse it later
        raise IacfError(f"output folder {shown} contains a NUL character")
    if out.is_symlink():
        try:
            out = Path(os.path.realpath(out, strict=True))
        except OSError:
            raise IacfError(f"output folder {shown} is a broken symbolic link or a symbolic link loop") from None
    out = out.absolute()
    if Path(os.path.realpath(out)) in (here := Path.cwd().resolve(), *here.parents):  # a shell stands in it
        raise IacfError("the output folder is the current folder (or contains it): give a new folder, e.g. -o "
                        "infrastructure")
    if out.exists() and not out.is_dir():
        raise IacfError(f"output path {shown} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise IacfError(f"output folder {shown} is not empty; choose another folder or pass --force to "
                            "replace it")
        if out.resolve() in (Path.home().resolve(), Path("/")):
            raise IacfError(f"refusing to replace {shown}: choose a dedicated output folder")
    _probe(_existing_parent(out, shown))
    return out


def _existing_parent(path: Path, shown: str) -> Path:
    current = path.parent
    while not os.path.lexists(current):
        current = current.parent
    if not current.is_dir():
        what = "a broken symbolic link or a link loop" if current.is_symlink() else "not a folder"
        raise IacfError(f"output folder {shown} is below {one_line(str(current), 120)}, which is {what}")
    return current


def _probe(parent: Path) -> None:
    """Create and remove a folder where the output will be staged: the only reliable writability test
    (permissions, ACLs, read-only mounts, /proc and other pseudo file systems)."""
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".iacf-probe-", dir=parent))
    except OSError as exc:
        raise IacfError(f"cannot create folders under {one_line(str(parent), 120)}: "
                        f"{exc.strerror or exc}") from None


def write_atomic(out: Path, files: list[RenderedFile], force: bool) -> None:
    out = check_destination(out, force)
    seen: set[str] = set()
    for f in files:
        if f.path in seen:
            raise IacfError(f"two rendered files share the path {f.path}")
        seen.add(f.path)
    created = make_parents(out.parent)
    staging: Path | None = None
    backup: Path | None = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.iacf-", dir=out.parent))
        made = {staging}
        for f in sorted(files, key=lambda x: x.path):
            target = staging / f.path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
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
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if backup is not None and backup.exists() and not out.exists():
            os.replace(backup, out)
        remove_empty(created)
        raise IacfError(f"cannot write {one_line(str(out), 120)}: {exc.strerror or exc}") from None
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the folders created, outermost first."""
    missing = []
    current = folder
    while not os.path.lexists(current):
        missing.append(current)
        current = current.parent
    created: list[Path] = []
    try:
        for path in reversed(missing):
            try:
                path.mkdir()
            except FileExistsError:
                if not path.is_dir():
                    raise
                continue  # another process (a batch's worker) made it meanwhile: not ours to remove
            created.append(path)
    except OSError as exc:
        remove_empty(created)
        raise IacfError(f"cannot create {one_line(str(folder), 120)}: {exc.strerror or exc}") from None
    return created


def remove_empty(created: list[Path]) -> None:
    """Remove the folders ``make_parents`` created, innermost first, as long as they are empty."""
    for path in reversed(created):
        try:
            path.rmdir()
        except OSError:
            return
