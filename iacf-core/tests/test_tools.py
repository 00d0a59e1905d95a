"""Running external tools: output streamed line by line, errors collected, timeouts enforced."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from iacf_core.toolkit.tools import YIELD_NICENESS, run, run_streaming

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


PRIORITY = ("import os, subprocess, sys, time; time.sleep(0.3); print(os.getpriority(os.PRIO_PROCESS, 0)); "
            "sys.stdout.flush(); subprocess.run([sys.executable, '-c', "
            "'import os; print(os.getpriority(os.PRIO_PROCESS, 0))'])")


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="no process priorities on this system")
def test_a_yielding_tool_and_the_processes_it_starts_run_at_a_lower_priority(tmp_path: Path) -> None:
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    usual = run([sys.executable, "-c", PRIORITY], tmp_path)
    yielding = run([sys.executable, "-c", PRIORITY], tmp_path, yielding=True)
    assert usual.stdout.split() == [str(ours)] * 2
    assert yielding.returncode == 0 and yielding.stdout.split() == [str(min(19, ours + YIELD_NICENESS))] * 2


def test_a_yielding_tool_keeps_the_exit_code_the_output_and_the_timeout(tmp_path: Path) -> None:
    done = run([sys.executable, "-c", "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"],
               tmp_path, yielding=True)
    assert (done.returncode, done.stdout, done.stderr) == (3, "out\n", "err\n")
    with pytest.raises(subprocess.TimeoutExpired):
        run([sys.executable, "-c", "import time; time.sleep(30)"], tmp_path, timeout=1, yielding=True)
