#!/usr/bin/env python3
"""Benchmark: `iacf generate` as a new process (cold: interpreter start, plugin discovery, render, write),
then `terraform init -backend=false` + `validate` on the same output. Prints a small table; --json for data.

Usage: python benchmarks/bench_generate.py [--runs N] [--request TEXT] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = "App web Django avec PostgreSQL en prod sur AWS"


def timed(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0,):
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--request", default=SEED)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, object] = {"request": args.request, "runs": args.runs}
    with tempfile.TemporaryDirectory() as tmp:
        times = []
        out = Path(tmp) / "out"
        for i in range(args.runs):
            shutil.rmtree(out, ignore_errors=True)
            t, rss = timed([sys.executable, "-m", "iacf_core", "generate", args.request, "--out", str(out),
                            "--no-validate"])
            times.append(t)
        results["generate_cold_s"] = {"min": min(times), "median": statistics.median(times), "max": max(times)}
        results["max_rss_kib"] = rss
        files = [p for p in out.rglob("*") if p.is_file()]
        results["files"] = len(files)
        results["bytes"] = sum(p.stat().st_size for p in files)
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "iacf-core" / "src"))
        from iacf_core.toolkit.tools import terraform_setup

        setup = terraform_setup()
        if setup is None:
            results["terraform_validate_s"] = None
        else:
            t_init, _ = timed([setup.executable, "init", "-backend=false", "-input=false", "-no-color"], out, setup.env)
            vt = [timed([setup.executable, "validate", "-no-color"], out, setup.env)[0] for _ in range(args.runs)]
            results["terraform_init_s"] = t_init
            results["terraform_validate_s"] = {"min": min(vt), "median": statistics.median(vt), "max": max(vt)}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    g = results["generate_cold_s"]
    print(f"request: {args.request!r} ({results['files']} files, {results['bytes']} bytes)")
    print(f"iacf generate (cold process, no gates): min {g['min']:.3f}s median {g['median']:.3f}s max {g['max']:.3f}s")
    print(f"peak RSS of a generate process: {results['max_rss_kib'] / 1024:.1f} MiB")
    v = results.get("terraform_validate_s")
    if v:
        print(f"terraform init -backend=false: {results['terraform_init_s']:.3f}s")
        print(f"terraform validate: min {v['min']:.3f}s median {v['median']:.3f}s max {v['max']:.3f}s")
    else:
        print("terraform not found: validate not timed")


if __name__ == "__main__":
    main()
