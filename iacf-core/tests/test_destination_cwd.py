"""The output folder is never the current folder or one of its ancestors: writing it would replace the folder the
user's shell is in (``-o .`` in an empty folder) or fail half-way (``-o ../..``); refused before anything is
written, with or without ``--force``."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacf_core.kernel.errors import IacfError
from iacf_core.kernel.writer import check_destination, write_atomic
from iacf_core.testing import run_cli

SAYS = "the output folder is the current folder (or contains it): give a new folder, e.g. -o infrastructure"


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("where", [".", "..", "../..", "{cwd}", "sub/.."])
def test_the_current_folder_and_its_ancestors_are_refused(tmp_path, monkeypatch, where, force):
    cwd = tmp_path / "a" / "b" / "here"
    cwd.mkdir(parents=True)
    (cwd / "sub").mkdir()
    monkeypatch.chdir(cwd)
    with pytest.raises(IacfError) as refused:
        check_destination(Path(where.format(cwd=cwd)), force=force)
    assert refused.value.message == SAYS
    assert sorted(p.name for p in cwd.iterdir()) == ["sub"]


def test_a_link_to_the_current_folder_is_refused(tmp_path, monkeypatch):
    (tmp_path / "here").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "here")
    monkeypatch.chdir(tmp_path / "here")
    with pytest.raises(IacfError, match="is the current folder"):
        write_atomic(tmp_path / "link", [], force=True)


def test_a_new_or_other_folder_still_works_with_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "keep.txt").write_text("x")
    assert check_destination(Path("infrastructure"), force=False) == tmp_path / "infrastructure"
    assert check_destination(Path("old"), force=True) == tmp_path / "old"


def test_generate_into_an_empty_current_folder_is_exit_2_and_leaves_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run_cli("generate", "A Django app with PostgreSQL", "-o", ".", "--no-validate")
    assert res.exit_code == 2
    assert res.stderr.strip() == f"iacf: error: {SAYS}"
    assert Path.cwd() == tmp_path and tmp_path.is_dir() and list(tmp_path.iterdir()) == []
