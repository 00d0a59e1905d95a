"""Data files shipped inside a package (``<package>/data/<name>.yaml``): read once, then served from memory.

Rules that can be data are data (sizing, regions, check maps...); every plugin reads them the same way.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from .cache import TextCache

# libyaml's loader when PyYAML has it: the same documents, over ten times faster (the larger data files
# otherwise cost a good part of every command's start-up)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_KEPT = TextCache("data", f"pyyaml-{yaml.__version__}")  # JSON reads in a fraction of the time


def parse_yaml(text: str) -> Any:
    """Safe-load trusted YAML shipped in a package (user input has its own, stricter loader); the document is
    kept in the cache folder for the next process."""
    document = _KEPT.get(text)
    if document is None:
        document = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
        _KEPT.put(text, document)
    return document


@cache
def load_data(package: str, name: str) -> Any:
    """The parsed YAML file ``data/<name>`` of ``package`` (an import name), cached for the process.

    The result is shared: callers copy what they change (``dict(load_data(...)["web_app"]["prod"])``).
    """
    return parse_yaml(files(package).joinpath("data").joinpath(name).read_text(encoding="utf-8"))
