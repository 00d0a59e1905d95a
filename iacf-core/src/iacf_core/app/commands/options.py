"""What the commands share: the options, input checks and the one way to print a ``--json`` document."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ...kernel.errors import IacfError, SpecError

if TYPE_CHECKING:
    from ...kernel.models import Spec
    from ...kernel.plugins import Plugins
    from ...kernel.policy import Policy
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
    """``--env``: dev, staging or prod, or a name a request uses for one (production, recette, uat, qa...)."""
    from ...kernel.text import normalize
    from ...request.params import data_file

    said = normalize(given) if given == given.strip() else given  # a stray space or newline is a quoting mistake
    names = {normalize(str(w)): env for env, words in data_file("vocabulary.yaml")["environment"].items()
             for w in words}
    found = said if said in EnvChoice.__members__ else names.get(said)
    if found is None:
        raise typer.BadParameter(f"{given!r} is not one of 'dev', 'staging', 'prod' (nor a name of one, such as "
                                 "production, recette, uat)")
    return EnvChoice(found)


EnvOpt = Annotated[EnvChoice | None, typer.Option(
    "--env", help="Environment: dev, staging or prod, or a name of one (production, recette, uat...); default: "
                  "from the request, else dev.", parser=environment, metavar="[dev|staging|prod]")]
RegionOpt = Annotated[str | None, typer.Option("--region", help="Region code, e.g. eu-west-3.")]
ProjectOpt = Annotated[str | None, typer.Option("--project", help="Project slug used in names and tags.")]
OwnerOpt = Annotated[str | None, typer.Option(
    "--owner", help="Owner tag (wins over the request's 'owner ...' and the policy's default).")]
CostCenterOpt = Annotated[str | None, typer.Option(
    "--cost-center", help="CostCenter tag (wins over the request's 'cost center ...' and the policy's default).")]
PolicyOpt = Annotated[
    Path | None, typer.Option("--policy", help="Organisation policy file (default: ./iacf.toml when present).")
]
FactoryArg = Annotated[str, typer.Option(
    "--factory", help="The factory: a local folder (see `iacf factory init`) or github:OWNER/REPO (GITHUB_TOKEN).")]
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


def load_inputs(policy_file: Path | None, spec_file: Path | None,
                installed: Plugins) -> tuple[Policy, Spec | None]:
    """The policy (with the plugins' sections) and the spec file, with the errors of both reported together."""
    from ...engine.pipeline import load_spec_file
    from ...kernel.policy import Policy
    from ...request.policyfile import load_policy

    errors: list[str] = []
    policy, spec = Policy(), None
    try:
        policy = load_policy(policy_file, registry=installed.registry)
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


def plugins() -> Plugins:
    """The installed plugins, their registries loaded now so a broken plugin fails before any work.

    Every command gets its plugins here (tests replace this function to run the CLI on test plugins)."""
    from ...kernel.plugins import Plugins

    loaded = Plugins()
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
