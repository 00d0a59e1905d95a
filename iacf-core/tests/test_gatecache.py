"""The external gates' answers are kept by exactly what they judged: the same files, the same tool, the same
settings give the kept answer (marked cached) without running the tool; anything different asks the tool."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from iacf_core.kernel import cache
from iacf_core.toolkit.validation.runner import validate_dir

DOC = 'resource "a_b" "c" {\n  tags = { A = "1" }\n}\n'


def _fake_checkov(folder: Path, *, failed: int = 0, broken: bool = False) -> Path:
    """A checkov that counts its runs (runs.log beside it) and reports ``failed`` failed checks."""
    folder.mkdir(parents=True, exist_ok=True)
    report = {"check_type": "terraform", "summary": {"passed": 3, "failed": failed, "skipped": 0,
                                                     "parsing_errors": 0, "resource_count": 1},
              "results": {"failed_checks": [{"check_id": "CKV_X_1", "check_name": "a check", "file_path": "/main.tf",
                                             "file_line_range": [1, 3], "resource": "a_b.c"}] * failed}}
    out = "not json" if broken else json.dumps(report)
    exe = folder / "checkov"
    exe.write_text(f"#!/bin/sh\necho run >> '{folder}/runs.log'\ncat <<'EOF'\n{out}\nEOF\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


def _runs(exe: Path) -> int:
    log = exe.parent / "runs.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IACF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("IACF_TERRAFORM", str(tmp_path / "no-terraform"))  # fmt and validate: skipped, not kept
    monkeypatch.delenv("IACF_GATE_CACHE", raising=False)
    cache._prune.cache_clear()
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "main.tf").write_text(DOC, encoding="utf-8")
    return folder


def _checkov_gate(report):  # type: ignore[no-untyped-def]
    return next(g for g in report.gates if g.gate == "checkov")


def test_the_same_files_and_tool_reuse_the_answer_and_say_so(plugins, project, tmp_path, monkeypatch):
    exe = _fake_checkov(tmp_path / "tool", failed=1)
    monkeypatch.setenv("IACF_CHECKOV", str(exe))
    first = validate_dir(project, plugins, None)
    second = validate_dir(project, plugins, None)
    assert _runs(exe) == 1
    assert not _checkov_gate(first).cached and _checkov_gate(second).cached
    # a failed answer is an answer: kept, with its findings, identical but for the flag and the time
    assert _checkov_gate(second).status == "failed"
    strip = {"seconds", "cached"}
    assert _checkov_gate(first).model_dump(exclude=strip) == _checkov_gate(second).model_dump(exclude=strip)
    assert [f.model_dump() for f in first.findings] == [f.model_dump() for f in second.findings]
    assert {g.gate: g.cached for g in second.gates}["fmt"] is False  # skipped tools are never kept


def test_a_changed_file_a_new_file_or_another_tool_ask_the_tool_again(plugins, project, tmp_path, monkeypatch):
    exe = _fake_checkov(tmp_path / "tool")
    monkeypatch.setenv("IACF_CHECKOV", str(exe))
    validate_dir(project, plugins, None)
    (project / "main.tf").write_text(DOC.replace('"1"', '"2"'), encoding="utf-8")
    assert not _checkov_gate(validate_dir(project, plugins, None)).cached
    (project / "extra.tfvars").write_text('x = "y"\n', encoding="utf-8")
    assert not _checkov_gate(validate_dir(project, plugins, None)).cached
    assert _runs(exe) == 3
    os.utime(exe, ns=(1, 1))  # an upgraded tool (other modification time)
    assert not _checkov_gate(validate_dir(project, plugins, None)).cached
    monkeypatch.setenv("CKV_FRAMEWORK", "terraform")  # a setting the tool reads
    assert not _checkov_gate(validate_dir(project, plugins, None)).cached
    assert _runs(exe) == 5
    assert _checkov_gate(validate_dir(project, plugins, None)).cached


def test_no_answer_is_not_kept_and_the_cache_can_be_turned_off(plugins, project, tmp_path, monkeypatch):
    broken = _fake_checkov(tmp_path / "broken", broken=True)
    monkeypatch.setenv("IACF_CHECKOV", str(broken))
    for _ in range(2):
        assert _checkov_gate(validate_dir(project, plugins, None)).status == "failed"
    assert _runs(broken) == 2  # an unreadable report is asked again
    exe = _fake_checkov(tmp_path / "tool")
    monkeypatch.setenv("IACF_CHECKOV", str(exe))
    monkeypatch.setenv("IACF_GATE_CACHE", "off")
    for _ in range(2):
        assert not _checkov_gate(validate_dir(project, plugins, None)).cached
    assert _runs(exe) == 2


def test_an_unwritable_cache_only_costs_the_run(plugins, project, tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("IACF_CACHE_DIR", str(blocked / "cache"))
    exe = _fake_checkov(tmp_path / "tool")
    monkeypatch.setenv("IACF_CHECKOV", str(exe))
    for _ in range(2):
        gate = _checkov_gate(validate_dir(project, plugins, None))
        assert gate.status == "passed" and not gate.cached
    assert _runs(exe) == 2
