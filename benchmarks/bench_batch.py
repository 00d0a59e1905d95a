#!/usr/bin/env python3
"""Benchmark: regenerating a fleet with `iacf generate --batch -j N` (N worker processes forked from one) and
with `-j 1` (one process) against one `iacf generate --spec` process per spec, without gates; then the batch
with every gate (`-j N`). Paired runs, medians; peak memory
of the batch process. Prints a table; --json for data.

The fleet: --specs spec files (default 100), each a copy of one of the spec-format examples shipped with the
Claude Code plugin under its own project name, cycling over the examples and the three environments.

Usage: python benchmarks/bench_batch.py [--specs N] [--runs N] [--gated N] [--jobs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "claude-plugin" / "skills" / "spec-format" / "examples"
IACF = [sys.executable, "-m", "iacf_core"]


def write_fleet(folder: Path, count: int) -> list[Path]:
    """``count`` spec files: the examples in turn, each with its own project and an environment."""
    examples = [yaml.safe_load(p.read_text()) for p in sorted(EXAMPLES.glob("*.yaml"))]
    folder.mkdir(parents=True)
    paths = []
    for i in range(count):
        spec = dict(examples[i % len(examples)])
        spec["project"] = f"svc{i:03d}"
        spec["environment"] = ("dev", "staging", "prod")[i % 3]
        spec.pop("domain_name", None)  # every project would claim the same domain
        path = folder / f"svc{i:03d}.yaml"
        path.write_text(yaml.safe_dump(spec, sort_keys=True))
        paths.append(path)
    return paths


def timed(cmd: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, its child processes included) and peak RSS (MiB, of its
    largest process) of one command run as a new process. On a shared machine the CPU time varies less."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # noqa: S603
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        stderr = proc.stderr.read() if proc.stderr else ""
        raise SystemExit(f"command failed ({code}): {' '.join(cmd)}\n{stderr[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def stats(values: list[float]) -> dict[str, float]:
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--specs", type=int, default=100, help="spec files in the fleet (default 100)")
    parser.add_argument("--runs", type=int, default=3, help="paired runs without gates (default 3)")
    parser.add_argument("--gated", type=int, default=100,
                        help="specs of the fleet generated with every gate (0: skip; default: the whole fleet)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="-j of the batches (default: the CPU count)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, object] = {"specs": args.specs, "runs": args.runs, "cpus": os.cpu_count(),
                                  "load_average_1min": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="iacf-bench-batch-") as tmp:
        root = Path(tmp)
        paths = write_fleet(root / "specs", args.specs)
        batch, separate, batch_cpu, separate_cpu, rss, one, one_cpu = [], [], [], [], [], [], []
        for run in range(args.runs):  # paired: the batches and the one-process-per-spec loop, back to back
            # each run writes new folders, all removed at the end: deleting a run's files just before the next
            # makes that run's writes wait on the file system (the benchmark's cost, not the command's)
            t, cpu, peak = timed([*IACF, "generate", "--batch", str(root / "specs"), "--out",
                                  str(root / f"batch-{run}"), "--no-validate", "-j", str(args.jobs)])
            batch.append(t)
            batch_cpu.append(cpu)
            rss.append(peak)
            t, cpu, _ = timed([*IACF, "generate", "--batch", str(root / "specs"), "--out",
                               str(root / f"batch-one-{run}"), "--no-validate", "-j", "1"])
            one.append(t)
            one_cpu.append(cpu)
            wall = cpu = 0.0
            for path in paths:
                t, c, _ = timed([*IACF, "generate", "--spec", str(path), "--out",
                                 str(root / f"one-{run}" / path.stem), "--no-validate"])
                wall, cpu = wall + t, cpu + c
            separate.append(wall)
            separate_cpu.append(cpu)
        results["jobs"] = args.jobs
        results["batch_no_gates_s"] = stats(batch)
        results["batch_no_gates_cpu_s"] = stats(batch_cpu)
        results["batch_one_worker_no_gates_s"] = stats(one)
        results["batch_one_worker_no_gates_cpu_s"] = stats(one_cpu)
        results["separate_processes_no_gates_s"] = stats(separate)
        results["separate_processes_no_gates_cpu_s"] = stats(separate_cpu)
        results["batch_peak_rss_mib"] = max(rss)
        if args.gated:
            gated = root / "gated"
            write_fleet(gated, args.gated)
            t, cpu, peak = timed([*IACF, "generate", "--batch", str(gated), "--out", str(root / "gated-out"),
                                  "-j", str(args.jobs)], ok=(0, 1))
            results["batch_gated"] = {"specs": args.gated, "jobs": args.jobs, "total_s": t, "cpu_s": cpu,
                                      "per_spec_s": t / args.gated, "peak_rss_mib": peak}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    n = args.specs
    rows = [(f"iacf generate --batch -j {args.jobs}, no gates", results["batch_no_gates_s"],
             results["batch_no_gates_cpu_s"]),
            ("iacf generate --batch -j 1, no gates", results["batch_one_worker_no_gates_s"],
             results["batch_one_worker_no_gates_cpu_s"]),
            ("one iacf process per spec, no gates", results["separate_processes_no_gates_s"],
             results["separate_processes_no_gates_cpu_s"])]
    print(f"fleet of {n} specs, {args.runs} paired run(s), {os.cpu_count()} CPUs, "
          f"load average {results['load_average_1min']:.1f} at the start")
    print(f"{'':38} {'wall (median)':>14} {'per spec':>9} {'CPU (median)':>13} {'per spec':>9}")
    for label, wall, cpu in rows:
        assert isinstance(wall, dict) and isinstance(cpu, dict)
        print(f"{label:38} {wall['median']:>13.2f}s {wall['median'] / n:>8.3f}s {cpu['median']:>12.2f}s "
              f"{cpu['median'] / n:>8.3f}s")
    print(f"peak RSS of the batch (no gates; the largest of its processes): {results['batch_peak_rss_mib']:.1f} MiB")
    g = results.get("batch_gated")
    if isinstance(g, dict):
        print(f"iacf generate --batch -j {g['jobs']}, every gate, {g['specs']} specs: {g['total_s']:.1f}s wall, "
              f"{g['per_spec_s']:.2f}s per spec, {g['cpu_s']:.1f}s CPU; largest process {g['peak_rss_mib']:.1f} MiB")

if __name__ == "__main__":
    main()
