"""The golden helper of ``iacf_core.testing``: rendered files compared as files, verbatim copies by hash."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from iacf_core.testing import VENDORED_MANIFEST, assert_tree_equal, template_roots


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path, Path]:
    templates = _write(tmp_path / "templates", {"modules/net/main.tf": "# net\n", "modules/net/README.md": "# Net\n",
                                                "root/main.tf.j2": "{{ x }}\n"})
    out = _write(tmp_path / "out", {"main.tf": "module \"net\" {}\n", "modules/net/main.tf": "# net\n",
                                    "modules/net/README.md": "# Net\n", "modules/own/main.tf": "# rendered\n"})
    return templates, out, tmp_path / "golden"


def test_update_keeps_rendered_files_and_hashes_verbatim_copies(layout):
    templates, out, golden = layout
    assert_tree_equal(out, golden, update=True, vendored_from=[templates])
    stored = sorted(p.relative_to(golden).as_posix() for p in golden.rglob("*") if p.is_file())
    assert stored == ["main.tf", "modules/own/main.tf", VENDORED_MANIFEST]
    manifest = json.loads((golden / VENDORED_MANIFEST).read_text())
    assert manifest == {"modules/net/README.md": hashlib.sha256(b"# Net\n").hexdigest(),
                        "modules/net/main.tf": hashlib.sha256(b"# net\n").hexdigest()}
    assert_tree_equal(out, golden, vendored_from=[templates])  # and it compares equal to what it wrote


def test_a_changed_vendored_module_fails_with_its_path(layout):
    templates, out, golden = layout
    assert_tree_equal(out, golden, update=True, vendored_from=[templates])
    (templates / "modules/net/main.tf").write_text("# net v2\n")
    (out / "modules/net/main.tf").write_text("# net v2\n")
    with pytest.raises(AssertionError, match=r"changed files: \['modules/net/main.tf'\]"):
        assert_tree_equal(out, golden, vendored_from=[templates])


def test_a_copy_that_no_longer_matches_its_template_is_a_rendered_file(layout):
    templates, out, golden = layout
    assert_tree_equal(out, golden, update=True, vendored_from=[templates])
    (out / "modules/net/README.md").write_text("# Net, edited\n")
    with pytest.raises(AssertionError) as failed:
        assert_tree_equal(out, golden, vendored_from=[templates])
    assert "missing files: ['modules/net/README.md']" in str(failed.value)
    assert "extra files: ['modules/net/README.md']" in str(failed.value)


def test_missing_and_extra_rendered_files_are_reported(layout):
    templates, out, golden = layout
    assert_tree_equal(out, golden, update=True, vendored_from=[templates])
    (out / "modules/own/main.tf").unlink()
    (out / "extra.tf").write_text("\n")
    with pytest.raises(AssertionError, match=r"missing files: \['modules/own/main.tf'\]; extra files: \['extra.tf'\]"):
        assert_tree_equal(out, golden, vendored_from=[templates])


def test_without_sources_every_file_is_kept(layout):
    _, out, golden = layout
    assert_tree_equal(out, golden, update=True)
    assert not (golden / VENDORED_MANIFEST).exists()
    assert (golden / "modules/net/main.tf").read_text() == "# net\n"


def test_template_roots_are_the_plugins_template_folders(iacf_plugins):
    roots = template_roots(iacf_plugins())
    assert roots and all(root.is_dir() for root in roots)
