"""What the CLI prints for people: colours and a spinner on a terminal, plain lines everywhere else.

Colour is used only when the stream is a terminal, ``NO_COLOR`` is unset (https://no-color.org) and ``TERM`` is
not ``dumb``; pipes, files, CI logs and ``--json`` get plain text. rich is imported only when colour or the
spinner is actually used, so commands that print nothing fancy do not pay for it at startup.
"""

from __future__ import annotations

import os
import re
import sys
import time
from types import TracebackType
from typing import Any, TextIO

Segment = str | tuple[str, str]  # text, or (text, rich style)

OK, BAD, WARN, DIM, STRONG, NAME = "green", "bold red", "yellow", "dim", "bold", "cyan"
STATUS_STYLES = {"passed": OK, "failed": BAD, "skipped": WARN, "error": BAD, "warning": WARN, "info": DIM,
                 "ok": OK}


def use_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class Printer:
    """Writes lines made of plain and styled segments to one stream."""

    def __init__(self, stream: TextIO | None = None, color: bool | None = None) -> None:
        self.stream = stream or sys.stdout
        self.color = use_color(self.stream) if color is None else color
        self._console: Any = None

    def line(self, *segments: Segment) -> None:
        if not self.color:
            self.stream.write("".join(s if isinstance(s, str) else s[0] for s in segments) + "\n")
            return
        from rich.text import Text

        self.console().print(Text.assemble(*segments), soft_wrap=True)

    def console(self) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.stream, force_terminal=True, highlight=False, emoji=False,
                                    soft_wrap=True)
        return self._console


def status(word: str, width: int = 0) -> Segment:
    """A status word (PASSED, FAILED, ERROR...) in its colour, padded to ``width``."""
    return (word.upper().ljust(width), STATUS_STYLES.get(word.lower(), ""))


def error(lines: list[str], stream: TextIO | None = None, label: str = "error") -> None:
    """``iacf: error: ...`` lines on stderr (red on a terminal)."""
    printer = Printer(stream or sys.stderr)
    for text in lines:
        printer.line((f"iacf: {label}:", BAD), " " + text)


# -- progress -------------------------------------------------------------------------------------------

PLAIN_INTERVAL = 10.0  # seconds between two plain lines of the same step (CI logs stay short)


def step_of(message: str) -> str:
    """Progress messages are ``STEP`` or ``STEP: DETAIL``; a new detail updates its step
    (``[main] terraform apply: 12/40 resources``)."""
    return message.split(": ", 1)[0]


def is_final(message: str) -> bool:
    """A ``done/total`` counter that reached its total."""
    found = re.search(r"(\d+)/(\d+)\b", message.split(": ", 1)[-1])
    return found is not None and found.group(1) == found.group(2)


class Activity:
    """The progress of a long command, on stderr.

    On a terminal: a spinner with the current step and the elapsed time; each finished step stays as a line.
    Elsewhere: one ``… message`` line when a step starts, then its updates (``STEP: DETAIL``, see
    :func:`step_of`) at most every :data:`PLAIN_INTERVAL` seconds, and a counter's last value.
    ``quiet`` prints nothing; ``live=False`` never starts the spinner (for a caller that cannot close it).
    """

    def __init__(self, quiet: bool = False, stream: TextIO | None = None, live: bool | None = None) -> None:
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.live = not quiet and (use_color(self.stream) if live is None else live)
        self._progress: Any = None
        self._task: Any = None
        self._current: str | None = None
        self._printed: dict[str, float] = {}

    def __call__(self, message: str) -> None:
        if self.quiet:
            return
        if self.live:
            self._show(message)
            return
        step, now = step_of(message), time.monotonic()
        last = self._printed.get(step)
        if last is not None and now - last < PLAIN_INTERVAL and not is_final(message):
            return
        self._printed[step] = now
        self.stream.write(f"… {message}\n")
        self.stream.flush()

    def _show(self, message: str) -> None:
        if self._progress is None:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            console = Console(file=self.stream, force_terminal=True, highlight=False, emoji=False)
            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False),
                                      TimeElapsedColumn(), console=console, transient=True)
            self._progress.start()
            self._task = self._progress.add_task(message, total=None)
        elif self._current is not None and step_of(self._current) != step_of(message):
            from rich.text import Text

            self._progress.console.print(Text.assemble(("✓ ", OK), (self._current, DIM)), soft_wrap=True)
        self._current = message
        self._progress.update(self._task, description=message)

    def close(self, finished: bool = True) -> None:
        """Stop the spinner; the last step stays as a finished line when the command did not fail."""
        if self._progress is None:
            return
        if finished and self._current is not None:
            from rich.text import Text

            self._progress.console.print(Text.assemble(("✓ ", OK), (self._current, DIM)), soft_wrap=True)
        self._progress.stop()
        self._progress = None

    def __enter__(self) -> Activity:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close(finished=exc is None)


# -- reports --------------------------------------------------------------------------------------------


def print_generate(p: Printer, result: Any, unused: list[str], out: str) -> None:
    stack = result.stack
    p.line(("Generated", OK), f" {len(result.files)} files in ", (f"{out}/", STRONG))
    p.line(f"  project {stack.spec.project} · cloud {stack.cloud} · environment ",
           (stack.environment, STRONG), f" · region {stack.region}")
    p.line("Components:")
    for c in stack.ordered():
        origin = "asked" if c.provenance.source in ("request", "spec") else c.provenance.source
        p.line("  ", (f"{c.id:<14}", NAME), f" {c.kind:<22} ", (origin, "" if origin == "asked" else DIM))
    p.line(f"Decisions: {len(stack.decisions)} (see {out}/DECISIONS.md)")
    if stack.controls:
        p.line(f"Governance controls implemented: {len(stack.controls)}")
    if unused:
        p.line(("Words not used:", WARN), f" {' '.join(unused)}")


def print_skipped_validation(p: Printer, out: str) -> None:
    p.line(("Validation skipped", WARN), " (--no-validate): the static gates (HCL, secrets, tags, ingress, "
           "governance coverage), terraform fmt, terraform validate and Checkov did not run; "
           f"run `iacf validate {out}` before using the project.")


def print_validation(p: Printer, report: Any, limit: int = 50) -> None:
    p.line("Validation:")
    for gate in report.gates:
        counts = " ".join(f"{k}={v}" for k, v in sorted(gate.counts.items()))
        detail = f" — {gate.detail}" if gate.detail else ""
        p.line("  ", status(gate.status, 8), f" {gate.gate:<12} {counts}{detail}")
    shown = [f for f in report.findings if f.severity.value != "info"]
    for f in shown[:limit]:
        p.line("  ", status(f.severity.value, 7), " ", finding_text(f))
    if len(shown) > limit:
        p.line(f"  … {len(shown) - limit} more (use --json)")


def finding_text(f: Any) -> str:
    where = f.file or ""
    if f.line:
        where += f":{f.line}"
    res = f" [{f.resource}]" if f.resource else ""
    risk = f"[{f.risk}] " if f.risk else ("[unrated] " if f.gate == "checkov" else "")
    control = f" (control {f.control})" if f.control else ""
    return f"{risk}{f.check} {where}{res}: {f.message}{control}"


def print_next_steps(p: Printer, out: str, ok: bool) -> None:
    if not ok:
        p.line(("Validation found errors:", BAD), " fix them or regenerate (exit code 1).")
        return
    p.line(("Next:", STRONG), f" read {out}/README.md (bootstrap → init → plan → apply).")


def print_verify(p: Printer, report: Any) -> None:
    p.line(f"Verified on {report.emulator} at {report.endpoint} (cloud {report.cloud})")
    for root in report.roots:
        verdict = ("OK", OK) if root.ok else (f"FAILED at {root.failed_stage or '?'}", BAD)
        p.line(f"Root module {root.root}: ", verdict)
        stages: list[Segment] = ["  stages: "]
        for i, s in enumerate(root.stages):
            stages += [" · " if i else "", f"{s.name} ", (s.status, STATUS_STYLES.get(s.status, "")),
                       f" {s.seconds:.0f}s"]
        p.line(*stages)
        p.line(f"  applied {len(root.applied)}, planned only {len(root.not_applied)}")
        by_type: dict[str, tuple[int, str]] = {}
        for n in root.not_applied:
            count, _ = by_type.get(n.type, (0, n.reason))
            by_type[n.type] = (count + 1, n.reason)
        for rtype, (count, reason) in sorted(by_type.items()):
            p.line(("    planned only:", DIM), f" {rtype} ×{count}: {reason}")
        for d in root.emulator_drift:
            p.line(("  emulator drift:", WARN), f" {d.address} [{', '.join(d.attributes)}]: {d.reason}")
        for d in root.drift:
            p.line(("  DRIFT:", BAD), f" {d.address} {'/'.join(d.actions)} [{', '.join(d.attributes)}]")
        if root.workdir:
            p.line(f"  kept: {root.workdir} (not destroyed)")
        elif root.destroyed:
            lifted = (f" (protections of {len(root.lifted)} resources lifted in the copy first)"
                      if root.lifted else "")
            p.line("  destroy: ", ("ok", OK), lifted)
        for text in (root.message or "").splitlines():
            p.line(("  | ", DIM), text)
    p.line("Result: ", ("OK", OK) if report.ok else ("FAILED", BAD), f" (exit code {0 if report.ok else 1})")
