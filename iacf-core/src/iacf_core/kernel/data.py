"""Data files shipped inside a package (``<package>/data/<name>.yaml``): read once, then served from memory.

Rules that can be data are data (sizing, regions, check maps...); every plugin reads them the same way.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@cache
def load_data(package: str, name: str) -> Any:
    """The parsed YAML file ``data/<name>`` of ``package`` (an import name), cached for the process.

    The result is shared: callers copy what they change (``dict(load_data(...)["web_app"]["prod"])``).
    """
    return yaml.safe_load(files(package).joinpath("data").joinpath(name).read_text(encoding="utf-8"))
