"""Fleet regeneration (``iacf generate --batch``): many spec files in one process, each project written
atomically to its own folder, the gates of several projects run in parallel.

A spec that cannot be generated is reported in its row and the others still are; what makes the whole batch
meaningless (no spec file, a missing list entry, an unknown file, two specs aiming at the same folder, folders
that would be replaced without ``--force``) is refused up front, before anything is written.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..kernel.cache import optional_cache
from ..kernel.errors import EXIT_INTERNAL, EXIT_OK, EXIT_VALIDATION, IacfError, SpecError, one_line, shorten
from ..kernel.models import Decision, Spec, Stack, ValidationReport
from ..kernel.plugins import Plugins
from ..kernel.policy import Policy
from ..kernel.registry import Registry
from ..kernel.rendering import Renderer
from ..kernel.writer import check_destination, make_parents, remove_empty
from ..request.inputs import load_spec, read_text
from ..toolkit.tools import terraform_setup
from ..toolkit.validation.gates import Progress
from ..toolkit.validation.runner import validate_dir
from .pipeline import ModuleSource, generate

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class BatchItem:
    """One spec file of a batch: where it goes, and what became of it."""

    source: Path
    shown: str  # the spec file as the user named it (folder entry or list line)
    spec: Spec | None = None
    notes: list[Decision] = field(default_factory=list)  # how the spec file's values were read (production: prod)
    folder: str | None = None  # <project>-<environment>, under the batch's output folder
    exit_code: int = EXIT_OK
    errors: list[str] = field(default_factory=list)
    components: int = 0
    files: int = 0
    modules: ModuleSource | None = None  # where its modules came from (``--factory``)
    report: ValidationReport | None = None

    def fail(self, exc: BaseException) -> None:
        """Record why this spec failed: an expected error keeps its exit code, anything else is internal (70)."""
        if isinstance(exc, IacfError):
            self.exit_code = max(self.exit_code, exc.exit_code)
            self.errors.extend(exc.lines())
        else:
            self.exit_code = EXIT_INTERNAL
            self.errors.append(one_line(f"internal error: {type(exc).__name__}: {exc}"))


def folder_name(spec: Spec) -> str:
    """The folder a spec's project is written to, under ``--out``: ``<project>-<environment>``, the pair that
    names its resources and state, so two specs aiming at one folder would also collide in the cloud."""
    return f"{spec.project}-{spec.environment}"


def spec_files(source: Path) -> list[tuple[Path, str]]:
    """The spec files of ``--batch SOURCE``: a folder's spec files (sorted by name), or the entries of a text
    file listing one path a line (in its order; blank lines and ``#`` comments skipped, relative paths read from
    the list's folder). Each as (path, name shown)."""
    shown = shorten(str(source))
    if source.is_dir():
        return _folder_entries(source, shown)
    if not source.exists():
        raise IacfError(f"--batch {shown} does not exist: give a folder of spec files or a file listing them")
    if source.suffix.lower() in SPEC_SUFFIXES:
        raise IacfError(f"--batch {shown} is a spec file; --batch takes a folder of spec files or a text file "
                        "listing them (use --spec for one spec)")
    return _list_entries(source, shown)


def _folder_entries(folder: Path, shown: str) -> list[tuple[Path, str]]:
    try:
        entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))  # .git, .gitkeep, editors'
    except OSError as exc:
        raise IacfError(f"cannot read --batch folder {shown}: {exc.strerror or exc}") from None
    unknown = [p.name + ("/" if p.is_dir() else "") for p in entries
               if p.is_dir() or p.suffix.lower() not in SPEC_SUFFIXES]
    if unknown:
        raise IacfError(f"--batch folder {shown} holds entries that are not spec files ({', '.join(SPEC_SUFFIXES)}): "
                        f"{_names(unknown)}; move them out or list the spec files in a text file")
    if not entries:
        raise IacfError(f"--batch folder {shown} holds no spec file ({', '.join(SPEC_SUFFIXES)})")
    return [(p, p.name) for p in entries]


def _list_entries(listing: Path, shown: str) -> list[tuple[Path, str]]:
    text = read_text(listing, "batch list")
    found: list[tuple[Path, str]] = []
    problems: list[str] = []
    seen: dict[Path, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        path = Path(entry) if Path(entry).is_absolute() else listing.parent / entry
        where = f"{shown}, line {number}: {shorten(entry)}"
        if not path.is_file():
            problems.append(f"{where} {'is not a file' if path.exists() else 'does not exist'}")
        elif path.suffix.lower() not in SPEC_SUFFIXES:
            problems.append(f"{where} is not a spec file ({', '.join(SPEC_SUFFIXES)})")
        elif path.resolve() in seen:
            problems.append(f"{where} is listed twice (line {seen[path.resolve()]})")
        else:
            seen[path.resolve()] = number
            found.append((path, entry))
    if problems:
        raise IacfError("\n".join(problems))
    if not found:
        raise IacfError(f"--batch list {shown} names no spec file (one path a line; # starts a comment)")
    return found


def _names(names: list[str], limit: int = 5) -> str:
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def plan(source: Path, out: Path, force: bool, registry: Registry) -> list[BatchItem]:
    """Read every spec of the batch, as ``--spec`` reads one, against the installed catalogue (``registry``), and
    give each its folder under ``out``. A spec that does not load keeps its errors (its row); two specs aiming at
    one folder, and folders ``--force`` would be needed for, are refused."""
    items = [BatchItem(source=path, shown=name) for path, name in spec_files(source)]
    owners: dict[str, BatchItem] = {}
    collisions: list[str] = []
    for item in items:
        try:
            reading = load_spec(item.source, registry)
            item.spec, item.notes = reading.spec, reading.notes
        except SpecError as exc:
            item.fail(exc)
            continue
        item.folder = folder_name(item.spec)
        first = owners.setdefault(item.folder, item)
        if first is not item:
            collisions.append(f"{first.shown} and {item.shown} both generate {item.folder} (project "
                              f"{item.spec.project!r}, environment {item.spec.environment})")
    if collisions:
        raise IacfError("\n".join(f"{c}: give each spec its own project or environment" for c in collisions))
    if out.exists() and not out.is_dir():
        raise IacfError(f"--out {shorten(str(out))} exists and is not a folder")
    refused: list[str] = []
    for item in items:
        if item.folder is not None:
            try:
                check_destination(out / item.folder, force)
            except IacfError as exc:
                refused.extend(exc.lines())
    if refused:
        raise IacfError("\n".join(refused))
    return items


def run(
    items: list[BatchItem],
    plugins: Plugins,
    out: Path,
    *,
    policy: Policy,
    force: bool = False,
    validate: bool = True,
    jobs: int = 1,
    modules: Callable[[], ModuleSource | None] = lambda: None,
    progress: Progress = lambda _m: None,
) -> None:
    """Generate every planned spec into ``out/<folder>`` and run its gates. With ``jobs`` > 1, ``jobs`` worker
    processes each generate and gate one project at a time (forked from this one, so nothing is loaded twice),
    when the platform can fork and no module factory is used (a factory records what each project uses here);
    otherwise the specs are generated one after the other while ``jobs`` threads run the gates of the projects
    already written. Each item gets its outcome; the items keep their order, and the files are the same either way."""
    todo = [item for item in items if item.spec is not None]
    if validate:
        terraform_setup()  # writes the shared CLI configuration once, before threads could race to write it
    # one for the batch: each template is compiled once (or read compiled from the cache folder), not once per spec
    renderer = Renderer(plugins.registry, cache=optional_cache("templates"))
    # made here, once, so that parallel workers never race to create (or, failing, remove) the shared folder
    created = make_parents(out) if todo else []
    try:
        if jobs > 1 and len(todo) > 1 and _can_fork() and modules() is None:
            _run_forked(todo, _Work(plugins, renderer, out, policy, force, validate), jobs, progress)
        else:
            _run_here(todo, plugins, renderer, out, policy, force, validate, jobs, modules, progress)
    finally:
        remove_empty(created)  # nothing was written: no empty output folder left behind


def _run_here(todo: list[BatchItem], plugins: Plugins, renderer: Renderer, out: Path, policy: Policy, force: bool,
              validate: bool, jobs: int, modules: Callable[[], ModuleSource | None], progress: Progress) -> None:
    """Generate one spec after the other in this process while ``jobs`` threads run the written projects' gates."""
    gates: list[tuple[BatchItem, Future[ValidationReport]]] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="iacf-gates") as pool:
        for done, item in enumerate(todo, start=1):
            progress(f"generate: {done}/{len(todo)}")
            stack = _generate_one(item, plugins, renderer, out, policy, force, modules())
            if stack is not None and validate:
                gates.append((item, pool.submit(validate_dir, out / str(item.folder), plugins, stack,
                                                policy=stack.policy)))
        for done, (item, future) in enumerate(gates, start=1):
            progress(f"gates: {done}/{len(gates)}")
            try:
                _record(item, future.result())
            except Exception as exc:  # noqa: BLE001 - one project's failure is its row; the others go on
                item.fail(exc)


def _record(item: BatchItem, report: ValidationReport) -> None:
    item.report = report
    if not report.ok:
        item.exit_code = max(item.exit_code, EXIT_VALIDATION)


@dataclass
class _Work:
    """What a forked worker needs, inherited through fork rather than sent (plugins cannot be pickled)."""

    plugins: Plugins
    renderer: Renderer
    out: Path
    policy: Policy
    force: bool
    validate: bool


_WORK: dict[str, tuple[_Work, list[BatchItem]]] = {}


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _run_forked(todo: list[BatchItem], work: _Work, jobs: int, progress: Progress) -> None:
    """Generate (and gate) ``todo`` in ``jobs`` forked processes; each sends back its item's outcome."""
    _WORK["batch"] = (work, todo)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context) as pool:
            futures = [pool.submit(_forked_item, index) for index in range(len(todo))]
            for done, _finished in enumerate(as_completed(futures), start=1):
                progress(f"{'generate + gates' if work.validate else 'generate'}: {done}/{len(todo)}")
            for item, future in zip(todo, futures, strict=True):
                try:
                    outcome = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died fails its spec, not the batch
                    item.fail(exc)
                    continue
                _apply(item, outcome)
    finally:
        _WORK.pop("batch", None)


def _forked_item(index: int) -> dict[str, Any]:
    """In a forked worker: generate (and gate) one item; its outcome as plain data."""
    work, todo = _WORK["batch"]
    item = todo[index]
    stack = _generate_one(item, work.plugins, work.renderer, work.out, work.policy, work.force, None)
    if stack is not None and work.validate:
        try:
            _record(item, validate_dir(work.out / str(item.folder), work.plugins, stack, policy=stack.policy))
        except Exception as exc:  # noqa: BLE001 - as in one process: the project's row says why
            item.fail(exc)
    return {"exit_code": item.exit_code, "errors": item.errors, "components": item.components,
            "files": item.files, "report": item.report.model_dump(mode="json") if item.report else None}


def _apply(item: BatchItem, outcome: dict[str, Any]) -> None:
    item.exit_code, item.errors = outcome["exit_code"], list(outcome["errors"])
    item.components, item.files = outcome["components"], outcome["files"]
    if outcome["report"] is not None:
        item.report = ValidationReport.model_validate(outcome["report"])


def _generate_one(item: BatchItem, plugins: Plugins, renderer: Renderer, out: Path, policy: Policy, force: bool,
                  modules: ModuleSource | None) -> Stack | None:
    """Generate and write one project (no gates); its Stack, or None when it failed (recorded in the item)."""
    assert item.spec is not None and item.folder is not None
    try:
        result = generate(item.spec, plugins, out / item.folder, force=force, validate=False, policy=policy,
                          modules=modules, renderer=renderer, notes=item.notes)
    except Exception as exc:  # noqa: BLE001 - one spec's failure is its row; the others go on
        item.fail(exc)
        return None
    item.components = len(result.stack.components)
    item.files = len(result.files)
    item.modules = modules
    return result.stack


def worst(items: Iterable[BatchItem]) -> int:
    """The batch's exit code: the worst of its specs' (0 ok < 1 gate errors < 2 bad input < 3 plugin < 70)."""
    return max((item.exit_code for item in items), default=EXIT_OK)
