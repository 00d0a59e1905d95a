"""The module factory: ``iacf factory init|merge``, ``iacf module init``, ``iacf catalog``, ``iacf publish``,
``iacf harvest``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from ...kernel.errors import IacfError, one_line
from . import options
from .options import ApiUrlOpt, FactoryArg, JsonOpt, emit, not_blank, path_of

factory_app = typer.Typer(help="Create and review a module factory (a git repository of released modules).",
                          no_args_is_help=True)
module_app = typer.Typer(help="Start a new factory module.", no_args_is_help=True)


@factory_app.command("init")
def factory_init_cmd(
    directory: Annotated[Path, typer.Argument(help="Folder of the new factory (created; must be empty).",
                                              parser=path_of("DIRECTORY"))],
    github: Annotated[str | None, typer.Option(
        "--github", help="OWNER/REPO the factory will be pushed to: also writes the release workflow.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a non-empty folder.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Create a local factory seeded with the modules of the installed plugins, each released as 1.0.0."""
    from ...factory.ops import init_factory
    from .. import human
    from ..outputs import FactoryInitOutput, SeededModule

    if github is not None and not re.fullmatch(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", github):
        raise IacfError(f"--github must be OWNER/REPO, not {github!r}")
    sources = options.plugins().factory_modules()
    if not sources:
        raise IacfError("no installed plugin seeds factory modules")
    manifests = init_factory(directory, sources, github=github, force=force)
    if as_json:
        emit(FactoryInitOutput(factory=str(directory), modules=[
            SeededModule(module=m.key, provides=m.provides, version=m.version) for m in manifests]))
    else:
        human.print_factory_init(human.Printer(), str(directory), manifests)


@factory_app.command("merge")
def factory_merge_cmd(
    directory: Annotated[Path, typer.Argument(help="A local factory folder.", parser=path_of("DIRECTORY"))],
    pr: Annotated[int, typer.Argument(help="The pull request number printed by `iacf publish`.")],
    as_json: JsonOpt = False,
) -> None:
    """Merge a pull request of a local factory and tag its release (on GitHub, the release workflow does it)."""
    from ...factory.ops import merge
    from .. import human
    from ..outputs import FactoryMergeOutput

    tag = merge(directory, pr)
    if as_json:
        emit(FactoryMergeOutput(pr=pr, tag=tag))
    else:
        human.Printer().line(f"Merged pull request #{pr}; released {tag}")


@module_app.command("init")
def module_init_cmd(
    directory: Annotated[Path, typer.Argument(
        help="Folder of the new module (created; must be empty). Its name is the module's name.",
        parser=path_of("DIRECTORY"))],
    cloud: Annotated[str | None, typer.Option(
        "--cloud", help="Cloud of the module (default: the only installed cloud).")] = None,
    provides: Annotated[list[str] | None, typer.Option(
        "--provides", help="A component kind the module implements (repeat for several).")] = None,
    description: Annotated[str, typer.Option("--description", help="One sentence: what the module creates.")] = "",
    force: Annotated[bool, typer.Option("--force", help="Replace a non-empty folder.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Write the skeleton of a new module: Terraform files, README tables, CHANGELOG, example, offline test."""
    from ...factory.skeleton import init_module
    from .. import human
    from ..outputs import ModuleInitOutput

    registry = options.plugins().registry
    if cloud is None:
        if len(registry.clouds) != 1:
            raise IacfError(f"give --cloud (installed clouds: {', '.join(sorted(registry.clouds)) or 'none'})")
        cloud = next(iter(registry.clouds))
    info = registry.clouds.get(cloud)
    if info is None:
        raise IacfError(f"cloud {cloud!r} is not installed (installed: {', '.join(sorted(registry.clouds)) or 'none'})")
    kinds = registry.kinds_for(cloud, include_internal=True)
    unknown = [k for k in provides or [] if k not in kinds]
    if unknown:
        raise IacfError(f"--provides {', '.join(unknown)}: not a {cloud} component kind ({', '.join(kinds)})")
    manifest = init_module(directory, info, list(provides or []), description, force=force)
    if as_json:
        emit(ModuleInitOutput(
            module=manifest.key, directory=str(directory), provides=manifest.provides,
            files=sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())))
    else:
        human.print_module_init(human.Printer(), manifest.key, str(directory))


def catalog_cmd(factory: FactoryArg, api_url: ApiUrlOpt = None, as_json: JsonOpt = False) -> None:
    """List the factory's modules: cloud, component kinds provided, latest version."""
    from ...factory.backends import open_backend
    from ...factory.ops import catalog
    from .. import human
    from ..outputs import CatalogModule, CatalogOutput

    not_blank(github_api_url=api_url)
    entries = catalog(open_backend(factory, api_url))
    if as_json:
        emit(CatalogOutput(factory=factory, modules=[CatalogModule.of(e) for e in entries]))
    else:
        human.print_catalog(human.Printer(), factory, entries)


def publish_cmd(
    module_dir: Annotated[Path, typer.Argument(help="The module folder to publish.", parser=path_of("MODULE_DIR"))],
    factory: FactoryArg,
    api_url: ApiUrlOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check, test and version a module, then push it as a pull request to the factory.

    The bump is computed from the interface: removed/renamed variable or output, changed type or new required
    variable → major; new optional variable or output → minor; anything else → patch; identical → refused.
    """
    from ...factory.backends import open_backend
    from ...factory.ops import PublishRefused, publish
    from .. import human
    from ..outputs import PublishOutput

    not_blank(github_api_url=api_url)
    if not module_dir.is_dir():
        raise IacfError(f"module folder {module_dir} does not exist")
    backend = open_backend(factory, api_url)
    try:
        with human.Activity(quiet=as_json) as progress:
            result = publish(module_dir, backend, progress)
    except PublishRefused as exc:
        if as_json:
            emit(PublishOutput(module=exc.module, ok=False, exit_code=exc.exit_code, reasons=exc.reasons,
                               gates=exc.gates))
        else:
            human.error([one_line(line) for line in exc.message.splitlines() if line.strip()])
        raise typer.Exit(exc.exit_code) from None
    if as_json:
        emit(PublishOutput.of(result))
    else:
        human.print_publish(human.Printer(), result)


def harvest_cmd(
    project_dir: Annotated[Path, typer.Argument(help="A generated project folder.", parser=path_of("PROJECT_DIR"))],
    factory: FactoryArg,
    api_url: ApiUrlOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List the project's modules that differ from their factory release or are new, with the publish command."""
    from ...factory.backends import open_backend
    from ...factory.ops import harvest
    from .. import human
    from ..outputs import HarvestModule, HarvestOutput

    not_blank(github_api_url=api_url)
    items = harvest(project_dir, open_backend(factory, api_url), factory)
    if as_json:
        emit(HarvestOutput(project=str(project_dir), factory=factory, modules=[HarvestModule.of(i) for i in items]))
    else:
        human.print_harvest(human.Printer(), str(project_dir), items)


def register(app: typer.Typer) -> None:
    app.command("catalog")(catalog_cmd)
    app.command("publish")(publish_cmd)
    app.command("harvest")(harvest_cmd)
    app.add_typer(factory_app, name="factory")
    app.add_typer(module_app, name="module")
