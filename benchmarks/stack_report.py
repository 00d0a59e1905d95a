#!/usr/bin/env python3
"""Stack report: for each request, `iacf generate` with every gate (resources declared, Checkov passed / failed /
skipped, gate statuses), and with --verify `iacf verify` on the local emulator (resources applied, planned only,
empty re-plan, destroy). The numbers a release note quotes; nothing is asserted.

Usage: python benchmarks/stack_report.py [--verify] [--json] [REQUEST ...]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REQUESTS = [
    "App web Django avec PostgreSQL en prod sur AWS",
    "App web Django avec PostgreSQL en dev sur AWS",
    "Serverless Python API on AWS Lambda with a DynamoDB table in dev",
    "Next.js static frontend and a serverless API with DynamoDB in prod on AWS",
    "Rails app with a MySQL database, a Redis cache and a worker consuming a queue in staging on AWS",
]
_RESOURCE = re.compile(r'^resource\s+"[a-z0-9_]+"\s+"[^"]+"', re.M)


def iacf() -> str:
    here = Path(sys.executable).parent / "iacf"
    return str(here) if here.exists() else "iacf"


def declared(project: Path) -> int:
    """`resource` blocks in the project's .tf files (root and vendored modules; count/for_each not expanded)."""
    return sum(len(_RESOURCE.findall(p.read_text(encoding="utf-8"))) for p in project.rglob("*.tf")
               if "bootstrap" not in p.parts)


def report(request: str, verify: bool, work: Path) -> dict[str, object]:
    out = work / re.sub(r"[^a-z0-9]+", "-", request.lower())[:60]
    started = time.perf_counter()
    proc = subprocess.run([iacf(), "generate", request, "--out", str(out), "--json"], capture_output=True, text=True)
    row: dict[str, object] = {"request": request, "generate_exit": proc.returncode,
                              "generate_s": round(time.perf_counter() - started, 1)}
    if proc.returncode not in (0, 1):
        row["error"] = proc.stderr.strip().splitlines()[-1:] if proc.stderr else []
        return row
    data = json.loads(proc.stdout)
    row["components"] = len(data["components"])
    row["decisions"] = len(data["decisions"])
    row["resources_declared"] = declared(out)
    gates = {g["gate"]: g for g in data["gates"]}
    row["gates"] = {name: g["status"] for name, g in gates.items()}
    if "checkov" in gates:
        row["checkov"] = gates["checkov"].get("counts", {})
    if verify:
        started = time.perf_counter()
        ver = subprocess.run([iacf(), "verify", str(out), "--json"], capture_output=True, text=True)
        row["verify_s"] = round(time.perf_counter() - started, 1)
        try:
            roots = json.loads(ver.stdout)["roots"]
        except (json.JSONDecodeError, KeyError):
            row["verify_error"] = ver.stderr.strip()[-400:]
            return row
        row["verify"] = {r["root"]: {"ok": r["ok"], "applied": len(r["applied"]),
                                     "planned_only": len(r["not_applied"]), "drift": len(r["drift"]),
                                     "emulator_drift": len(r["emulator_drift"]), "destroyed": r["destroyed"]}
                         for r in roots}
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requests", nargs="*", default=REQUESTS)
    parser.add_argument("--verify", action="store_true", help="also deploy-test each stack on the emulator")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="iacf-report-") as tmp:
        rows = [report(r, args.verify, Path(tmp)) for r in args.requests]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    for row in rows:
        print(f"- {row['request']}")
        for key in ("generate_exit", "components", "decisions", "resources_declared", "checkov", "gates",
                    "verify", "error", "verify_error"):
            if key in row:
                print(f"    {key}: {row[key]}")


if __name__ == "__main__":
    main()
