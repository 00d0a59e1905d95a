"""The ``iacf`` command line.

Exit codes: 0 success; 1 generated (or validated) but a gate found errors; 2 bad input or usage;
3 a plugin failed to load or raised; 70 an internal error. Each error is one line on stderr, never a
traceback (``IACF_DEBUG=1`` shows it). What people read is printed by :mod:`iacf_core.human`.
"""

from __future__ import annotations

import json
import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from . import __version__, human
from .errors import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, EXIT_VALIDATION, IacfError, PluginError, SpecError, one_line
from .models import Spec, Stack, ValidationReport
from .parser import parse_request
from .pipeline import apply_overrides, build_stack, generate, load_spec_file
from .plugins import Plugins
from .policy import Policy, load_policy
from .validation.runner import validate_dir
from .writer import check_destination

app = typer.Typer(
    name="iacf",
    help="IaC Factory: turn a short request or a spec file into a production-ready Terraform project.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: brackets such as 'iacf-core[mcp]' print as written, flags show no type
    context_settings={"help_option_names": ["-h", "--help"]},
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output on stdout; no progress.")]
CloudOpt = Annotated[str | None, typer.Option("--cloud", help="Cloud plugin to use (see `iacf plugins`).")]


class EnvChoice(str, Enum):
    dev = "dev"
    staging = "staging"
    prod = "prod"


class ModuleSource(str, Enum):
    vendor = "vendor"
    git = "git"


EnvOpt = Annotated[EnvChoice | None, typer.Option(
    "--env", help="Environment (default: from the request, else dev).", case_sensitive=False,
    metavar="[dev|staging|prod]")]
RegionOpt = Annotated[str | None, typer.Option("--region", help="Region code, e.g. eu-west-3.")]
ProjectOpt = Annotated[str | None, typer.Option("--project", help="Project slug used in names and tags.")]
OwnerOpt = Annotated[str | None, typer.Option(
    "--owner", help="Owner tag (wins over the request's 'owner ...' and the policy's default).")]
CostCenterOpt = Annotated[str | None, typer.Option(
    "--cost-center", help="CostCenter tag (wins over the request's 'cost center ...' and the policy's default).")]
PolicyOpt = Annotated[
    Path | None, typer.Option("--policy", help="Organisation policy file (default: ./iacf.toml when present).")
]


def _emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


def _progress(quiet: bool) -> human.Activity:
    """Plain progress lines on stderr, for a command that cannot close a spinner; prefer
    ``with human.Activity(quiet=...) as progress:``."""
    return human.Activity(quiet=quiet, live=False)


def _value(choice: Enum | None) -> str | None:
    return None if choice is None else str(choice.value)


def _not_blank(**options: str | None) -> None:
    """An option given with an empty value is a mistake (an unset shell variable), never "the default"."""
    for name, value in options.items():
        if value is not None and not value.strip():
            raise IacfError(f"--{name.replace('_', '-')} is empty: give a value or leave the option out")


def _load_inputs(policy_file: Path | None, spec_file: Path | None,
                 plugins: Plugins) -> tuple[Policy, Spec | None]:
    """The policy (with the plugins' sections) and the spec file, with the errors of both reported together."""
    errors: list[str] = []
    policy, spec = Policy(), None
    try:
        policy = load_policy(policy_file, registry=plugins.registry)
    except SpecError as exc:
        errors.append(exc.message)
    if spec_file is not None:
        try:
            spec = load_spec_file(spec_file)
        except SpecError as exc:
            errors.append(exc.message)
    if errors:
        raise SpecError("\n".join(errors))
    return policy, spec


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
    owner: OwnerOpt = None,
    cost_center: CostCenterOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a non-empty output folder.")] = False,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip every validation gate.")] = False,
    policy_file: PolicyOpt = None,
    factory: Annotated[str | None, typer.Option(
        "--factory", help="Use the newest released modules of this factory (folder or github:OWNER/REPO).")] = None,
    module_source: Annotated[ModuleSource, typer.Option(
        "--module-source", help="With --factory: vendor (copy under modules/) or git (source pinned ?ref=<tag>).",
        case_sensitive=False, metavar="[vendor|git]")
    ] = ModuleSource.vendor,
    as_json: JsonOpt = False,
) -> None:
    """Generate a Terraform project from REQUEST (or --spec FILE) into --out DIR, then validate it."""
    if (request is None) == (spec_file is None):
        raise IacfError("give either a REQUEST or --spec FILE (exactly one)")
    _not_blank(cloud=cloud, region=region, project=project, factory=factory, owner=owner, cost_center=cost_center)
    use = _factory_use(factory, _value(module_source) or "vendor")
    check_destination(out, force)
    plugins = _plugins()
    policy, loaded = _load_inputs(policy_file, spec_file, plugins)
    defaults: list[str] = []
    unused: list[str] = []
    parsed = None
    if loaded is not None:
        spec = apply_overrides(loaded, cloud=cloud, environment=_value(env), region=region, project=project,
                               owner=owner, cost_center=cost_center)
    else:
        parsed = parse_request(request or "", plugins.registry, cloud=cloud, environment=_value(env), region=region,
                               project=project, owner=owner, cost_center=cost_center)
        spec, defaults, unused = parsed.spec, parsed.defaults, parsed.unused
    with human.Activity(quiet=as_json) as progress:
        result = generate(spec, plugins, out, force=force, validate=not no_validate, defaults=defaults,
                          policy=policy, progress=progress, modules=use.apply if use else None,
                          notes=parsed.notes if parsed else (), excluded=parsed.excluded if parsed else None)
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
        p = human.Printer()
        human.print_generate(p, result, unused, str(out))
        if report is not None:
            human.print_validation(p, report)
        else:
            human.print_skipped_validation(p, str(out))
        human.print_next_steps(p, str(out), code == EXIT_OK)
    raise typer.Exit(code)


@app.command("parse")
def parse_cmd(
    request: Annotated[str, typer.Argument(help="What to deploy, in French or English.")],
    cloud: CloudOpt = None,
    env: EnvOpt = None,
    region: RegionOpt = None,
    project: ProjectOpt = None,
    owner: OwnerOpt = None,
    cost_center: CostCenterOpt = None,
    policy_file: PolicyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the Spec understood from REQUEST (YAML), the words not used, the components and the decisions known
    before rendering, and the account baseline the policy chooses. Checks what `generate` checks (kinds, regions,
    parameters, policy); writes nothing."""
    _not_blank(cloud=cloud, region=region, project=project, owner=owner, cost_center=cost_center)
    plugins = _plugins()
    policy, _ = _load_inputs(policy_file, None, plugins)
    parsed = parse_request(request, plugins.registry, cloud=cloud, environment=_value(env), region=region,
                           project=project, owner=owner, cost_center=cost_center)
    stack = build_stack(parsed.spec, plugins, parsed.defaults, policy, parsed.notes, parsed.excluded)
    data = stack.spec.model_dump(mode="json", exclude_none=True)
    baseline = policy.account_baseline
    defaults = [f"{d.id.removeprefix('core.default.')}: {d.why}" for d in stack.decisions
                if d.id.startswith("core.default.")]
    if as_json:
        _emit_json({"spec": data, "used_words": parsed.used, "unused_words": parsed.unused, "defaults": defaults,
                    "components": [c.model_dump(mode="json") for c in stack.ordered()],
                    "connections": [c.model_dump(mode="json") for c in stack.connections],
                    "decisions": [d.model_dump(mode="json") for d in stack.decisions],
                    "account_baseline": {"mode": baseline.mode, "provided": baseline.left_to_owner(),
                                         "policy": policy.source, "implies": baseline.summary()}})
        return
    sys.stdout.write(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    sys.stdout.write(f"# words not used: {' '.join(parsed.unused) if parsed.unused else '(none)'}\n")
    for note in defaults:
        sys.stdout.write(f"# default: {note}\n")
    _print_parse(stack)
    origin = f"policy {policy.source}" if policy.source else "default; [account_baseline] mode in iacf.toml"
    sys.stdout.write(f"# account baseline: {baseline.mode} ({origin})\n")
    for line in baseline.summary():
        sys.stdout.write(f"#   {line}\n")


@app.command("schema")
def schema_cmd(cloud: CloudOpt = None) -> None:
    """Print the JSON Schema of the Spec (the format of --spec files), with every installed kind's parameters."""
    from .params import spec_schema

    registry = _plugins().registry
    if cloud is not None and cloud not in registry.clouds:
        raise IacfError(f"--cloud {cloud!r} is not installed; installed clouds: {', '.join(sorted(registry.clouds))}")
    _emit_json(spec_schema(registry, cloud))


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
    _check_project_dir(directory)
    plugins = _plugins()
    policy = load_policy(policy_file, registry=plugins.registry)
    with human.Activity(quiet=as_json) as progress:
        report = validate_dir(directory, plugins, None, progress=progress, policy=policy)
    code = EXIT_OK if report.ok else EXIT_VALIDATION
    if as_json:
        _emit_json({"ok": report.ok, "exit_code": code, "directory": str(directory), **_report_json(report)})
    else:
        human.print_validation(human.Printer(), report)
    raise typer.Exit(code)


def _check_project_dir(directory: Path) -> None:
    from .hcl import tf_files

    name = one_line(str(directory), 120)
    try:
        if not directory.exists():
            raise IacfError(f"folder {name} does not exist")
        if not directory.is_dir():
            raise IacfError(f"{name} is not a folder")
        if not tf_files(directory):
            raise IacfError(f"{name} holds no Terraform (.tf) file")
    except (OSError, ValueError) as exc:
        raise IacfError(f"cannot read {name}: {getattr(exc, 'strerror', None) or exc}") from None


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
    from .verify import check_endpoint, project_cloud

    cloud = project_cloud(directory)
    url = check_endpoint(endpoint) if endpoint is not None else None
    plugins = _plugins()
    if cloud not in plugins.registry.clouds:
        installed = ", ".join(sorted(plugins.registry.clouds)) or "none"
        raise IacfError(f"{directory} is a {cloud!r} project and no installed plugin provides that cloud "
                        f"(installed clouds: {installed})")
    with human.Activity(quiet=as_json or quiet) as progress:
        options = VerifyOptions(cloud=cloud, endpoint=url, keep=keep, progress=progress)
        report = plugins.verify(directory, options)
    if report is None:
        raise PluginError(f"the plugin of cloud {cloud!r} cannot verify projects (it implements no iacf_verify)")
    code = EXIT_OK if report.ok else EXIT_VALIDATION
    if as_json:
        _emit_json({"ok": report.ok, "exit_code": code, "directory": str(directory),
                    **report.model_dump(mode="json")})
    else:
        human.print_verify(human.Printer(), report)
    raise typer.Exit(code)


@app.command("preflight")
def preflight_cmd(
    directory: Annotated[Path, typer.Argument(help="A project generated by `iacf generate`.")],
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", help="URL of an emulator to read instead of the cloud (e.g. http://127.0.0.1:5000).",
    )] = None,
    as_json: JsonOpt = False,
) -> None:
    """Read the target account, read-only, with your own credentials: which account singletons (trail, threat
    detector, configuration recorder...) already exist, the import blocks that adopt them, and the policy
    settings that leave them to their owner instead. Exit 0: nothing collides; 1: singletons exist."""
    from .models import PreflightOptions
    from .preflight import print_report, to_json
    from .verify import check_endpoint, project_cloud

    cloud = project_cloud(directory)
    url = check_endpoint(endpoint) if endpoint is not None else None
    plugins = _plugins()
    if cloud not in plugins.registry.clouds:
        installed = ", ".join(sorted(plugins.registry.clouds)) or "none"
        raise IacfError(f"{directory} is a {cloud!r} project and no installed plugin provides that cloud "
                        f"(installed clouds: {installed})")
    report = plugins.preflight(directory, PreflightOptions(cloud=cloud, endpoint=url, progress=_progress(as_json)))
    if report is None:
        raise PluginError(f"the plugin of cloud {cloud!r} cannot check accounts (it implements no iacf_preflight)")
    if as_json:
        _emit_json(to_json(report, str(directory)))
    else:
        print_report(report, sys.stdout)
    raise typer.Exit(EXIT_OK if report.ok else EXIT_VALIDATION)


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

    if github is not None and not re.fullmatch(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", github):
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
        with human.Activity(quiet=as_json) as progress:
            result = publish(module_dir, backend, progress)
    except PublishRefused as exc:
        if as_json:
            _emit_json({"module": exc.module, "ok": False, "exit_code": exc.exit_code, "reasons": exc.reasons,
                        "gates": [g.model_dump(mode="json") for g in exc.gates]})
        else:
            human.error([one_line(line) for line in exc.message.splitlines() if line.strip()])
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


def _print_parse(stack: Stack) -> None:
    """The stack `generate` would build: its components and the decisions that read the request or added one."""
    w = sys.stdout.write
    w("# components:\n")
    for c in stack.ordered():
        origin = "asked" if c.provenance.source in ("request", "spec") else c.provenance.source
        w(f"#   {c.id:<14} {c.kind:<22} {origin}\n")
    w(f"# connections ({len(stack.connections)}: who may use what):\n")
    for conn in stack.connections:
        w(f"#   {conn.source} -> {conn.target} ({conn.access})\n")
    adding = {c.provenance.decision for c in stack.components.values()}
    shown = [d for d in stack.decisions if d.rule == "core.request" or d.id in adding
             or d.id.startswith("core.connections.")]
    w(f"# decisions ({len(stack.decisions)} in all, every one in --json and DECISIONS.md):\n")
    for d in shown:
        w(f"#   - {d.title} [{d.rule}]\n")


# -- entry point --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns (and exits with) the exit code. Each error is one line on stderr."""
    args = sys.argv[1:] if argv is None else list(argv)
    if not args:  # `iacf` alone: the help, as a successful answer
        args = ["--help"]
    try:
        if any("\x00" in arg for arg in args):  # no real command line can hold one; in-process callers can
            raise IacfError("an argument contains a NUL character")
        result = _command().main(args=args, prog_name="iacf", standalone_mode=False)
        code = int(result) if isinstance(result, int) else EXIT_OK
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line; _handle sorts them by class name
        code = _handle(exc)
    except KeyboardInterrupt:
        sys.stderr.write("iacf: interrupted\n")
        code = 130
    return code


_COMMANDS: dict[tuple[int, int], Any] = {}


def _command() -> Any:
    """The click command built from the typer app, once per set of registered commands: building it
    costs more than most commands (in-process callers such as the MCP server and tests run many)."""
    import typer.main

    key = (len(app.registered_commands), len(app.registered_groups))
    if key not in _COMMANDS:
        _COMMANDS[key] = typer.main.get_command(app)
    return _COMMANDS[key]


def _handle(exc: Exception) -> int:
    kinds = {cls.__name__ for cls in type(exc).__mro__}
    if "Exit" in kinds:
        return int(getattr(exc, "exit_code", 0))
    if "NoArgsIsHelpError" in kinds:  # a command group alone (`iacf factory`): its help
        sys.stdout.write(exc.format_message().rstrip("\n") + "\n")  # type: ignore[attr-defined]
        return EXIT_OK
    if "UsageError" in kinds:
        ctx = getattr(exc, "ctx", None)
        command = ctx.command_path if ctx is not None else "iacf"
        message = " ".join(exc.format_message().replace("Value error, ", "").split())  # type: ignore[attr-defined]
        human.error([one_line(f"{message} (see `{command} --help`)")])
        return EXIT_USAGE
    if "Abort" in kinds:
        sys.stderr.write("iacf: aborted\n")
        return EXIT_USAGE
    if isinstance(exc, IacfError):
        human.error(exc.lines())
        return exc.exit_code
    if isinstance(exc, OSError) and not os.environ.get("IACF_DEBUG"):
        # the system refused something on a path the user named (too long, no permission, disk full...)
        where = f" ({exc.filename})" if exc.filename else ""
        human.error([one_line(f"{exc.strerror or exc}{where}")])
        return EXIT_USAGE
    if os.environ.get("IACF_DEBUG"):
        raise exc
    # a bug: still one line, with a way to see more
    human.error([one_line(f"{type(exc).__name__}: {exc} (set IACF_DEBUG=1 for details)")], label="internal error")
    return EXIT_INTERNAL


def run() -> None:
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show "→" or a stray byte gets an escape
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    sys.exit(main())
