"""``iacf plugins``, ``iacf version``, ``iacf mcp``: what is installed, and the MCP server."""

from __future__ import annotations

import sys

import typer

from ...kernel.errors import IacfError
from . import options
from .options import JsonOpt, emit


def plugins_cmd(as_json: JsonOpt = False) -> None:
    """List the loaded plugins (distribution, version, hooks), clouds and component kinds."""
    from .. import human
    from ..outputs import CloudEntry, KindEntry, PluginEntry, PluginsOutput

    installed = options.plugins()
    infos = installed.infos()
    registry = installed.registry
    if not as_json:
        human.print_plugins(human.Printer(), infos, registry)
        return
    emit(PluginsOutput(
        plugins=[PluginEntry(name=i.name, module=i.module, distribution=i.distribution, version=i.version,
                             hooks=list(i.hooks)) for i in infos],
        clouds=[CloudEntry(name=c.name, title=c.title, default_region=c.default_region)
                for c in sorted(registry.clouds.values(), key=lambda c: c.name)],
        component_kinds=[KindEntry(name=k.name, clouds=list(k.clouds), description=k.description)
                         for k in sorted(registry.kinds.values(), key=lambda k: k.name)]))


def mcp_cmd() -> None:
    """Serve the CLI's commands as MCP tools over stdio (needs the extra: pip install 'iacf-core[mcp]')."""
    from importlib.util import find_spec

    try:
        missing = find_spec("mcp") is None
    except (ImportError, ValueError):  # a broken or blocked installation
        missing = True
    if missing:
        raise IacfError("the MCP server needs the mcp package: pip install 'iacf-core[mcp]'")
    from ..mcpserver import serve

    serve()


def version_cmd() -> None:
    """Print the version of iacf-core."""
    from ... import __version__

    sys.stdout.write(f"iacf-core {__version__}\n")


def register(app: typer.Typer) -> None:
    app.command("plugins")(plugins_cmd)
    app.command("mcp")(mcp_cmd)
    app.command("version")(version_cmd)
