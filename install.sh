#!/usr/bin/env bash
# Install iacf (core + AWS + governance, with the moto emulator `iacf verify` uses) in ./.venv, and Checkov in
# its own environment (./.tools/checkov), linked as .venv/bin/checkov so `iacf` finds it. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q './iacf-core[mcp]' ./iacf-governance './iacf-aws[emulator]'
if [ "${IACF_SKIP_CHECKOV:-0}" != "1" ]; then
  [ -x .tools/checkov/bin/checkov ] || { "$PY" -m venv .tools/checkov && .tools/checkov/bin/python -m pip install -q 'checkov>=3.2,<4'; }
  ln -sf "$PWD/.tools/checkov/bin/checkov" .venv/bin/checkov
fi
echo "iacf installed: $(.venv/bin/iacf version)  (activate with: source .venv/bin/activate)" >&2
