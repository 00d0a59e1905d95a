"""``iacf generate``, ``iacf parse``, ``iacf schema``: from a request or a spec file to a Stack and its files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from ...kernel.errors import EXIT_OK, EXIT_VALIDATION, IacfError
from . import options
from .options import (
    CloudOpt,
    CostCenterOpt,
    EnvOpt,
    JsonOpt,
    ModuleSourceChoice,
    OwnerOpt,
    PolicyOpt,
    ProjectOpt,
    RegionOpt,
    emit,
    load_inputs,
    not_blank,
    path_of,
    value,
)

if TYPE_CHECKING:
    from ...factory.ops import FactoryUse


def generate_cmd(
    request: Annotated[str | None, typer.Argument(help="What to deploy, in French or English.")] = None,
    spec_file: Annotated[Path | None, typer.Option(
        "--spec", help="A YAML or JSON spec file instead of text.", parser=path_of("--spec"), metavar="PATH")] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output folder (created; must be empty); with --batch, the folder "
                                               "holding one project folder per spec.", parser=path_of("--out"),
                           metavar="PATH")
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
    module_source: Annotated[ModuleSourceChoice, typer.Option(
        "--module-source", help="With --factory: vendor (copy under modules/) or git (source pinned ?ref=<tag>).",
        case_sensitive=False, metavar="[vendor|git]")
    ] = ModuleSourceChoice.vendor,
    as_json: JsonOpt = False,
    batch_source: Annotated[Path | None, typer.Option(
        "--batch", help="Many specs: a folder of spec files, or a text file listing them (one path a line). Each "
                        "project goes to --out/<project>-<environment>; the exit code is the worst of the specs.",
        parser=path_of("--batch"), metavar="PATH")
    ] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="With --batch: generate and validate this many projects at once (default 1).")
    ] = None,
) -> None:
    """Generate a Terraform project from REQUEST (or --spec FILE) into --out DIR, then validate it; or, with
    --batch, one project per spec file into --out/<project>-<environment>."""
    from ...engine.pipeline import apply_overrides, generate, override_notes
    from ...kernel.writer import check_destination
    from ...request.parser import parse_request
    from ...request.readings import stated_in
    from .. import human

    if batch_source is not None or jobs is not None:
        from .batch import generate_batch

        generate_batch(batch_source, out, given={"REQUEST": request, "--spec": spec_file, "--cloud": cloud,
                                                 "--env": env, "--region": region, "--project": project,
                                                 "--owner": owner, "--cost-center": cost_center},
                       force=force, validate=not no_validate, policy_file=policy_file, factory=factory,
                       module_source=value(module_source) or "vendor", jobs=jobs, as_json=as_json)
    if (request is None) == (spec_file is None):
        raise IacfError("give either a REQUEST or --spec FILE (exactly one)")
    not_blank(cloud=cloud, region=region, project=project, factory=factory, owner=owner, cost_center=cost_center)
    use = _factory_use(factory, value(module_source) or "vendor")
    check_destination(out, force, (spec_file, policy_file))
    installed = options.plugins()
    overrides = {"cloud": cloud, "environment": value(env), "region": region, "project": project, "owner": owner,
                 "cost_center": cost_center}
    policy, reading = load_inputs(policy_file, spec_file, installed, **overrides)
    if reading is not None:
        inputs: dict[str, Any] = {"notes": [*reading.notes, *override_notes(reading.spec, **overrides)]}
        spec = apply_overrides(reading.spec, **overrides)
    else:
        parsed = parse_request(request or "", installed.registry, **overrides)
        spec, inputs = parsed.spec, parsed.stack_inputs()
    with human.Activity(quiet=as_json) as progress, stated_in("request" if reading is None else "spec file"):
        result = generate(spec, installed, out, force=force, validate=not no_validate, policy=policy,
                          progress=progress, modules=use, **inputs)
    report, stack = result.report, result.stack
    code: Literal[0, 1] = EXIT_VALIDATION if report is not None and not report.ok else EXIT_OK
    if as_json:
        from ..outputs import GenerateOutput  # its models cost start-up time; only --json needs them

        emit(GenerateOutput(
            ok=code == EXIT_OK, exit_code=code, out=str(out), spec=stack.spec, unused_words=stack.unused_words,
            components=stack.ordered(), decisions=stack.decisions, controls=stack.controls,
            files=[f.path for f in result.files],
            factory_modules={n: r.tag for n, r in sorted(use.used.items())} if use else {},
            **GenerateOutput.report_fields(report)))
    else:
        p = human.Printer()
        human.print_generate(p, result, str(out))
        if report is not None:
            human.print_validation(p, report)
        else:
            human.print_skipped_validation(p, str(out))
        human.print_next_steps(p, str(out), code == EXIT_OK)
    raise typer.Exit(code)


def _factory_use(factory: str | None, module_source: str) -> FactoryUse | None:
    if module_source not in ("vendor", "git"):
        raise IacfError(f"--module-source must be vendor or git, not {module_source!r}")
    if factory is None:
        return None
    from ...factory.backends import open_backend
    from ...factory.ops import FactoryUse

    return FactoryUse(open_backend(factory), mode=module_source)


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
    from ...engine.pipeline import build_stack
    from ...request.parser import parse_request
    from .. import human
    from ..outputs import BaselineChoice, ParseOutput

    not_blank(cloud=cloud, region=region, project=project, owner=owner, cost_center=cost_center)
    installed = options.plugins()
    policy, _ = load_inputs(policy_file, None, installed)
    parsed = parse_request(request, installed.registry, cloud=cloud, environment=value(env), region=region,
                           project=project, owner=owner, cost_center=cost_center)
    stack = build_stack(parsed.spec, installed, policy=policy, **parsed.stack_inputs())
    if not as_json:
        human.print_parse(human.Printer(), stack)
        return
    baseline = policy.account_baseline
    emit(ParseOutput(
        spec=stack.spec, used_words=parsed.used, unused_words=stack.unused_words,
        defaults=[human.default_line(d) for d in stack.decisions if d.id.startswith("core.default.")],
        components=stack.ordered(), connections=stack.connections, decisions=stack.decisions,
        account_baseline=BaselineChoice(mode=baseline.mode, provided=baseline.left_to_owner(),
                                        policy=policy.source, implies=baseline.summary())))


def schema_cmd(cloud: CloudOpt = None) -> None:
    """Print the JSON Schema of the Spec (the format of --spec files), with every installed kind's parameters."""
    import json
    import sys

    from ...request.params import spec_schema

    registry = options.plugins().registry
    if cloud is not None and cloud not in registry.clouds:
        raise IacfError(f"--cloud {cloud!r} is not installed; installed clouds: {', '.join(sorted(registry.clouds))}")
    # a JSON Schema document, not an output model: its own schema is schemas/schema.json
    sys.stdout.write(json.dumps(spec_schema(registry, cloud), indent=2, sort_keys=True, default=str) + "\n")


def register(app: typer.Typer) -> None:
    app.command("generate")(generate_cmd)
    app.command("parse")(parse_cmd)
    app.command("schema")(schema_cmd)
