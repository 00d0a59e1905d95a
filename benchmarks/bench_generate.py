#!/usr/bin/env python3
"""Benchmark of iacf against the tools it runs, from paired runs on this machine (medians; nothing asserted).

Each figure times iacf and a reference in alternating order (A B, then B A...), so a change of load between runs
weighs on both; a ratio is the median of the runs' ratios.

- ``iacf --help`` / ``python -c "import typer"`` (the floor of any typer command line); goal <= 2.0
- ``iacf generate --no-validate`` (a new process) / ``terraform validate`` of its output; goal <= 0.10
- ``iacf generate`` with every gate / Checkov alone on the same output; goal <= 1.2
- ``iacf generate --spec`` of 1, 10 and 50 components (is generation linear in components?)
- the peak memory (RSS) of a generate process, without and with the gates

Processes run as a user's would: with bytecode written and iacf's caches (compiled templates) warm after a
first, untimed run. Usage: python benchmarks/bench_generate.py [--runs N] [--gated-runs N] [--no-gated] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SEED = "App web Django avec PostgreSQL en prod sur AWS"
GOALS = {"help_over_typer": 2.0, "generate_over_validate": 0.10, "gated_over_checkov": 1.2,
         "gated_kept_over_checkov": 1.2}  # the kept figure: reported, the goal is the cold one
SIZES = (1, 10, 50)
# the kinds a scaled spec cycles through (each instance named, so none is merged)
SCALE_KINDS = ("web_app", "queue", "nosql_table", "object_storage", "topic")


class Timed:
    """A finished process: wall seconds and its peak resident memory."""

    def __init__(self, seconds: float, peak_kib: int) -> None:
        self.seconds, self.peak_kib = seconds, peak_kib


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # an install has bytecode
    env.update(extra or {})
    return env


def run(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
        ok: tuple[int, ...] = (0,)) -> Timed:
    """Run ``cmd``; its wall time and peak RSS (from wait4: the largest of the process and those it waited for)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or child_env(), stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            err.seek(0)
            raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n"
                             f"{err.read().decode(errors='replace')[-2000:]}")
    return Timed(elapsed, usage.ru_maxrss)


def iacf() -> list[str]:
    script = Path(sys.executable).parent / "iacf"
    return [str(script)] if script.exists() else [sys.executable, "-m", "iacf_core"]


def paired(runs: int, first: Callable[[], Timed], second: Callable[[], Timed]) -> dict[str, Any]:
    """``runs`` pairs in alternating order: the medians of each side and of the per-pair ratios."""
    a: list[float] = []
    b: list[float] = []
    for i in range(runs):
        if i % 2 == 0:
            a.append(first().seconds)
            b.append(second().seconds)
        else:
            b.append(second().seconds)
            a.append(first().seconds)
    return {"iacf_s": round(statistics.median(a), 3), "reference_s": round(statistics.median(b), 3),
            "ratio": round(statistics.median(x / y for x, y in zip(a, b, strict=True)), 3),
            "runs": runs, "iacf_all_s": [round(x, 3) for x in a], "reference_all_s": [round(x, 3) for x in b]}


def scaled_spec(folder: Path, n: int) -> Path:
    lines = ["project: bench", "cloud: aws", "environment: dev", "region: eu-west-3", "components:"]
    for i in range(n):
        kind = SCALE_KINDS[i % len(SCALE_KINDS)]
        lines += [f"  - kind: {kind}", f"    name: {kind.replace('_', '')}{i}"]
    path = folder / f"spec-{n}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


_RUNS = itertools.count(1)


def fresh(folder: Path) -> Path:
    """A folder no run has written yet, beside ``folder``. Outputs are removed all together at the end: deleting
    the previous run's files just before a run makes that run's own writes wait on the file system (on ext4
    mounted with ``discard``, 112 files took 50–80 ms to write instead of 5–8), which is the benchmark's cost, not
    the command's."""
    return folder.with_name(f"{folder.name}-{next(_RUNS)}")


def bench_help(runs: int) -> dict[str, Any]:
    return paired(runs, lambda: run([*iacf(), "--help"]), lambda: run([sys.executable, "-c", "import typer"]))


def bench_generate(runs: int, request: str, work: Path) -> tuple[dict[str, Any], int]:
    from iacf_core.toolkit.tools import terraform_setup

    out = fresh(work / "generated")
    run([*iacf(), "generate", request, "--out", str(out), "--no-validate"])  # warms the caches
    peaks: list[int] = []

    def generate() -> Timed:
        timed = run([*iacf(), "generate", request, "--out", str(fresh(work / "again")), "--no-validate"])
        peaks.append(timed.peak_kib)
        return timed

    setup = terraform_setup()
    if setup is None:
        return {"skipped": "terraform not found"}, max(generate().peak_kib, 0)
    env = child_env(setup.env)
    run([setup.executable, "init", "-backend=false", "-input=false", "-no-color"], out, env)
    result = paired(runs, generate, lambda: run([setup.executable, "validate", "-no-color"], out, env))
    return result, max(peaks)


def bench_gated(runs: int, request: str, work: Path, kept: bool = False) -> tuple[dict[str, Any], int]:
    """Generate with every gate against Checkov alone. The tools run every time (``IACF_GATE_CACHE=off``) unless
    ``kept``: then the same output is validated again and the tools' kept answers are reused (an unchanged
    project regenerated)."""
    from iacf_core.toolkit.tools import find_checkov

    checkov = find_checkov()
    if checkov is None:
        return {"skipped": "checkov not found (set IACF_CHECKOV)"}, 0
    outputs: list[Path] = []
    peaks: list[int] = []
    gate_seconds: list[dict[str, float]] = []

    def gated() -> Timed:
        target = fresh(work / "gated")
        outputs.append(target)
        json_out = work / "gated.json"
        with json_out.open("wb") as sink:
            started = time.perf_counter()
            proc = subprocess.Popen([*iacf(), "generate", request, "--out", str(target), "--json"],
                                    env=child_env({"IACF_GATE_CACHE": "on" if kept else "off"}), stdout=sink,
                                    stderr=subprocess.DEVNULL)
            _pid, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: a gate found errors, still a full run
            raise SystemExit(f"iacf generate failed ({os.waitstatus_to_exitcode(status)})")
        gates = json.loads(json_out.read_text(encoding="utf-8")).get("gates", [])
        gate_seconds.append({g["gate"]: g.get("seconds") for g in gates if g.get("seconds") is not None})
        peaks.append(usage.ru_maxrss)
        return Timed(elapsed, usage.ru_maxrss)

    def checkov_alone() -> Timed:  # on the first output: every run writes the same files
        return run([checkov, "-d", ".", "--framework", "terraform", "-o", "json", "--skip-download",
                    "--download-external-modules", "false", "--compact"], outputs[0], ok=(0, 1))

    gated()  # the output Checkov alone reads, and warm caches
    result = paired(runs, gated, checkov_alone)
    result["gate_seconds_median"] = {name: round(statistics.median(s[name] for s in gate_seconds if name in s), 2)
                                     for name in sorted({n for s in gate_seconds for n in s})}
    return result, max(peaks)


def bench_scale(runs: int, work: Path) -> dict[str, Any]:
    seconds: dict[int, float] = {}
    for n in SIZES:
        spec = scaled_spec(work, n)
        run([*iacf(), "generate", "--spec", str(spec), "--out", str(fresh(work / f"n{n}")), "--no-validate"])
        times = [run([*iacf(), "generate", "--spec", str(spec), "--out", str(fresh(work / f"n{n}")),
                      "--no-validate"]).seconds for _ in range(runs)]
        seconds[n] = round(statistics.median(times), 3)
    low, mid, high = SIZES
    first = (seconds[mid] - seconds[low]) / (mid - low)
    second = (seconds[high] - seconds[mid]) / (high - mid)
    # linear: the cost of a component does not grow with the number of components (noise allowed)
    linear = second <= max(first, 0.0) * 1.5 + 0.005
    return {"seconds": {str(n): s for n, s in seconds.items()}, "per_component_s": [round(first, 4), round(second, 4)],
            "linear": linear}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="pairs of runs for the fast figures (default 5)")
    parser.add_argument("--gated-runs", type=int, default=3, help="pairs of runs with every gate (default 3)")
    parser.add_argument("--no-gated", action="store_true", help="skip the gated figure (Checkov is slow)")
    parser.add_argument("--request", default=SEED)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {"request": args.request, "cpus": os.cpu_count(),
                               "load_average_start": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory(prefix="iacf-bench-") as tmp:
        work = Path(tmp)
        results["help_over_typer"] = bench_help(args.runs)
        results["generate_over_validate"], results["peak_rss_generate_kib"] = bench_generate(
            args.runs, args.request, work)
        results["scale"] = bench_scale(args.runs, work)
        if not args.no_gated:
            results["gated_over_checkov"], results["peak_rss_gated_kib"] = bench_gated(
                args.gated_runs, args.request, work)
            results["gated_kept_over_checkov"], _peak = bench_gated(args.gated_runs, args.request, work, kept=True)
    results["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print_table(results)


def print_table(results: dict[str, Any]) -> None:
    print(f"request: {results['request']!r}; {results['cpus']} CPUs; load average "
          f"{results['load_average_start'][0]} at the start, {results['load_average_end'][0]} at the end")
    print(f"{'figure':<34} {'iacf':>9} {'reference':>10} {'ratio':>7} {'goal':>7}  runs")
    labels = {"help_over_typer": "--help / import typer", "generate_over_validate": "generate / terraform validate",
              "gated_over_checkov": "gated generate / Checkov alone",
              "gated_kept_over_checkov": "same, answers kept (unchanged)"}
    for key, label in labels.items():
        row = results.get(key)
        if row is None:
            continue
        if "skipped" in row:
            print(f"{label:<34} skipped: {row['skipped']}")
            continue
        verdict = "ok" if row["ratio"] <= GOALS[key] else "over"
        print(f"{label:<34} {row['iacf_s']:>8.3f}s {row['reference_s']:>9.3f}s {row['ratio']:>7.3f} "
              f"{'<= ' + str(GOALS[key]):>7}  {row['runs']} ({verdict})")
    gates = (results.get("gated_over_checkov") or {}).get("gate_seconds_median")
    if gates:
        print("gate times (median, s): " + ", ".join(f"{k} {v}" for k, v in gates.items()))
    scale = results["scale"]
    sizes = " / ".join(f"{n}: {s:.3f}s" for n, s in scale["seconds"].items())
    per = scale["per_component_s"]
    print(f"generation by components  {sizes}; per component {per[0] * 1000:.1f} ms (1-10), "
          f"{per[1] * 1000:.1f} ms (10-50): {'linear' if scale['linear'] else 'NOT linear'}")
    peak = f"peak RSS: generate {results['peak_rss_generate_kib'] / 1024:.0f} MiB"
    if results.get("peak_rss_gated_kib"):
        peak += (f", generate with every gate {results['peak_rss_gated_kib'] / 1024:.0f} MiB (the largest process of "
                 "the run, tools included)")
    print(peak)


if __name__ == "__main__":
    main()
