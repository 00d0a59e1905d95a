#!/usr/bin/env bash
# Install iacf in ./.venv (core + AWS + governance, with the MCP extra and the moto emulator `iacf verify` uses)
# and Checkov in its own environment (./.tools/checkov, linked as .venv/bin/checkov so `iacf` finds it).
# Everything goes into virtual environments: nothing is installed into the system Python. Safe to run again.
#
#   ./install.sh                 iacf and Checkov
#   ./install.sh --test-tools    only what ./run-tests needs: Checkov and nox (./.tools/nox)
#
# Needs python3 >= 3.10 with its venv module (Debian/Ubuntu: sudo apt install python3 python3-venv).
# IACF_SKIP_CHECKOV=1 skips Checkov; PYTHON=/path/to/python3 picks the interpreter.
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
CHECKOV_SPEC='checkov>=3.2,<4'   # the one Checkov of the project: iacf, nox and CI use ./.tools/checkov
NOX_SPEC='nox>=2024.4'
export PIP_DISABLE_PIP_VERSION_CHECK=1

fail() { echo "install.sh: $*" >&2; exit 1; }

command -v "$PY" >/dev/null 2>&1 || fail "$PY not found: install Python >= 3.10 (Debian/Ubuntu: sudo apt install python3 python3-venv)"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
  || fail "Python >= 3.10 is needed; $PY is $("$PY" -c 'import platform; print(platform.python_version())')"

# venv DIR: a virtual environment with a working pip (a half-made one, from a missing python3-venv, is redone)
venv() {
  [ -x "$1/bin/python" ] && "$1/bin/python" -m pip --version >/dev/null 2>&1 && return 0
  rm -rf "$1"
  if ! "$PY" -m venv "$1" >/dev/null 2>&1; then
    rm -rf "$1"; rmdir "$(dirname "$1")" 2>/dev/null || true
    fail "cannot create a virtual environment with $PY: install its venv module (Debian/Ubuntu: sudo apt install python3-venv)"
  fi
}

# tool NAME SPEC: a command-line tool in its own environment, ./.tools/NAME
tool() {
  [ -x ".tools/$1/bin/$1" ] && return 0
  venv ".tools/$1"
  ".tools/$1/bin/python" -m pip install -q "$2" || { rm -rf ".tools/$1"; fail "could not install $2"; }
}

if [ "${1:-}" = "--test-tools" ]; then
  tool checkov "$CHECKOV_SPEC"
  tool nox "$NOX_SPEC"
  exit 0
fi
[ $# -eq 0 ] || fail "unknown argument $1 (usage: ./install.sh [--test-tools])"

venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q './iacf-core[mcp,github,offline]' ./iacf-governance './iacf-aws[emulator]' ./iacf-azure ./iacf-gcp
if [ "${IACF_SKIP_CHECKOV:-0}" != "1" ]; then
  tool checkov "$CHECKOV_SPEC"
  ln -sf "$PWD/.tools/checkov/bin/checkov" .venv/bin/checkov
fi
echo "iacf installed: $(.venv/bin/iacf version)  (activate with: source .venv/bin/activate)" >&2
