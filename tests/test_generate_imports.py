"""A generation loads only what it uses: the gates, the tools' runners, the verify and preflight reports and the
AWS template index writer are other commands' code (each costs a new process its import time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

NOT_FOR_A_GENERATE = (
    "iacf_core.kernel.reports",  # iacf verify / iacf preflight
    "iacf_core.toolkit.validation.static",  # the gates (the built-in secret patterns are apart)
    "iacf_core.toolkit.tools",  # terraform and Checkov runners
    "iacf_aws.typeindex",  # writes the AWS template type index; a generate reads it
    "importlib_metadata",  # the standard library's importlib.metadata finds the plugins
)


@pytest.mark.parametrize("request_text", [
    "App web Django avec PostgreSQL en prod sur AWS",
    "Django app with PostgreSQL in prod on Azure",
    "A Cloud Run API with a Cloud SQL database in dev on GCP",
])
def test_a_generate_imports_no_other_commands_code(tmp_path: Path, request_text: str):
    code = ("import contextlib, io, json, sys\n"
            "from iacf_core.app.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    code = main(['generate', {request_text!r}, '-o', {str(tmp_path / 'out')!r}, '--no-validate'])\n"
            "print(json.dumps([code, sorted(sys.modules)]))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    code, modules = json.loads(done.stdout)
    assert code == 0 and (tmp_path / "out" / "DECISIONS.md").is_file(), done.stderr
    assert "iacf_core.engine.pipeline" in modules  # the generation ran in this process
    assert [m for m in NOT_FOR_A_GENERATE if m in modules] == []
