"""Align ``=`` signs the way ``terraform fmt`` does, so rendered templates are canonical without Terraform.

Rule (as hclwrite applies it): consecutive single-line attributes at the same indentation form a group whose
``=`` signs are aligned one space after the longest name. A blank line, a comment, a block header, a closing
brace or an attribute whose value continues on the next lines ends the group.
"""

from __future__ import annotations

import re

_ATTR = re.compile(r'^(?P<indent>[ ]*)(?P<key>[A-Za-z_][A-Za-z0-9_-]*|"[^"]*")[ ]*=[ ]*(?P<value>\S.*)$')
_OPEN = "([{"
_CLOSE = ")]}"


def _balance(text: str) -> int:
    if not any(bracket in text for bracket in "([{)]}"):  # most values (a name, a string, a number): no scan
        return 0
    depth, in_str, escaped = 0, False, False
    for ch in text:
        if in_str:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_str = False
            continue
        if ch == '"':
            in_str = True
        elif ch == "#":
            break
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
    return depth


def align(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    group: list[tuple[str, str, str]] = []
    heredoc: str | None = None

    def flush() -> None:
        if group:
            width = max(len(key) for _, key, _ in group)
            out.extend(f"{indent}{key.ljust(width)} = {value}" for indent, key, value in group)
            group.clear()

    for line in lines:
        if heredoc is not None:
            out.append(line)
            if line.strip() == heredoc:
                heredoc = None
            continue
        match = _ATTR.match(line)
        if match and "<<" not in match.group("value"):
            indent, key, value = match.group("indent"), match.group("key"), match.group("value")
            if group and group[0][0] != indent:
                flush()
            if _balance(value) == 0:
                group.append((indent, key, value))
                continue
            flush()
            out.append(f"{indent}{key} = {value}")
            continue
        flush()
        doc = re.search(r"<<-?([A-Z_]+)\s*$", line) if "<<" in line else None
        if doc:
            heredoc = doc.group(1)
        out.append(line)
    flush()
    return "\n".join(out)
