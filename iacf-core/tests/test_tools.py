"""Running external tools: output streamed line by line, errors collected, timeouts enforced."""

from __future__ import annotations

import subprocess
import sys

import pytest

from iacf_core.toolkit.tools import run_streaming

SCRIPT = ("import sys, time\n"
          "for i in range(3):\n"
          "    print(f'line {i}', flush=True); print(f'err {i}', file=sys.stderr, flush=True); time.sleep(0.05)\n"
          "sys.exit(3)\n")


def test_lines_arrive_while_the_command_runs(tmp_path):
    seen = []
    proc = run_streaming([sys.executable, "-c", SCRIPT], tmp_path, None, seen.append)
    assert seen == ["line 0", "line 1", "line 2"]
    assert (proc.returncode, proc.stdout, proc.stderr) == (3, "line 0\nline 1\nline 2\n", "err 0\nerr 1\nerr 2\n")


def test_timeout_kills_the_command(tmp_path):
    with pytest.raises(subprocess.TimeoutExpired):
        run_streaming([sys.executable, "-c", "import time; time.sleep(30)"], tmp_path, None, lambda _l: None,
                      timeout=1)
