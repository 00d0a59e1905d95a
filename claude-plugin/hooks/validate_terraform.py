"""PostToolUse hook: after a `.tf` file of an iacf project is written, run `iacf validate` on the project.

Reads the hook event (JSON) on stdin. Does nothing for other files, for Terraform outside an iacf project
(no `.iacf/manifest.json` above it) or when `iacf` is not on PATH. When a gate fails, prints the blocking
findings on stderr and exits 2, which shows them to Claude.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path


def project_root(path: Path) -> Path | None:
    for folder in path.parents:
        if (folder / ".iacf" / "manifest.json").is_file():
            return folder
    return None


def main() -> int:
    try:
        event = json.load(sys.stdin)
    except ValueError:
        return 0
    file_path = (event.get("tool_input") or {}).get("file_path") or ""
    if not file_path.endswith(".tf"):
        return 0
    root = project_root(Path(file_path).resolve())
    iacf = shutil.which("iacf")
    if root is None or iacf is None:
        return 0
    proc = subprocess.run([iacf, "validate", str(root), "--json"], capture_output=True, text=True, check=False)
    if proc.returncode == 0:
        return 0
    if proc.returncode != 1:
        sys.stderr.write(f"iacf validate {root}: {proc.stderr.strip()}\n")
        return 2
    report = json.loads(proc.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    sys.stderr.write(f"iacf validate {root}: {len(errors)} blocking finding(s)\n")
    for f in errors[:20]:
        where = f.get("file", "") + (f":{f['line']}" if f.get("line") else "")
        sys.stderr.write(f"- [{f.get('risk', 'unrated')}] {f['check']} {where}: {f['message']}\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
