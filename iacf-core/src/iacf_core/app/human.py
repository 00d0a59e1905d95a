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


def print_generate(p: Printer, result: Any, out: str) -> None:
    stack = result.stack
    unused = stack.unused_words
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
        took = f" ({gate.seconds:.1f}s)" if getattr(gate, "seconds", None) is not None else ""
        p.line("  ", status(gate.status, 8), f" {gate.gate:<12} {counts}{took}{detail}")
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
    mocked = report.emulator.startswith("none:")  # a cloud with no emulator: mocked tests, nothing deployed
    if mocked:
        p.line(f"Not deployed (cloud {report.cloud}): {report.emulator.removeprefix('none:').strip()}")
    else:
        p.line(f"Verified on {report.emulator} at {report.endpoint} (cloud {report.cloud})")
    for root in report.roots:
        verdict = ("OK", OK) if root.ok else (f"FAILED at {root.failed_stage or '?'}", BAD)
        p.line(f"Root module {root.root}: ", verdict)
        stages: list[Segment] = ["  stages: "]
        for i, s in enumerate(root.stages):
            stages += [" · " if i else "", f"{s.name} ", (s.status, STATUS_STYLES.get(s.status, "")),
                       f" {s.seconds:.0f}s"]
        p.line(*stages)
        if not mocked:
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


def print_parse(p: Printer, stack: Any) -> None:
    """The Spec understood (YAML), the words not used, the defaults, the stack `generate` would build."""
    import yaml

    spec = stack.spec.model_dump(mode="json", exclude_none=True)
    p.stream.write(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    unused = stack.unused_words
    p.line(f"# words not used: {' '.join(unused) if unused else '(none)'}")
    for d in stack.decisions:
        if d.id.startswith("core.default."):
            p.line(f"# default: {default_line(d)}")
        elif d.id.startswith("core.override."):
            p.line(f"# option: {d.id.removeprefix('core.override.')}: {d.why}")
    p.line("# components:")
    for c in stack.ordered():
        origin = "asked" if c.provenance.source in ("request", "spec") else c.provenance.source
        p.line(f"#   {c.id:<14} {c.kind:<22} {origin}")
    p.line(f"# connections ({len(stack.connections)}: who may use what):")
    for conn in stack.connections:
        p.line(f"#   {conn.source} -> {conn.target} ({conn.access})")
    adding = {c.provenance.decision for c in stack.components.values()}
    shown = [d for d in stack.decisions if d.rule == "core.request" or d.id in adding
             or d.id.startswith("core.connections.")]
    p.line(f"# decisions ({len(stack.decisions)} in all, every one in --json and DECISIONS.md):")
    for d in shown:
        p.line(f"#   - {d.title} [{d.rule}]")
    baseline, source = stack.policy.account_baseline, stack.policy.source
    origin = f"policy {source}" if source else "default; [account_baseline] mode in iacf.toml"
    p.line(f"# account baseline: {baseline.mode} ({origin})")
    for line in baseline.summary():
        p.line(f"#   {line}")


def default_line(decision: Any) -> str:
    """``owner: The request does not state the owner: ...``: a default decision on one line."""
    return f"{decision.id.removeprefix('core.default.')}: {decision.why}"


def print_plugins(p: Printer, infos: Any, registry: Any) -> None:
    p.line("Plugins:")
    for i in infos:
        p.line(f"  {i.name:<12} {i.distribution} {i.version}")
        p.line(f"  {'':<12} hooks: {', '.join(i.hooks) if i.hooks else '(none)'}")
    p.line("Clouds:")
    for c in sorted(registry.clouds.values(), key=lambda c: c.name):
        p.line(f"  {c.name:<12} {c.title} (default region {c.default_region})")
    p.line("Component kinds (renderable on):")
    for k in sorted(registry.kinds.values(), key=lambda k: k.name):
        clouds = ", ".join(k.clouds) if k.clouds else "no installed cloud"
        p.line(f"  {k.name:<20} {clouds}")


# -- preflight ----------------------------------------------------------------------------------------------


def _singleton_status(s: Any) -> str:
    if s.collides:
        return "COLLIDES"
    if s.status == "exists":
        return "exists" if s.created_by_project else "provided"
    if s.status == "unknown":
        return "unknown"
    return "absent" if s.created_by_project else "MISSING"


def print_preflight(p: Printer, report: Any) -> None:
    from ..toolkit.preflight import policy_toml

    w = p.stream.write
    where = f" on {report.endpoint}" if report.endpoint else ""
    owner = "created by this project" if report.baseline == "project" else "provided by the account's owner"
    w(f"Preflight of account {report.account}, region {report.region}{where} (cloud {report.cloud}); "
      f"account baseline {owner}\n")
    for s in report.singletons:
        found = f": {', '.join(s.found)}" if s.found else ""
        w(f"  {_singleton_status(s):<9} {s.title} ({s.scope}, control {s.control}){found}\n")
        if s.collides and s.effect:
            w(f"            {s.effect}\n")
        if s.note and (s.collides or s.status == "unknown" or not s.created_by_project):
            w(f"            {s.note}\n")
    missing = [s for s in report.singletons if not s.created_by_project and s.status == "absent"]
    if missing:
        w(f"Warning: {len(missing)} singleton(s) the project leaves to the account's owner do not exist: "
          "their controls are implemented by nobody.\n")
    if report.ok:
        w("Result: nothing collides (exit code 0)\n")
        return
    w(f"\n{len(report.collisions)} singleton(s) already exist. Adopt them: add these blocks to imports.tf, then "
      "`terraform plan` must show them imported and updated in place, never replaced:\n\n")
    w(report.imports_hcl())
    toml = policy_toml(report)
    if toml:
        w("\nor leave them to their owner: in iacf.toml, then regenerate the project:\n\n")
        w(toml)
    w(f"\nResult: {len(report.collisions)} collision(s) (exit code 1)\n")


# -- module factory -----------------------------------------------------------------------------------------


def print_factory_init(p: Printer, directory: str, manifests: Any) -> None:
    p.line(f"Factory created in {directory}/ with {len(manifests)} modules (each released 1.0.0):")
    for m in manifests:
        p.line(f"  {m.key:<28} {', '.join(m.provides)}")
    p.line(f"Next: iacf catalog --factory {directory}")


def print_module_init(p: Printer, key: str, directory: str) -> None:
    p.line(f"Module {key} written to {directory}/ (not released yet)")
    p.line(f"Next: replace the placeholder in {directory}/main.tf with the module's resources, assert their "
           f"defaults in {directory}/tests/, then: iacf publish {directory} --factory FACTORY")


def print_catalog(p: Printer, factory: str, entries: Any) -> None:
    if not entries:
        p.line(f"No released module in {factory}")
        return
    p.line(f"{'module':<28} {'latest':<9} provides")
    for e in entries:
        p.line(f"{e.release.key:<28} {e.release.version:<9} {', '.join(e.manifest.provides)}")


def print_publish(p: Printer, result: Any) -> None:
    action = "opened" if result.created else ("updated" if result.updated else "unchanged")
    p.line(f"{result.module} {result.version} ({result.bump}"
           f"{'; previous ' + result.previous if result.previous else ''})")
    for reason in result.reasons:
        p.line(f"  - {reason}")
    if result.restored_from:
        p.line(f"Restored from {result.restored_from}: {', '.join(result.restored)}")
    p.line(f"Pull request #{result.pr} {action}: {result.pr_url} (branch {result.branch})")
    for number in result.superseded:
        p.line(f"Pull request #{number} closed: replaced by #{result.pr}")


def print_harvest(p: Printer, project: str, items: Any) -> None:
    todo = [i for i in items if i.status != "unchanged"]
    p.line(f"{len(items)} modules in {project}/modules: {len(todo)} to publish")
    for i in items:
        origin = f" (from {i.origin})" if i.origin else ""
        p.line(f"  {i.status:<9} {i.module}{origin}")
        if i.command:
            p.line(f"            {i.command}")
        for m in i.missing:
            p.line(f"            to fix first: {m}")


def print_batch(p: Printer, items: Any, source: str, out: str, validated: bool) -> None:
    """The summary of ``iacf generate --batch``: one row per spec, then the errors of the failed ones."""
    p.line(f"Batch: {len(items)} spec file(s) from {source} into ", (f"{out}/", STRONG))
    width = max(12, *(len(i.shown) for i in items))
    folder_width = max(12, *(len(i.folder or "-") for i in items))
    p.line(("  " + f"{'spec':<{width}} {'folder':<{folder_width}} {'components':>10} {'files':>5}  "
            "status   gates", DIM))
    for item in items:
        word, gates = _batch_status(item)
        p.line(f"  {item.shown:<{width}} {item.folder or '-':<{folder_width}} {item.components:>10} "
               f"{item.files:>5}  ", status(word, 8), f" {gates}")
    for item in items:
        for text in item.errors:
            p.line("  ", status("error", 7), f" {item.shown}: {text}")
    ok = sum(1 for i in items if i.exit_code == 0)
    failed = sum(1 for i in items if i.exit_code == 1)
    broken = len(items) - ok - failed
    code = max((i.exit_code for i in items), default=0)
    p.line((f"{ok} ok", OK), ", ", (f"{failed} with gate errors", BAD if failed else ""), ", ",
           (f"{broken} not generated or not validated", BAD if broken else ""), f" (exit code {code}).")
    if failed:
        p.line(f"See a project's findings with `iacf validate {out}/FOLDER`, or every spec's with --json.")
    elif not validated:
        p.line(("Validation skipped", WARN), f" (--no-validate): run `iacf validate {out}/FOLDER` on each project "
               "before using it.")


def _batch_status(item: Any) -> tuple[str, str]:
    """A batch row's status word and gates summary."""
    if not item.files:
        return "error", "-"  # not generated
    if item.report is None:
        return ("error", "could not run") if item.exit_code else ("ok", "skipped")
    failed = [g.gate for g in item.report.gates if g.status == "failed"]
    return ("failed", "failed: " + ", ".join(failed)) if failed else ("ok", "passed")
