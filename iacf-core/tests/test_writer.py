from __future__ import annotations

import os
from pathlib import Path

import pytest

from iacf_core.kernel import writer
from iacf_core.kernel.errors import IacfError
from iacf_core.kernel.models import RenderedFile
from iacf_core.kernel.writer import check_destination, write_atomic


def files(*pairs):
    return [RenderedFile(path=p, content=c) for p, c in pairs]


def test_writes_all_files(tmp_path):
    out = tmp_path / "a" / "b"
    write_atomic(out, files(("main.tf", "x\n"), ("modules/m/main.tf", "y\n")), force=False)
    assert (out / "main.tf").read_text() == "x\n"
    assert (out / "modules/m/main.tf").read_text() == "y\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a"]  # no staging folder left


def test_binary_file_is_written_as_its_bytes(tmp_path):
    import base64

    data = bytes(range(256)) + b"\r\n\x00"
    out = tmp_path / "out"
    binary = RenderedFile(path="functions/fn/placeholder.zip", content=base64.b64encode(data).decode(),
                          encoding="base64")
    write_atomic(out, [binary, *files(("main.tf", "x\n"))], force=False)
    assert (out / "functions/fn/placeholder.zip").read_bytes() == data
    assert (out / "main.tf").read_text() == "x\n"


def test_refuses_non_empty_without_force(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(IacfError, match="not empty"):
        write_atomic(tmp_path, files(("main.tf", "x")), force=False)
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_force_replaces_whole_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.tf").write_text("old")
    write_atomic(out, files(("main.tf", "new")), force=True)
    assert sorted(p.name for p in out.iterdir()) == ["main.tf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_output_path_is_a_file(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(IacfError, match="not a folder"):
        write_atomic(target, files(("main.tf", "x")), force=True)


def test_failure_leaves_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(IacfError, match="No space left"):
        write_atomic(out, files(("main.tf", "x")), force=False)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", ["../escape.tf", "/abs.tf", "a//b.tf", "a/../../b"])
def test_unsafe_paths_rejected(bad):
    with pytest.raises(ValueError, match="unsafe"):
        RenderedFile(path=bad, content="")


def test_parent_is_a_file(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(IacfError, match="not a folder"):
        write_atomic(blocker / "sub" / "out", files(("main.tf", "x")), force=False)
    assert blocker.read_text() == "x"


def test_missing_parents_are_removed_when_the_write_fails(tmp_path, monkeypatch):
    out = tmp_path / "a" / "b" / "out"

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(IacfError, match="No space left"):
        write_atomic(out, files(("main.tf", "x")), force=False)
    assert list(tmp_path.iterdir()) == []  # neither a/ nor a/b/ is left behind


def test_a_parent_made_meanwhile_by_another_process_is_used_and_never_removed(tmp_path, monkeypatch):
    shared = tmp_path / "fleet"
    real_mkdir = Path.mkdir

    def racing_mkdir(self, *args, **kwargs):  # another worker creates the folder just before this one does
        if self == shared:
            real_mkdir(self)
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", racing_mkdir)
    write_atomic(shared / "shop-dev", files(("main.tf", "x")), force=False)
    assert (shared / "shop-dev" / "main.tf").read_text() == "x"
    monkeypatch.setattr(os, "replace", lambda *_a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    (shared / "shop-dev" / "main.tf").unlink()
    (shared / "shop-dev").rmdir()
    with pytest.raises(IacfError, match="No space left"):
        write_atomic(shared / "blog-dev", files(("main.tf", "x")), force=False)
    assert shared.is_dir()  # the other process's folder stays: this one did not create it
    assert writer.make_parents(shared) == []


@pytest.mark.parametrize("where", ["/proc/iacf-out", "/proc/self/iacf-out", "/sys/iacf-out"])
def test_pseudo_file_systems_are_refused_early(where):
    if not Path(where).parent.is_dir():
        pytest.skip(f"no {Path(where).parent} here")
    with pytest.raises(IacfError, match="cannot create folders under"):
        check_destination(Path(where), force=False)


def test_symlinks(tmp_path):
    (tmp_path / "loop1").symlink_to("loop2")
    (tmp_path / "loop2").symlink_to("loop1")
    (tmp_path / "dangling").symlink_to("nowhere/at/all")
    for name in ("loop1", "dangling"):
        with pytest.raises(IacfError, match="broken symbolic link or a symbolic link loop"):
            check_destination(tmp_path / name, force=False)
    with pytest.raises(IacfError, match="broken symbolic link or a link loop"):
        check_destination(tmp_path / "loop1" / "sub", force=False)
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    write_atomic(tmp_path / "link", files(("main.tf", "x\n")), force=False)
    assert (real / "main.tf").read_text() == "x\n"  # written where the link points


def test_unusable_names_are_input_errors(tmp_path):
    for bad in (tmp_path / ("n" * 300), tmp_path / "/".join(["d" * 200] * 25), Path("out\x00x")):
        with pytest.raises(IacfError):
            check_destination(bad, force=False)
    assert list(tmp_path.iterdir()) == []


def test_home_root_and_cwd_are_never_replaced(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x").write_text("x")
    for where in (Path("/"), Path("."), tmp_path):
        with pytest.raises(IacfError, match="refusing to replace|is the current folder"):
            check_destination(where, force=True)
