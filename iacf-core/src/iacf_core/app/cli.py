"""The ``iacf`` command line: the typer app, its commands (:mod:`iacf_core.app.commands`) and the entry point.

Exit codes: 0 success; 1 generated (or validated) but a gate found errors; 2 bad input or usage;
3 a plugin failed to load or raised; 70 an internal error. Each error is one line on stderr, never a
traceback (``IACF_DEBUG=1`` shows it). What people read is printed by :mod:`iacf_core.app.human`; every ``--json``
document is a model of :mod:`iacf_core.app.outputs`.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

# A command is short-lived and builds most of its objects at start (modules, classes, the plugins' registries),
# which all live to its end: collecting the youngest generation every 700 allocations only re-scans them. A
# first threshold of 100,000 keeps collection for what is really garbage (measured on a generate: 6 % less time
# than a threshold of 20,000, peak memory +1.5 %); a long batch still collects, every 100,000 allocations.
gc.set_threshold(max(gc.get_threshold()[0], 100_000), *gc.get_threshold()[1:])
# iacf's models are validated by pydantic alone: no search of every installed distribution for pydantic plugins
# (observability hooks) on the first validation, unless the user asked for them
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer  # noqa: E402 - after the collector's setting, which is meant to cover the imports

from ..kernel.errors import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, IacfError, one_line  # noqa: E402
from . import human  # noqa: E402
from .commands import check, factory, generate, info  # noqa: E402

_SETTINGS: dict[str, Any] = {
    "name": "iacf",
    "help": "IaC Factory: turn a short request or a spec file into a production-ready Terraform project.",
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,  # plain help: brackets such as 'iacf-core[mcp]' print as written, flags show no type
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**_SETTINGS)
for _group in (generate, check, info, factory):  # the order of `iacf --help`
    _group.register(app)


# -- entry point --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns (and exits with) the exit code. Each error is one line on stderr."""
    args = sys.argv[1:] if argv is None else list(argv)
    if not args:  # `iacf` alone: the help, as a successful answer
        args = ["--help"]
    try:
        if any("\x00" in arg for arg in args):  # no real command line can hold one; in-process callers can
            raise IacfError("an argument contains a NUL character")
        result = _command(args[0]).main(args=args, prog_name="iacf", standalone_mode=False)
        code = int(result) if isinstance(result, int) else EXIT_OK
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line; _handle sorts them by class name
        code = _handle(exc)
    except KeyboardInterrupt:
        sys.stderr.write("iacf: interrupted\n")
        code = 130
    return code


_COMMANDS: dict[tuple[int, ...], Any] = {}


def _command(first: str = "") -> Any:
    """The click command built from the typer app, once per set of registered commands: building it
    costs more than most commands (in-process callers such as the MCP server and tests run many). When
    ``first`` (the first argument) names a command or a command group, the group holds that one alone: the
    others' parameters are neither read nor built. Anything else (an option, a typo, nothing) gets them all,
    so `iacf --help` lists every command and a near-miss name gets its suggestion."""
    import typer.main

    commands = [c for c in app.registered_commands if _name(c) == first]
    groups = [g for g in app.registered_groups if g.name == first]
    if not commands and not groups:
        commands, groups = app.registered_commands, app.registered_groups
    key = tuple(id(info) for info in (*commands, *groups))
    if key not in _COMMANDS:
        if (commands, groups) == (app.registered_commands, app.registered_groups):
            _COMMANDS[key] = typer.main.get_command(app)
        else:
            one = typer.Typer(**_SETTINGS)
            one.registered_commands, one.registered_groups = list(commands), list(groups)
            _COMMANDS[key] = typer.main.get_group(one)  # a group even around one command: `iacf X ...`
    return _COMMANDS[key]


def _name(info: Any) -> str:
    """The name a registered command is called by (typer's rule when none was given)."""
    import typer.main

    return str(info.name or typer.main.get_command_name(info.callback.__name__))


def _handle(exc: Exception) -> int:
    kinds = {cls.__name__ for cls in type(exc).__mro__}
    if "Exit" in kinds:
        return int(getattr(exc, "exit_code", 0))
    if "NoArgsIsHelpError" in kinds:  # a command group alone (`iacf factory`): its help
        sys.stdout.write(exc.format_message().rstrip("\n") + "\n")  # type: ignore[attr-defined]
        return EXIT_OK
    if "UsageError" in kinds:
        ctx = getattr(exc, "ctx", None)
        command = ctx.command_path if ctx is not None else "iacf"
        message = " ".join(exc.format_message().replace("Value error, ", "").split())  # type: ignore[attr-defined]
        human.error([one_line(f"{message} (see `{command} --help`)")])
        return EXIT_USAGE
    if "Abort" in kinds:
        sys.stderr.write("iacf: aborted\n")
        return EXIT_USAGE
    if isinstance(exc, IacfError):
        human.error(exc.lines())
        return exc.exit_code
    if isinstance(exc, OSError) and not os.environ.get("IACF_DEBUG"):
        # the system refused something on a path the user named (too long, no permission, disk full...)
        where = f" ({exc.filename})" if exc.filename else ""
        human.error([one_line(f"{exc.strerror or exc}{where}")])
        return EXIT_USAGE
    if os.environ.get("IACF_DEBUG"):
        raise exc
    # a bug: still one line, with a way to see more
    human.error([one_line(f"{type(exc).__name__}: {exc} (set IACF_DEBUG=1 for details)")], label="internal error")
    return EXIT_INTERNAL


def run() -> None:
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show "→" or a stray byte gets an escape
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    code = main()
    _leave(code)
    sys.exit(code)


def _leave(code: int) -> None:
    """End the process at once once the command is done, its output flushed and its exit handlers run: the
    interpreter's own teardown (clearing every module, collecting ~60,000 objects) would only add time to each
    command (measured: ~100 ms of a generate). Returns, for the ordinary exit, when that shortcut is not safe: a
    thread still runs (the MCP server's workers), a profiler or a tracer (coverage, a debugger) waits to report
    at the end, or the output cannot be flushed (a closed pipe), which the ordinary exit reports as usual."""
    import atexit
    import threading

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    watched = sys.getprofile() is not None or sys.gettrace() is not None
    if run_exit_handlers is None or watched or threading.active_count() > 1 or not _flushed():
        return
    run_exit_handlers()
    if _flushed():  # what an exit handler wrote, too
        os._exit(code)


def _flushed() -> bool:
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return False
    return True
