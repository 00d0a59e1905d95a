"""What the commands share: the options, input checks and the one way to print a ``--json`` document."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ...kernel.errors import IacfError, SpecError

if TYPE_CHECKING:
    from ...kernel.plugins import Plugins
    from ...kernel.policy import Policy
    from ...request.inputs import SpecReading
    from ..outputs import _Output

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output on stdout; no progress.")]
CloudOpt = Annotated[str | None, typer.Option("--cloud", help="Cloud plugin to use (see `iacf plugins`).")]


class EnvChoice(str, Enum):
    dev = "dev"
    staging = "staging"
    prod = "prod"


class ModuleSourceChoice(str, Enum):
    vendor = "vendor"
    git = "git"


def environment(given: str) -> EnvChoice:
    """``--env``: dev, staging or prod, or a name a request uses for one (production, recette, uat, qa...), read
    as a spec file's ``environment`` is (:func:`iacf_core.request.inputs.environment_name`)."""
    from ...request.inputs import environment_name, environment_refusal

    found = environment_name(given)
    if found is None:
        raise typer.BadParameter(environment_refusal(given))
    return EnvChoice(found)


def path_of(option: str) -> Callable[[Any], Path]:
    """The parser of a path option: an empty path (an unset shell variable) is refused, never read as the
    current folder."""

    def parse(given: Any) -> Path:
        if isinstance(given, Path):
            return given  # the default
        if not str(given).strip():
            raise IacfError(f"{option} needs a path")
        return Path(given)

    return parse


def given(option: str, what: str) -> Callable[[Any], str]:
    """The parser of a required option that is no path: an empty value (an unset shell variable) is refused."""

    def parse(value: Any) -> str:
        if not str(value).strip():
            raise IacfError(f"{option} needs {what}")
        return str(value)

    return parse


EnvOpt = Annotated[EnvChoice | None, typer.Option(
    "--env", help="Environment: dev, staging or prod, or a name of one (production, recette, uat...); default: "
                  "from the request, else dev.", parser=environment, metavar="[dev|staging|prod]")]
RegionOpt = Annotated[str | None, typer.Option(
    "--region", help="Region: its code (eu-west-3) or a city, country or area of one (Paris, France Central), read "
                     "as a spec file's region is.")]
ProjectOpt = Annotated[str | None, typer.Option("--project", help="Project slug used in names and tags.")]
OwnerOpt = Annotated[str | None, typer.Option(
    "--owner", help="Owner tag (wins over the request's 'owner ...' and the policy's default).")]
CostCenterOpt = Annotated[str | None, typer.Option(
    "--cost-center", help="CostCenter tag (wins over the request's 'cost center ...' and the policy's default).")]
PolicyOpt = Annotated[Path | None, typer.Option(
    "--policy", help="Organisation policy file (default: ./iacf.toml when present).", parser=path_of("--policy"),
    metavar="PATH")]
FactoryArg = Annotated[str, typer.Option(
    "--factory", help="The factory: a local folder (see `iacf factory init`) or github:OWNER/REPO (GITHUB_TOKEN).",
    parser=given("--factory", "a folder or github:OWNER/REPO"), metavar="TEXT")]
ApiUrlOpt = Annotated[str | None, typer.Option(
    "--github-api-url", help="GitHub Enterprise API URL (default https://api.github.com or IACF_GITHUB_API_URL).")]


def emit(document: _Output) -> None:
    """Print a ``--json`` document (see :meth:`iacf_core.app.outputs._Output.dump`)."""
    sys.stdout.write(document.dump())


def value(choice: Enum | None) -> str | None:
    return None if choice is None else str(choice.value)


def not_blank(**options: str | None) -> None:
    """An option given with an empty value is a mistake (an unset shell variable), never "the default"."""
    for name, given in options.items():
        if given is not None and not given.strip():
            raise IacfError(f"--{name.replace('_', '-')} is empty: give a value or leave the option out")


def load_inputs(policy_file: Path | None, spec_file: Path | None, installed: Plugins,
                **overrides: str | None) -> tuple[Policy, SpecReading | None]:
    """The policy (with the plugins' sections) and the spec file read against the installed catalogue (with the
    command line's ``cloud``, ``environment`` and ``region``, which replace the file's), with the errors of both
    reported together."""
    from ...kernel.policy import Policy
    from ...request.inputs import load_spec
    from ...request.policyfile import load_policy

    errors: list[str] = []
    policy, reading = Policy(), None
    try:
        policy = load_policy(policy_file, registry=installed.registry)
    except SpecError as exc:
        errors.append(exc.message)
    if spec_file is not None:
        try:
            reading = load_spec(spec_file, installed.registry, cloud=overrides.get("cloud"),
                                environment=overrides.get("environment"), region=overrides.get("region"))
        except SpecError as exc:
            errors.append(exc.message)
    if errors:
        raise SpecError("\n".join(errors))
    return policy, reading


def plugins() -> Plugins:
    """The installed plugins, their registries loaded now so a broken plugin fails before any work.

    Every command gets its plugins here (tests replace this function to run the CLI on test plugins)."""
    from ...engine.snapshots import loader
    from ...kernel.plugins import Plugins, get_plugin_manager

    loaded = Plugins(get_plugin_manager(load=loader()))  # a plugin with a snapshot is imported when first called
    _ = loaded.registry
    return loaded


def cloud_plugins(cloud: str, directory: Path) -> Plugins:
    """The plugins, refused when none provides ``cloud``, the cloud of the generated project ``directory``."""
    loaded = plugins()
    if cloud not in loaded.registry.clouds:
        installed = ", ".join(sorted(loaded.registry.clouds)) or "none"
        raise IacfError(f"{directory} is a {cloud!r} project and no installed plugin provides that cloud "
                        f"(installed clouds: {installed})")
    return loaded
