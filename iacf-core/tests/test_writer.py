from __future__ import annotations

import os

import pytest

from iacf_core.errors import IacfError
from iacf_core.models import RenderedFile
from iacf_core.writer import write_atomic


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
