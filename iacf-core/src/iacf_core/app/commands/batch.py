"""``iacf generate --batch``: regenerate a fleet of projects from their spec files in one process."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from ...kernel.errors import IacfError
from . import options
from .options import emit, load_inputs, not_blank

if TYPE_CHECKING:
    from ...engine.pipeline import ModuleSource


def generate_batch(source: Path | None, out: Path, *, given: dict[str, Any], force: bool, validate: bool,
                   policy_file: Path | None, factory: str | None, module_source: str, jobs: int | None,
                   as_json: bool) -> NoReturn:
    """Generate one project per spec of ``source`` under ``out``, print the summary (or ``--json``) and exit
    with the worst exit code of the specs."""
    from ...engine import batch
    from ...request.readings import stated_in
    from .. import human
    from ..outputs import BatchOutput

    if source is None:
        raise IacfError("--jobs goes with --batch (the gates of several projects at once)")
    clashing = [name for name, value in given.items() if value is not None]
    if clashing:
        raise IacfError(f"--batch reads every value from its spec files: leave out {', '.join(clashing)}")
    not_blank(factory=factory)
    modules = _module_sources(factory, module_source)
    installed = options.plugins()
    policy, _ = load_inputs(policy_file, None, installed)
    items = batch.plan(source, out, force, installed.registry)
    with human.Activity(quiet=as_json) as progress, stated_in("spec file"):
        batch.run(items, installed, out, policy=policy, force=force, validate=validate, jobs=jobs or 1,
                  modules=modules, progress=progress)
    code = batch.worst(items)
    if as_json:
        emit(BatchOutput.of(items, str(source), out, validated=validate))
    else:
        human.print_batch(human.Printer(), items, str(source), str(out), validated=validate)
    raise typer.Exit(code)


def _module_sources(factory: str | None, mode: str) -> Any:
    """One :class:`FactoryUse` per spec (each records the releases its project uses), on one open factory."""
    if factory is None:
        return lambda: None
    from ...factory.backends import open_backend
    from ...factory.ops import FactoryUse

    backend = open_backend(factory)

    def fresh() -> ModuleSource:
        return FactoryUse(backend, mode=mode)

    return fresh
