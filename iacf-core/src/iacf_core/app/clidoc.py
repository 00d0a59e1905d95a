"""The CLI reference page (``docs/cli-reference.md``), generated from the typer app so it cannot drift.

Regenerate with ``python -m iacf_core.app.clidoc > docs/cli-reference.md``; a test fails when the page is stale.
"""

from __future__ import annotations

import sys
from typing import Any

from .outputs import VARIANTS, load_schema, schema_file

HEADER = """# CLI reference

Generated from the `iacf` command line by `python -m iacf_core.app.clidoc > docs/cli-reference.md`; a test fails
when this page is out of date. Exit codes: 0 success, 1 a gate found errors, 2 bad input or usage, 3 a plugin
problem, 70 an internal error. Commands with `--json` print one JSON document on stdout, described by the JSON
Schema named below (see [JSON output](json-output.md)).
"""


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found: list[tuple[tuple[str, ...], Any]] = []
    for name in sorted(getattr(group, "commands", {})):
        cmd = group.commands[name]
        found.append(((*prefix, name), cmd))
        found += _commands(cmd, (*prefix, name))
    return found


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _default(param: Any) -> str:
    default = getattr(param, "default", None)
    if getattr(param, "is_flag", False) or default is None or callable(default):
        return ""
    return f"`{getattr(default, 'value', default)}`"  # an Enum choice shows its value


def _choices(param: Any) -> str:
    """The allowed values of an option whose metavar lists them (``[dev|staging|prod]``)."""
    metavar = getattr(param, "metavar", None) or ""
    if not (metavar.startswith("[") and metavar.endswith("]") and "|" in metavar):
        return ""
    return " One of: " + ", ".join(f"`{c}`" for c in metavar[1:-1].split("|")) + "."


def command_markdown(path: tuple[str, ...], cmd: Any) -> str:
    arguments = [p for p in cmd.params if p.param_type_name == "argument"]
    options = [p for p in cmd.params if p.param_type_name == "option"]
    pieces = [(p.name or "").upper() if p.required else f"[{(p.name or '').upper()}]" for p in arguments]
    usage = " ".join(["iacf", *path, *(["[OPTIONS]"] if options else []), *pieces])
    lines = [f"## iacf {' '.join(path)}", "", "```", usage, "```", "", _cell(cmd.help or ""), ""]
    if arguments:
        lines += ["| argument | required | description |", "|---|---|---|"]
        for p in arguments:
            required = "yes" if p.required else "no"
            lines.append(f"| `{(p.name or '').upper()}` | {required} | {_cell(getattr(p, 'help', '') or '')} |")
        lines.append("")
    if options:
        lines += ["| option | default | description |", "|---|---|---|"]
        for p in options:
            names = ", ".join(f"`{o}`" for o in [*p.opts, *p.secondary_opts])
            lines.append(f"| {names} | {_default(p)} | {_cell(p.help or '')}{_choices(p)} |")
        lines.append("")
    if path == ("schema",):
        lines += ["Every kind's parameters: see [Spec file](#spec-file) below.", ""]
    if any("--json" in p.opts for p in options) or path == ("schema",):
        command = " ".join(path)
        schema = f"`iacf_core/schemas/{schema_file(command)}`" if load_schema(command) else "not published yet"
        lines += [f"JSON output schema: {schema}.", ""]
        for variant in sorted(v for v in VARIANTS if v.startswith(f"{command} --")):
            option = variant.removeprefix(f"{command} ")
            lines += [f"With `{option}`: `iacf_core/schemas/{schema_file(variant)}`.", ""]
    return "\n".join(lines)


def reference_markdown() -> str:
    import typer.main

    from .cli import app

    root = typer.main.get_command(app)
    sections = [command_markdown(path, cmd) for path, cmd in _commands(root) if not getattr(cmd, "hidden", False)]
    return HEADER + "\n" + "\n".join(sections).rstrip("\n") + "\n\n" + spec_section()


SPEC_INTRO = """## Spec file

The format of `iacf generate --spec FILE` (YAML or JSON), generated from `iacf schema` with the installed plugins;
the same reference is in the Claude Code plugin's `spec-format` skill. A component's `kind` selects its parameters
(the schema is a union discriminated by `kind`), so an editor that reads the schema completes and checks them.
"""


def spec_section() -> str:
    from .specdoc import installed_markdown

    return SPEC_INTRO + "\n" + installed_markdown(level=3)


if __name__ == "__main__":
    sys.stdout.write(reference_markdown())
