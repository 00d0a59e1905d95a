"""The ``iacf`` command line.

Exit codes: 0 success; 1 generated (or validated) but a gate found errors; 2 bad input or usage;
3 a plugin failed to load or raised. Errors are one line on stderr, never a traceback (``IACF_DEBUG=1``
shows it).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from . import __version__
from .errors import EXIT_OK, EXIT_USAGE, EXIT_VALIDATION, IacfError, PluginError
from .models import Finding, Severity, Spec, ValidationReport
from .parser import parse_request
from .pipeline import apply_overrides, generate, load_spec_file
from .plugins import Plugins
from .policy import load_policy
from .validation.runner import validate_dir

app = typer.Typer(
    name="iacf",
    help="IaC Factory: turn a short request or a spec file into a production-ready Terraform project.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output on stdout; no progress.")]
CloudOpt = Annotated[str | None, typer.Option("--cloud", help="Cloud plugin to use (see `iacf plugins`).")]
EnvOpt = Annotated[str | None, typer.Option("--env", help="Environment: dev, staging or prod.")]
RegionOpt = Annotated[str | None, typer.Option("--region", help="Region code, e.g. eu-west-3.")]
ProjectOpt = Annotated[str | None, typer.Option("--project", help="Project slug used in names and tags.")]
PolicyOpt = Annotated[
    Path | None, typer.Option("--policy", help="Organisation policy file (default: ./iacf.toml when present).")
]


def _emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


def _progress(quiet: bool) -> Any:
    def report(message: str) -> None:
        if not quiet:
            sys.stderr.write(f"… {message}\n")
            sys.stderr.flush()

    return report


def _plugins() -> Plugins:
    plugins = Plugins()
    _ = plugins.registry  # load the registries now so a broken plugin fails before any work
    return plugins


@app.command("generate")
def generate_cmd(
    request: Annotated[str | None, typer.Argument(help="What to deploy, in French or English.")] = None,
    spec_file: Annotated[Path | None, typer.Option("--spec", help="A YAML or JSON spec file instead of text.")] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output folder (created; must be empty).")
    ] = Path("infrastructure"),
    cloud: CloudOpt = None,
    env: EnvOpt = None,
    region: RegionOpt = None,
    project: ProjectOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a non-empty output folder.")] = False,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip every validation gate.")] = False,
    policy_file: PolicyOpt = None,
    factory: Annotated[str | None, typer.Option(
        "--factory", help="Use the newest released modules of this factory (folder or github:OWNER/REPO).")] = None,
    module_source: Annotated[str, typer.Option(
        "--module-source", help="With --factory: vendor (copy under modules/) or git (source pinned ?ref=<tag>).")
    ] = "vendor",
    as_json: JsonOpt = False,
) -> None:
    """Generate a Terraform project from REQUEST (or --spec FILE) into --out DIR, then validate it."""
    if (request is None) == (spec_file is None):
        raise IacfError("give either a REQUEST or --spec FILE (exactly one)")
    use = _factory_use(factory, module_source)
    policy = load_policy(policy_file)
    plugins = _plugins()
    defaults: list[str] = []
    unused: list[str] = []
    if spec_file is not None:
        spec = apply_overrides(load_spec_file(spec_file), cloud=cloud, environment=env, region=region, project=project)
    else:
        parsed = parse_request(request or "", plugins.registry, cloud=cloud, environment=env, region=region,
                               project=project)
        spec, defaults, unused = parsed.spec, parsed.defaults, parsed.unused
    result = generate(spec, plugins, out, force=force, validate=not no_validate, defaults=defaults,
                      policy=policy, progress=_progress(as_json), modules=use.apply if use else None)
    report = result.report
    code = EXIT_VALIDATION if report is not None and not report.ok else EXIT_OK
    if as_json:
        _emit_json({
            "ok": code == EXIT_OK,
            "exit_code": code,
            "out": str(out),
            "spec": result.stack.spec.model_dump(mode="json"),
            "unused_words": unused,
            "components": [c.model_dump(mode="json") for c in result.stack.ordered()],
            "decisions": [d.model_dump(mode="json") for d in result.stack.decisions],
            "controls": [c.model_dump(mode="json") for c in result.stack.controls],
            "files": [f.path for f in result.files],
            "factory_modules": {n: r.tag for n, r in sorted(use.used.items())} if use else {},
            **_report_json(report),
        })
    else:
        _print_generate(result, unused, out)
        if report is not None:
            _print_report(report)
        _print_next_steps(out, code)
    raise typer.Exit(code)


@app.command("parse")
def parse_cmd(
    request: Annotated[str, typer.Argument(help="What to deploy, in French or English.")],
    cloud: CloudOpt = None,
    env: EnvOpt = None,
    region: RegionOpt = None,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the Spec understood from REQUEST, as YAML, and every word that was not used."""
    plugins = _plugins()
    parsed = parse_request(request, plugins.registry, cloud=cloud, environment=env, region=region, project=project)
    data = parsed.spec.model_dump(mode="json", exclude_none=True)
    if as_json:
        _emit_json({"spec": data, "used_words": parsed.used, "unused_words": parsed.unused,
                    "defaults": parsed.defaults})
        return
    sys.stdout.write(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    sys.stdout.write(f"# words not used: {' '.join(parsed.unused) if parsed.unused else '(none)'}\n")
    for note in parsed.defaults:
        sys.stdout.write(f"# default: {note}\n")


@app.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the Spec (the format of --spec files)."""
    schema = Spec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "iacf Spec"
    _emit_json(schema)


@app.command("plugins")
def plugins_cmd(as_json: JsonOpt = False) -> None:
    """List the loaded plugins (distribution, version, hooks), clouds and component kinds."""
    plugins = _plugins()
    infos = plugins.infos()
    registry = plugins.registry
    if as_json:
        _emit_json({
            "plugins": [{"name": i.name, "module": i.module, "distribution": i.distribution,
                         "version": i.version, "hooks": list(i.hooks)} for i in infos],
            "clouds": [{"name": c.name, "title": c.title, "default_region": c.default_region}
                       for c in sorted(registry.clouds.values(), key=lambda c: c.name)],
            "component_kinds": [{"name": k.name, "clouds": list(k.clouds), "description": k.description}
                                for k in sorted(registry.kinds.values(), key=lambda k: k.name)],
        })
        return
    out = sys.stdout
    out.write("Plugins:\n")
    for i in infos:
        out.write(f"  {i.name:<12} {i.distribution} {i.version}\n")
        out.write(f"  {'':<12} hooks: {', '.join(i.hooks) if i.hooks else '(none)'}\n")
    out.write("Clouds:\n")
    for c in sorted(registry.clouds.values(), key=lambda c: c.name):
        out.write(f"  {c.name:<12} {c.title} (default region {c.default_region})\n")
    out.write("Component kinds (renderable on):\n")
    for k in sorted(registry.kinds.values(), key=lambda k: k.name):
        clouds = ", ".join(k.clouds) if k.clouds else "no installed cloud"
        out.write(f"  {k.name:<20} {clouds}\n")


@app.command("validate")
def validate_cmd(
    directory: Annotated[Path, typer.Argument(help="A Terraform project folder.")],
    as_json: JsonOpt = False,
    policy_file: PolicyOpt = None,
) -> None:
    """Run the validation gates on any Terraform folder (static checks, fmt, validate, Checkov)."""
    if not directory.exists():
        raise IacfError(f"folder {directory} does not exist")
    if not directory.is_dir():
        raise IacfError(f"{directory} is not a folder")
    if not any(directory.rglob("*.tf")):
        raise IacfError(f"{directory} holds no Terraform (.tf) file")
    policy = load_policy(policy_file)
    plugins = _plugins()
    report = validate_dir(directory, plugins, None, progress=_progress(as_json), policy=policy)
    code = EXIT_OK if report.ok else EXIT_VALIDATION
    if as_json:
        _emit_json({"ok": report.ok, "exit_code": code, "directory": str(directory), **_report_json(report)})
    else:
        _print_report(report)
    raise typer.Exit(code)


@app.command("verify")
def verify_cmd(
    directory: Annotated[Path, typer.Argument(help="A project generated by `iacf generate`.")],
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", help="URL of an emulator already running (default: start one on 127.0.0.1, stop it after).",
    )] = None,
    keep: Annotated[bool, typer.Option("--keep", help="No destroy; keep the temporary working copies.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines on stderr.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Deploy-test DIR on a local emulator: init, plan, apply, plan (must be empty), destroy. DIR is not changed."""
    from .models import VerifyOptions
    from .verify import check_endpoint, print_report, project_cloud

    cloud = project_cloud(directory)
    url = check_endpoint(endpoint) if endpoint is not None else None
    plugins = _plugins()
    if cloud not in plugins.registry.clouds:
        installed = ", ".join(sorted(plugins.registry.clouds)) or "none"
        raise IacfError(f"{directory} is a {cloud!r} project and no installed plugin provides that cloud "
                        f"(installed clouds: {installed})")
    options = VerifyOptions(cloud=cloud, endpoint=url, keep=keep, progress=_progress(as_json or quiet))
    report = plugins.verify(directory, options)
    if report is None:
        raise PluginError(f"the plugin of cloud {cloud!r} cannot verify projects (it implements no iacf_verify)")
    code = EXIT_OK if report.ok else EXIT_VALIDATION
    if as_json:
        _emit_json({"ok": report.ok, "exit_code": code, "directory": str(directory),
                    **report.model_dump(mode="json")})
    else:
        print_report(report, sys.stdout)
    raise typer.Exit(code)


@app.command("mcp")
def mcp_cmd() -> None:
    """Serve the CLI's commands as MCP tools over stdio (needs the extra: pip install 'iacf-core[mcp]')."""
    try:
        import mcp  # noqa: F401

        from .mcpserver import serve
    except ImportError as exc:
        raise IacfError("the MCP server needs the mcp package: pip install 'iacf-core[mcp]'") from exc
    serve()


@app.command("version")
def version_cmd() -> None:
    """Print the version of iacf-core."""
    sys.stdout.write(f"iacf-core {__version__}\n")


# -- module factory ---------------------------------------------------------------------------------------

factory_app = typer.Typer(help="Create and review a module factory (a git repository of released modules).",
                          no_args_is_help=True)
app.add_typer(factory_app, name="factory")

FactoryArg = Annotated[str, typer.Option(
    "--factory", help="The factory: a local folder (see `iacf factory init`) or github:OWNER/REPO (GITHUB_TOKEN).")]
ApiUrlOpt = Annotated[str | None, typer.Option(
    "--github-api-url", help="GitHub Enterprise API URL (default https://api.github.com or IACF_GITHUB_API_URL).")]


def _factory_use(factory: str | None, module_source: str) -> Any:
    if module_source not in ("vendor", "git"):
        raise IacfError(f"--module-source must be vendor or git, not {module_source!r}")
    if factory is None:
        return None
    from .factory.backends import open_backend
    from .factory.ops import FactoryUse

    return FactoryUse(open_backend(factory), mode=module_source)


@factory_app.command("init")
def factory_init_cmd(
    directory: Annotated[Path, typer.Argument(help="Folder of the new factory (created; must be empty).")],
    github: Annotated[str | None, typer.Option(
        "--github", help="OWNER/REPO the factory will be pushed to: also writes the release workflow.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a non-empty folder.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Create a local factory seeded with the modules of the installed plugins, each released as 1.0.0."""
    from .factory.ops import init_factory

    if github is not None and not re.match(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", github):
        raise IacfError(f"--github must be OWNER/REPO, not {github!r}")
    sources = _plugins().factory_modules()
    if not sources:
        raise IacfError("no installed plugin seeds factory modules")
    manifests = init_factory(directory, sources, github=github, force=force)
    if as_json:
        _emit_json({"factory": str(directory), "modules": [
            {"module": m.key, "provides": m.provides, "version": m.version} for m in manifests]})
        return
    sys.stdout.write(f"Factory created in {directory}/ with {len(manifests)} modules (each released 1.0.0):\n")
    for m in manifests:
        sys.stdout.write(f"  {m.key:<28} {', '.join(m.provides)}\n")
    sys.stdout.write(f"Next: iacf catalog --factory {directory}\n")


@factory_app.command("merge")
def factory_merge_cmd(
    directory: Annotated[Path, typer.Argument(help="A local factory folder.")],
    pr: Annotated[int, typer.Argument(help="The pull request number printed by `iacf publish`.")],
    as_json: JsonOpt = False,
) -> None:
    """Merge a pull request of a local factory and tag its release (on GitHub, the release workflow does it)."""
    from .factory.ops import merge

    tag = merge(directory, pr)
    if as_json:
        _emit_json({"pr": pr, "tag": tag})
    else:
        sys.stdout.write(f"Merged pull request #{pr}; released {tag}\n")


module_app = typer.Typer(help="Start a new factory module.", no_args_is_help=True)
app.add_typer(module_app, name="module")


@module_app.command("init")
def module_init_cmd(
    directory: Annotated[Path, typer.Argument(
        help="Folder of the new module (created; must be empty). Its name is the module's name.")],
    cloud: Annotated[str | None, typer.Option(
        "--cloud", help="Cloud of the module (default: the only installed cloud).")] = None,
    provides: Annotated[list[str] | None, typer.Option(
        "--provides", help="A component kind the module implements (repeat for several).")] = None,
    description: Annotated[str, typer.Option("--description", help="One sentence: what the module creates.")] = "",
    force: Annotated[bool, typer.Option("--force", help="Replace a non-empty folder.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Write the skeleton of a new module: Terraform files, README tables, CHANGELOG, example, offline test."""
    from .factory.skeleton import init_module

    registry = _plugins().registry
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
        _emit_json({"module": manifest.key, "directory": str(directory), "provides": manifest.provides,
                    "files": sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())})
        return
    sys.stdout.write(f"Module {manifest.key} written to {directory}/ (not released yet)\n"
                     f"Next: replace the placeholder in {directory}/main.tf with the module's resources, assert their "
                     f"defaults in {directory}/tests/, then: iacf publish {directory} --factory FACTORY\n")


@app.command("catalog")
def catalog_cmd(factory: FactoryArg, api_url: ApiUrlOpt = None, as_json: JsonOpt = False) -> None:
    """List the factory's modules: cloud, component kinds provided, latest version."""
    from .factory.backends import open_backend
    from .factory.ops import catalog

    entries = catalog(open_backend(factory, api_url))
    if as_json:
        _emit_json({"factory": factory, "modules": [e.to_json() for e in entries]})
        return
    if not entries:
        sys.stdout.write(f"No released module in {factory}\n")
        return
    sys.stdout.write(f"{'module':<28} {'latest':<9} provides\n")
    for e in entries:
        sys.stdout.write(f"{e.release.key:<28} {e.release.version:<9} {', '.join(e.manifest.provides)}\n")


@app.command("publish")
def publish_cmd(
    module_dir: Annotated[Path, typer.Argument(help="The module folder to publish.")],
    factory: FactoryArg,
    api_url: ApiUrlOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check, test and version a module, then push it as a pull request to the factory.

    The bump is computed from the interface: removed/renamed variable or output, changed type or new required
    variable → major; new optional variable or output → minor; anything else → patch; identical → refused.
    """
    from .factory.backends import open_backend
    from .factory.ops import PublishRefused, publish

    if not module_dir.is_dir():
        raise IacfError(f"module folder {module_dir} does not exist")
    backend = open_backend(factory, api_url)
    try:
        result = publish(module_dir, backend, _progress(as_json))
    except PublishRefused as exc:
        if as_json:
            _emit_json({"module": exc.module, "ok": False, "exit_code": exc.exit_code, "reasons": exc.reasons,
                        "gates": [g.model_dump(mode="json") for g in exc.gates]})
        else:
            sys.stderr.write(f"iacf: error: {exc.message}\n")
        raise typer.Exit(exc.exit_code) from None
    if as_json:
        _emit_json({"ok": True, **result.to_json()})
        return
    action = "opened" if result.created else ("updated" if result.updated else "unchanged")
    sys.stdout.write(f"{result.module} {result.version} ({result.bump}"
                     f"{'; previous ' + result.previous if result.previous else ''})\n")
    for reason in result.reasons:
        sys.stdout.write(f"  - {reason}\n")
    if result.restored_from:
        sys.stdout.write(f"Restored from {result.restored_from}: {', '.join(result.restored)}\n")
    sys.stdout.write(f"Pull request #{result.pr} {action}: {result.pr_url} (branch {result.branch})\n")
    for number in result.superseded:
        sys.stdout.write(f"Pull request #{number} closed: replaced by #{result.pr}\n")


@app.command("harvest")
def harvest_cmd(
    project_dir: Annotated[Path, typer.Argument(help="A generated project folder.")],
    factory: FactoryArg,
    api_url: ApiUrlOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List the project's modules that differ from their factory release or are new, with the publish command."""
    from .factory.backends import open_backend
    from .factory.ops import harvest

    items = harvest(project_dir, open_backend(factory, api_url), factory)
    if as_json:
        _emit_json({"project": str(project_dir), "factory": factory, "modules": [i.to_json() for i in items]})
        return
    todo = [i for i in items if i.status != "unchanged"]
    sys.stdout.write(f"{len(items)} modules in {project_dir}/modules: {len(todo)} to publish\n")
    for i in items:
        origin = f" (from {i.origin})" if i.origin else ""
        sys.stdout.write(f"  {i.status:<9} {i.module}{origin}\n")
        if i.command:
            sys.stdout.write(f"            {i.command}\n")
        for m in i.missing:
            sys.stdout.write(f"            to fix first: {m}\n")


# -- output helpers -------------------------------------------------------------------------------------


def _report_json(report: ValidationReport | None) -> dict[str, Any]:
    if report is None:
        return {"gates": [], "findings": [], "validated": False}
    return {
        "validated": True,
        "gates": [g.model_dump(mode="json") for g in report.gates],
        "findings": [f.model_dump(mode="json", exclude_none=True) for f in report.findings],
    }


def _print_generate(result: Any, unused: list[str], out: Path) -> None:
    stack = result.stack
    w = sys.stdout.write
    w(f"Generated {len(result.files)} files in {out}/\n")
    w(f"  project {stack.spec.project} · cloud {stack.cloud} · environment {stack.environment} · "
      f"region {stack.region}\n")
    w("Components:\n")
    for c in stack.ordered():
        origin = "asked" if c.provenance.source in ("request", "spec") else c.provenance.source
        w(f"  {c.id:<14} {c.kind:<22} {origin}\n")
    w(f"Decisions: {len(stack.decisions)} (see {out}/DECISIONS.md)\n")
    if stack.controls:
        w(f"Governance controls implemented: {len(stack.controls)}\n")
    if unused:
        w(f"Words not used: {' '.join(unused)}\n")


def _print_report(report: ValidationReport) -> None:
    w = sys.stdout.write
    w("Validation:\n")
    for gate in report.gates:
        counts = " ".join(f"{k}={v}" for k, v in sorted(gate.counts.items()))
        detail = f" — {gate.detail}" if gate.detail else ""
        w(f"  {gate.status.upper():<8} {gate.gate:<12} {counts}{detail}\n")
    shown = [f for f in report.findings if f.severity != Severity.INFO]
    for f in shown[:50]:
        w(f"  {_finding_line(f)}\n")
    if len(shown) > 50:
        w(f"  … {len(shown) - 50} more (use --json)\n")


def _finding_line(f: Finding) -> str:
    where = f.file or ""
    if f.line:
        where += f":{f.line}"
    res = f" [{f.resource}]" if f.resource else ""
    risk = f" [{f.risk}]" if f.risk else (" [unrated]" if f.gate == "checkov" else "")
    control = f" (control {f.control})" if f.control else ""
    return f"{f.severity.value.upper():<7}{risk} {f.check} {where}{res}: {f.message}{control}"


def _print_next_steps(out: Path, code: int) -> None:
    if code != EXIT_OK:
        sys.stdout.write("Validation found errors: fix them or regenerate (exit code 1).\n")
        return
    sys.stdout.write(f"Next: read {out}/README.md (bootstrap → init → plan → apply).\n")


# -- entry point --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns (and exits with) the exit code. Errors are one line on stderr."""
    try:
        result = app(args=argv, prog_name="iacf", standalone_mode=False)
        code = int(result) if isinstance(result, int) else EXIT_OK
    except Exception as exc:  # click may be typer's vendored copy: match by class name, not by import
        kinds = {cls.__name__ for cls in type(exc).__mro__}
        if "Exit" in kinds:
            code = int(getattr(exc, "exit_code", 0))
        elif "UsageError" in kinds:
            ctx = getattr(exc, "ctx", None)
            command = ctx.command_path if ctx is not None else "iacf"
            sys.stderr.write(f"iacf: error: {exc.format_message()} (see `{command} --help`)\n")  # type: ignore[attr-defined]
            code = EXIT_USAGE
        elif "Abort" in kinds:
            sys.stderr.write("iacf: aborted\n")
            code = EXIT_USAGE
        elif isinstance(exc, IacfError):
            sys.stderr.write(f"iacf: error: {exc.message}\n")
            code = exc.exit_code
        elif os.environ.get("IACF_DEBUG"):
            raise
        else:  # a bug: still one line, with a way to see more
            sys.stderr.write(f"iacf: internal error: {type(exc).__name__}: {exc} (set IACF_DEBUG=1 for details)\n")
            code = 70
    except KeyboardInterrupt:
        sys.stderr.write("iacf: interrupted\n")
        code = 130
    return code


def run() -> None:
    sys.exit(main())
