"""Errors the CLI turns into one-line messages and an exit code."""

from __future__ import annotations

import re
from typing import Any, Final

EXIT_OK: Final = 0
EXIT_VALIDATION: Final = 1
EXIT_USAGE = 2
EXIT_PLUGIN = 3
EXIT_INTERNAL = 70

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class IacfError(Exception):
    """An expected failure: bad input, a refused operation. Exit code 2.

    ``message`` holds one error per line (a spec with three invalid fields gives three lines).
    """

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The errors, one printable line each."""
        return [one_line(line) for line in self.message.splitlines() if line.strip()] or [type(self).__name__]


class SpecError(IacfError):
    """The request or spec file cannot be turned into a valid Spec."""


class PluginError(IacfError):
    """A plugin failed to load or raised inside a hook. Exit code 3."""

    exit_code = EXIT_PLUGIN


def one_line(text: str, limit: int = 500) -> str:
    """``text`` safe to print as one terminal line: control characters escaped, long text cut in the middle."""
    escaped = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return shorten(escaped, limit)


def shorten(text: str, limit: int = 120) -> str:
    """``text`` cut in the middle when longer than ``limit`` (paths and values quoted in messages)."""
    if len(text) <= limit:
        return text
    keep = limit - 1
    return text[: keep * 2 // 3] + "…" + text[len(text) - keep // 3:]


def field_path(loc: tuple[Any, ...]) -> str:
    """A pydantic error location as written in a spec: ``components[0].params.engine``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_errors(exc: Exception, model: type[Any] | None = None) -> list[tuple[tuple[Any, ...], str]]:
    """Every error of a pydantic ``ValidationError`` as ``(location, "path: reason (value: ...)")``."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return [((), shorten(str(exc)))]
    found = []
    for error in errors():
        loc = tuple(error.get("loc", ()))
        kind = error.get("type", "")
        msg = str(error.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        if kind == "extra_forbidden":
            allowed = _allowed_fields(model, loc[:-1])
            msg = "unknown field" + (f" (fields: {', '.join(allowed)})" if allowed else "")
        elif kind == "missing":
            msg = "required field missing"
        text = f"{field_path(loc)}: {msg}" if loc else msg
        if loc and kind != "missing" and "input" in error:
            text += f" (value: {shorten(_show(error['input']), 80)})"
        found.append((loc, text))
    return found


def first_validation_error(exc: Exception) -> str:
    """The first error of a pydantic ValidationError as ``field.path: reason`` (one line)."""
    return validation_errors(exc)[0][1]


def _show(value: Any) -> str:
    text = repr(value)
    if len(text) > 60 and isinstance(value, (dict, list)):
        return f"a {type(value).__name__} of {len(value)} items"
    return text


def _allowed_fields(model: type[Any] | None, loc: tuple[Any, ...]) -> list[str]:
    """The field names of the model found at ``loc`` inside ``model`` (nested models and lists of them)."""
    from typing import get_args, get_origin

    current = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        annotation = info.annotation
        while get_origin(annotation) is not None and get_args(annotation):
            annotation = get_args(annotation)[0]
        current = annotation if hasattr(annotation, "model_fields") else None
    fields = getattr(current, "model_fields", None)
    # a field written under its alias in a spec ("from", "to" of a connection) is named so
    return [info.alias or name for name, info in fields.items()] if fields else []
