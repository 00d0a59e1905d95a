"""Errors the CLI turns into a one-line message and an exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_VALIDATION = 1
EXIT_USAGE = 2
EXIT_PLUGIN = 3


class IacfError(Exception):
    """An expected failure: bad input, a refused operation. Printed as one line, exit code 2."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SpecError(IacfError):
    """The request or spec file cannot be turned into a valid Spec."""


class PluginError(IacfError):
    """A plugin failed to load or raised inside a hook. Exit code 3."""

    exit_code = EXIT_PLUGIN


def first_validation_error(exc: Exception) -> str:
    """The first error of a pydantic ValidationError as ``field.path: reason`` (one line)."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ()))
        msg = str(first.get("msg", "")).removeprefix("Value error, ")
        return f"{loc}: {msg}" if loc else msg
    return str(exc)
