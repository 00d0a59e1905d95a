"""The fast paths of text folding and address globbing give exactly what the general code gives."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from iacf_core.kernel import text
from iacf_core.toolkit.addresses import Address, glob_match, select


@pytest.mark.parametrize("value", ["", "App web Django", "l'app `x` O'Neil", "eu-west-1/Prod_DB #1",
                                   "".join(chr(c) for c in range(128)), "Base de données Élevée", "l’app", "ﬁle"])
def test_folding_agrees_with_the_general_code(value: str) -> None:
    assert text._fold(value) == text._fold_unicode(value)
    assert text.normalize(value) == text._fold_unicode(value)[0].lower()


def test_letters_without_a_decomposition_are_spelt_out_not_dropped() -> None:
    assert text.normalize("Cœur d'ŒUVRE, ex æquo, Straße, Lambda ×2") == "coeur d oeuvre, ex aequo, strasse, lambda x2"
    folded, where = text._fold("Œuvre")
    assert (folded, where) == ("Oeuvre", [0, 0, 1, 2, 3, 4])  # both letters point at the ligature


def test_every_ascii_character_folds_to_itself_but_the_quotes() -> None:
    for code in range(128):
        char = chr(code)
        assert text.normalize(char) == text._fold_unicode(char)[0].lower()


TEXTS = ["".join(p) for n in range(6) for p in itertools.product("ab._", repeat=n)]
PATTERNS = ["".join(p) for n in range(5) for p in itertools.product("a.*_", repeat=n)] + ["a?b", "[ab]*", "*[!a]"]


def test_glob_match_is_fnmatchcase() -> None:
    mismatches = [(t, p) for t in TEXTS for p in PATTERNS if glob_match(t, p) != fnmatchcase(t, p)]
    assert mismatches == []
    assert sum(glob_match(t, p) for t in TEXTS for p in PATTERNS) > 1000  # the cases match as well as fail


@pytest.mark.parametrize(("address", "pattern", "expected"), [
    ("aws_iam_role.web_task", "aws_iam_role", True),
    ("aws_iam_role.web_task", "aws_iam_*", True),
    ("module.web.aws_iam_role.web_task", "aws_iam_role.*_task", True),
    ("module.db_secret_key.aws_kms_key.this", "module.*_secret_key.*", True),
    ("module.web.aws_iam_role.web_task", "aws_s3_*", False),
    ("aws_iam_role.web_exec", "aws_iam_role.*_task", False),
])
def test_address_patterns(address: str, pattern: str, expected: bool) -> None:
    assert Address("", address).matches(pattern) is expected


def test_select_looks_plain_types_up_and_matches_the_rest_like_matches() -> None:
    addresses = [Address(root, a) for root in ("", "bootstrap") for a in (
        "aws_iam_role.web_task", "aws_iam_role.web_exec", "module.web.aws_iam_role.web_task", "module.kms",
        "module.db_secret_key.aws_kms_key.this", "aws_kms_key.this", "aws_s3_bucket.logs", "aws_s3_bucket_policy.x")]
    patterns = ["aws_iam_role", "aws_kms_key", "module", "aws_s3_bucket", "aws_s3_*", "aws_iam_role.*_task",
                "module.*_secret_key.*", "*", "aws_kms_key.this", "a?s_s3_bucket", "nothing"]
    for size in range(3):
        for chosen in itertools.combinations(patterns, size):
            assert select(addresses, chosen) == sorted({a for a in addresses if any(a.matches(p) for p in chosen)})
    assert [a.address for a in select(addresses, ["aws_s3_bucket"]) if a.root == ""] == ["aws_s3_bucket.logs"]
    assert {a.address for a in select(addresses, ["module"])} == {"module.kms"}


# -- the quick exit of the console script -----------------------------------------------------------------------

_RUN = """
import atexit, sys, threading
from iacf_core.app import cli
atexit.register(lambda: print("exit handler ran", flush=True))
if "--thread" in sys.argv:
    sys.argv.remove("--thread")
    # still running when the command ends, whatever the machine's speed: it waits for the main thread to end
    threading.Thread(target=lambda: (threading.main_thread().join(), print("thread finished", flush=True))).start()
cli.run()
"""


def _console(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def test_the_console_script_leaves_with_its_code_its_whole_output_and_its_exit_handlers(tmp_path: Path) -> None:
    proc = _console(tmp_path, "schema")
    assert proc.returncode == 0, proc.stderr
    body, _, tail = proc.stdout.rpartition("}")
    assert json.loads(body + "}")["title"]  # the whole document, not a buffer's worth
    assert tail.strip() == "exit handler ran"
    refused = _console(tmp_path, "generate", "")
    assert refused.returncode == 2
    assert refused.stderr.startswith("iacf: error: the request is empty")
    assert refused.stdout.strip() == "exit handler ran"
    assert list(tmp_path.iterdir()) == []


def test_a_thread_still_running_gets_the_ordinary_exit(tmp_path: Path) -> None:
    proc = _console(tmp_path, "version", "--thread")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-2:] == ["thread finished", "exit handler ran"]


def test_a_profiled_command_gets_the_ordinary_exit_and_its_report(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "cProfile", "-s", "tottime", "-m", "iacf_core", "version"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "function calls" in proc.stdout  # the profiler's report, printed after the command returned
