"""iacf-core's layers: the import contracts of `.importlinter` hold, and the kernel stays small.

The contracts (checked by import-linter, also in `nox -s lint`): testing > app > factory > engine >
toolkit | request > kernel, one way; plugins import only `iacf_core`, `iacf_core.toolkit` and `iacf_core.testing`;
no plugin imports another; PyGithub, mcp, grpc and typer stay in the modules their extras serve.
"""

from __future__ import annotations

import ast
import io
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "iacf-core" / "src" / "iacf_core"
KERNEL_BUDGET = 2000  # lines of code (no blank, comment or docstring line), like cloc counts them
LAYERS = ("kernel", "request", "toolkit", "engine", "factory", "app")


def code_lines(path: Path) -> int:
    """Lines holding code: not blank, not only a comment, not part of a docstring."""
    source = path.read_text(encoding="utf-8")
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                docstrings.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    lines: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in skip:
            lines.update(n for n in range(tok.start[0], tok.end[0] + 1) if n not in docstrings)
    return len(lines)


def layer_sizes() -> dict[str, tuple[int, int]]:
    """Per layer: (lines of code, physical lines)."""
    sizes = {}
    for layer in LAYERS:
        files = sorted((CORE / layer).rglob("*.py"))
        sizes[layer] = (sum(code_lines(f) for f in files),
                        sum(len(f.read_text(encoding="utf-8").splitlines()) for f in files))
    return sizes


def test_code_lines_ignore_docstrings_and_comments(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text('"""Doc\nstring."""\n\n# comment\nx = 1  # trailing\n\n\ndef f():\n    """One."""\n'
                      '    return """not a\ndocstring"""\n')
    assert code_lines(sample) == 4  # x = 1, def f():, return """not a, docstring"""


def test_the_kernel_stays_under_its_budget() -> None:
    sizes = layer_sizes()
    report = ", ".join(f"{layer} {code} ({physical} physical)" for layer, (code, physical) in sizes.items())
    print(f"lines of code per layer: {report}")
    assert sizes["kernel"][0] < KERNEL_BUDGET, report


def test_every_core_module_belongs_to_a_layer() -> None:
    top = sorted(p.name for p in CORE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "testing.py"], top
    packages = sorted(p.name for p in CORE.iterdir() if (p / "__init__.py").is_file())
    assert packages == sorted([*LAYERS]), packages


def test_import_contracts_hold() -> None:
    linter = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(linter).exists():
        pytest.skip("import-linter is not installed (pip install import-linter)")
    done = subprocess.run([linter, "--config", str(ROOT / ".importlinter"), "--no-cache"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout
