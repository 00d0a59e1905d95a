"""The hook reference page (``docs/hooks.md``), generated from :mod:`iacf_core.kernel.hookspecs` so it cannot drift.

Regenerate with ``python -m iacf_core.app.hooksdoc > docs/hooks.md``; a test fails when the page is stale.
"""

from __future__ import annotations

import inspect
import re
import sys

from ..kernel import hookspecs

HEADER = """# Hook reference

Generated from `iacf_core.kernel.hookspecs`: `python -m iacf_core.app.hooksdoc > docs/hooks.md`; a test fails when this
page is out of date. Implement a hook in a module or class registered under the `iacf` entry-point group,
decorated with `iacf_core.hookimpl`; the [plugin-author guide](plugin-guide.md) walks through a package.
"""

_ROLE = re.compile(r":(?:class|func|data|mod|meth|attr):`~?([^`]+)`")
_FIELD = re.compile(r"^:(param (\w+)|return):\s*(.*)$")


def hooks() -> list[str]:
    """Every hook, in call order (:data:`iacf_core.kernel.hookspecs.CALLS`), then any hook missing from it."""
    names = sorted(n for n, f in inspect.getmembers(hookspecs, inspect.isfunction) if n.startswith("iacf_"))
    return [n for n in hookspecs.CALLS if n in names] + [n for n in names if n not in hookspecs.CALLS]


def firstresult(name: str) -> bool:
    opts = getattr(getattr(hookspecs, name), "iacf_spec", {}) or {}
    return bool(opts.get("firstresult"))


def signature(name: str) -> str:
    return f"def {name}{inspect.signature(getattr(hookspecs, name))}".replace("'", "")


def to_markdown(text: str) -> str:
    """A docstring as markdown: Sphinx roles become code, ``:param x:`` / ``:return:`` fields a list."""
    lines: list[str] = []
    for line in inspect.cleandoc(text).splitlines():
        line = _ROLE.sub(r"``\1``", line)
        field = _FIELD.match(line)
        if field:
            what = f"`{field.group(2)}`" if field.group(2) else "returns"
            line = f"- {what}: {field.group(3)}"
        elif lines and lines[-1].startswith("- ") and line.startswith("    "):
            lines[-1] += " " + line.strip()  # a field's continuation line
            continue
        lines.append(line)
    return "\n".join(lines)


def call_table() -> str:
    rows = ["| phase | hook | called on | convention |", "|---|---|---|---|"]
    for name in hooks():
        phase, route = hookspecs.CALLS.get(name, ("?", hookspecs.route_of(name)))
        convention = "firstresult" if firstresult(name) else "collect-all"
        rows.append(f"| {phase} | [`{name}`](#{name}) | {route.value} | {convention} |")
    return "\n".join(rows)


def hook_section(name: str) -> str:
    doc = to_markdown(getattr(hookspecs, name).__doc__ or "")
    return f"## {name}\n\n```python\n{signature(name)}\n```\n\n{doc}\n"


def reference_markdown() -> str:
    intro = to_markdown(hookspecs.__doc__ or "")
    sections = "\n".join(hook_section(name) for name in hooks())
    return f"{HEADER}\n{intro}\n\n## Call order\n\n{call_table()}\n\n{sections}"


if __name__ == "__main__":
    sys.stdout.write(reference_markdown())
