"""The hooks a plugin can implement. Every hook name starts with ``iacf_``.

Plugins are found through the ``iacf`` entry-point group. Core itself registers its built-in plugin the same
way (see :data:`iacf_core.plugins.DEFAULT_PLUGINS`). Core never calls ``pm.hook`` directly outside
:class:`iacf_core.plugins.Plugins`, the facade that gives every hook one typed method.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .factory.manifest import FactoryModuleSource
    from .models import (
        Component,
        Control,
        Finding,
        PreflightOptions,
        PreflightReport,
        RenderedFile,
        Stack,
        VerifyOptions,
        VerifyReport,
    )
    from .registry import (
        CheckRating,
        CloudInfo,
        ComponentKind,
        PolicySection,
        SecretPattern,
        TemplateSource,
        Term,
    )
    from .rendering import Renderer

hookspec = pluggy.HookspecMarker("iacf")
hookimpl = pluggy.HookimplMarker("iacf")


@hookspec
def iacf_register_clouds(register: Callable[[CloudInfo], None]) -> None:
    """Declare the clouds this plugin implements.

    Collect-all: every plugin is called. Call ``register(CloudInfo(...))`` once per cloud; a second plugin
    registering the same cloud name is an error naming both plugins.

    :param register: callback taking a :class:`iacf_core.registry.CloudInfo`.
    """


@hookspec
def iacf_register_components(register: Callable[[ComponentKind], None]) -> None:
    """Declare component kinds (``web_app``, ``relational_database``...).

    Collect-all. A kind is cloud-neutral (``clouds=()``) or tied to the clouds that can render it; the kind's
    ``clouds`` are merged when several plugins register the same kind. ``params`` is the pydantic model of the
    kind's parameters (:mod:`iacf_core.params`): neutral without clouds, that cloud's own with clouds.

    :param register: callback taking a :class:`iacf_core.registry.ComponentKind`.
    """


@hookspec
def iacf_register_vocabulary(register: Callable[[Term], None]) -> None:
    """Contribute words of the request language (French and English), each mapped to a meaning.

    Collect-all. Phrases are matched accent- and case-insensitively, longest first. A phrase registered twice
    with different meanings is an error naming both plugins.

    :param register: callback taking a :class:`iacf_core.registry.Term`.
    """


@hookspec
def iacf_register_templates(register: Callable[[TemplateSource], None]) -> None:
    """Contribute a template folder to the single jinja environment, under a prefix (the plugin name).

    Collect-all. Templates are then loaded as ``"<prefix>/<path>"``; a user override folder
    (``IACF_TEMPLATES_DIR``) is searched first, so a team can replace any template without forking.

    :param register: callback taking a :class:`iacf_core.registry.TemplateSource`.
    """


@hookspec
def iacf_register_checks(register: Callable[[CheckRating], None]) -> None:
    """Rate checks: the severity (critical, high, medium, low) and governance control of each check id.

    Collect-all. Checkov's open-source edition reports no severity, so a cloud plugin ships the map for its
    cloud's Checkov ids; a plugin also rates its own checks (``iacf.tags.missing``...). The same id rated twice
    with a different severity or control is an error naming both plugins. A finding whose check nobody rated
    prints as ``unrated`` and always blocks: the policy's ``[findings] block`` list only relaxes rated checks.

    :param register: callback taking a :class:`iacf_core.registry.CheckRating`.
    """


@hookspec
def iacf_register_policy(register: Callable[[PolicySection], None]) -> None:
    """Own a section of the policy file (``[aws]`` in ``iacf.toml``), validated by a pydantic model.

    Collect-all. The section is read with the rest of the policy (every error of the file reported at once);
    the plugin reads it with ``stack.policy.section("aws", AwsPolicy)`` (the model's defaults when the file
    has no such section). A section name registered twice, or one of core's own sections, is an error naming
    the plugins; a section nobody registered is refused, naming the nearest known one, or the cloud whose
    plugin is not installed.

    :param register: callback taking a :class:`iacf_core.registry.PolicySection`.
    """


@hookspec
def iacf_register_secret_patterns(register: Callable[[SecretPattern], None]) -> None:
    """Contribute patterns of literal secrets for the ``secrets`` gate (a cloud's access keys, a vendor's tokens).

    Collect-all. Every installed pattern is looked for in every project, whatever its cloud: a leaked key is a
    leak wherever it lands. Core registers the generic ones (private keys, passwords, tokens assigned
    literally); the same check id registered twice is an error naming both plugins. Rate the check id with
    :func:`iacf_register_checks`, or it prints as ``unrated`` (and still blocks).

    :param register: callback taking a :class:`iacf_core.registry.SecretPattern`.
    """


@hookspec
def iacf_resolve_dependencies(stack: Stack) -> None:
    """Add the technical dependencies of the requested components to ``stack``, in place.

    Collect-all: every plugin is called, in registration order; a cloud plugin acts only when
    ``stack.cloud`` is its cloud. Every component added, and every parameter defaulted, is recorded with
    ``stack.add(component, decision)`` / ``stack.decide(decision)``.

    :param stack: the stack built from the Spec; mutate it.
    """


@hookspec
def iacf_governance_controls(stack: Stack) -> list[Control] | None:
    """Return the governance controls required for this stack (environment, exposure...).

    Collect-all: the lists of every plugin are merged by control id.

    :param stack: the resolved stack.
    :return: the required controls, or ``None`` when the plugin has none.
    """


@hookspec
def iacf_inject_governance(stack: Stack, controls: list[Control]) -> None:
    """Implement the required ``controls`` for the stack's cloud, in place.

    Collect-all. A cloud plugin adds the components and decisions that implement each control and records
    ``stack.implementations``: one :class:`iacf_core.ControlImplementation` per control, met by resources, by a
    gate (which must run and pass), or declared ``not_applicable`` to the cloud with a reason and a reference.
    A required control with no implementation after this hook is an error.

    :param stack: the resolved stack; mutate it.
    :param controls: the controls returned by :func:`iacf_governance_controls`.
    """


@hookspec(firstresult=True)
def iacf_render_module(component: Component, stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    """Render the files of one component.

    firstresult: stops at the first non-``None`` result. Return ``None`` for a component you do not render
    (another cloud, another kind). Files sharing a path (``main.tf``, ``variables.tf``...) are joined in
    component order.

    :param component: the component to render.
    :param stack: the whole stack, for wiring to other components.
    :param renderer: the jinja renderer owned by core.
    :return: the files, or ``None``.
    """


@hookspec
def iacf_render_project(stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    """Render project-level files (providers, versions, backend, CI workflow, README sections...).

    Collect-all: the lists are concatenated. Core renders README.md and DECISIONS.md itself afterwards.

    :param stack: the whole stack.
    :param renderer: the jinja renderer owned by core.
    :return: the files, or ``None``.
    """


@hookspec
def iacf_validate(out_dir: Path, stack: Stack | None) -> list[Finding] | None:
    """Check a Terraform folder and return findings.

    Collect-all: every plugin's findings are reported. ``stack`` is ``None`` when validating a folder that
    was not just generated (``iacf validate DIR``): infer what you need from the files.

    :param out_dir: the root folder of the Terraform project.
    :param stack: the stack that produced it, when known.
    :return: findings (errors fail the run), or ``None``.
    """


@hookspec(firstresult=True)
def iacf_verify(project_dir: Path, options: VerifyOptions) -> VerifyReport | None:
    """Deploy-test a generated project on a local emulator of its cloud (``iacf verify DIR``).

    firstresult: the plugin of ``options.cloud`` (read from the project's ``.iacf/manifest.json``) answers;
    every other plugin returns ``None``. Run every root module of the project (init, plan, apply, a second
    plan that must be empty, destroy unless ``options.keep``) on ``options.endpoint`` or on an emulator the
    plugin starts and stops itself, reporting progress through ``options.progress``. Never change a file
    under ``project_dir``; remove every temporary file unless ``options.keep``. Raise
    :class:`iacf_core.errors.IacfError` for bad input (emulator not installed, endpoint unreachable).

    :param project_dir: the generated project (read only).
    :param options: cloud, endpoint, keep and the progress callback.
    :return: the report (a failed stage is reported, not raised), or ``None`` for another cloud.
    """


@hookspec(firstresult=True)
def iacf_preflight(project_dir: Path, options: PreflightOptions) -> PreflightReport | None:
    """Read the target account of a generated project, read-only, before its first apply (``iacf preflight DIR``).

    firstresult: the plugin of ``options.cloud`` (read from the project's ``.iacf/manifest.json``) answers;
    every other plugin returns ``None``. With the user's own credentials (or ``options.endpoint``, an
    emulator), list every account- or region-level singleton the project may create (one audit trail,
    threat detector, configuration recorder... per account or region), whether the account already has it,
    and for each one the project would create although it exists: the import blocks that adopt it and the
    control to leave to its owner in the policy instead. Never change the account or a file under
    ``project_dir``. Raise :class:`iacf_core.errors.IacfError` for bad input (no credentials, endpoint
    unreachable, a project the plugin cannot read).

    :param project_dir: the generated project (read only).
    :param options: cloud, endpoint and the progress callback.
    :return: the report, or ``None`` for another cloud.
    """


@hookspec
def iacf_factory_modules() -> list[FactoryModuleSource] | None:
    """Return the modules this plugin seeds a new module factory with (``iacf factory init``).

    Collect-all: the lists of every plugin are joined; two plugins seeding the same ``cloud/name`` is an
    error. Each :class:`iacf_core.factory.FactoryModuleSource` holds plain HCL (no template syntax):
    ``main.tf``, ``variables.tf``, ``outputs.tf``, ``versions.tf``, ``README.md``, ``examples/basic/*.tf`` and
    ``tests/*.tftest.hcl`` (offline ``terraform test`` with ``mock_provider``), plus the component kinds the
    module provides. Core writes ``iacf-module.yaml``, the CHANGELOG and the README tables, and tags 1.0.0.

    :return: the modules, or ``None`` when the plugin seeds none.
    """
