"""The hooks a plugin can implement, and the one place that says who is called, when, and in which order.

Every hook name starts with ``iacf_``. Plugins are found through the ``iacf`` entry-point group; core registers
its built-in plugin the same way (see :data:`iacf_core.kernel.plugins.DEFAULT_PLUGINS`). Core never calls ``pm.hook``
directly: :class:`iacf_core.kernel.plugins.Plugins` gives every hook one typed method and routes it as written here.

**Registration order.** Core's built-in plugin ``core`` first, then the ``iacf`` entry points sorted by name,
then the plugins registered in process (tests, embedding) in the order given. Every call below goes plugin by
plugin in that order, never pluggy's last-registered-first.

**Ownership.** The plugin that registers a cloud (``iacf_register_clouds``) owns it; the plugin that registers
a kind for a cloud (``iacf_register_components`` with ``clouds=(...)``) owns ``kind@cloud``. Two plugins
registering the same cloud, or the same ``kind@cloud``, is an error naming both plugins and their
distributions (exit code 3): there is never a silent pick.

**Routes.** Each hook is called on one of these (see :data:`CALLS`):

* *every plugin*: cross-cutting hooks (registration, the governance catalogue, the factory seed). Their results
  are collected, or merged as each hook says.
* *the cloud's plugins*: the owner of the cloud, then the other plugins owning a kind of that cloud, then the
  plugins that follow every cloud. A per-cloud hook therefore never needs to check ``stack.cloud``.
* *the kind's owner*: the owner of ``kind@cloud``, then the owner of the cloud (when it is another plugin);
  firstresult, so the kind's owner answers first.
* *the cloud's owner*: that plugin alone.

:meth:`iacf_core.kernel.plugins.Plugins.called_on` answers, for a hook, a cloud and a kind, which plugins a call reaches
and in which order. Each plugin is called on its own, so a hook wrapper (``wrapper=True``) wraps its own
plugin's call only.

**Following every cloud.** A cross-cutting plugin that must see a per-cloud step of every stack (a company
plugin adding its own resources, decisions or findings to whatever cloud) sets ``IACF_EVERY_CLOUD = True`` on
its module or object. It is then called after the owners by every hook routed to *the cloud's plugins*, for
every cloud; it never answers a firstresult hook. A plugin implementing a routed hook that, by this table, could
never be called (it owns no cloud nor kind and does not follow every cloud) is an error when the plugins load.

**Phases**, in the order of a run: ``register`` (the registry is built once, on first use), ``resolve``,
``govern``, ``render`` (the project files, then each component in dependency order), ``validate``; then, as
their own commands, ``verify``, ``preflight`` and ``factory``.

A plugin that raises inside a hook stops the run with exit code 3 and a one-line message naming the plugin and
its distribution; an :class:`iacf_core.IacfError` it raises keeps its own message and exit code.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .models import Component, Control, Finding, RenderedFile, Stack
    from .registry import (
        CheckRating,
        CloudInfo,
        ComponentKind,
        FactoryModuleSource,
        PolicySection,
        SecretPattern,
        TemplateSource,
        Term,
    )
    from .rendering import Renderer
    from .reports import PreflightOptions, PreflightReport, VerifyOptions, VerifyReport

# the attribute a plugin sets to be called by per-cloud hooks for every cloud (see the module docstring)
EVERY_CLOUD_ATTRIBUTE = "IACF_EVERY_CLOUD"


class Route(Enum):
    """Which plugins a hook is called on; the value is how the docs say it."""

    EVERY_PLUGIN = "every plugin"
    CLOUD_PLUGINS = "the cloud's plugins"
    KIND_OWNER = "the kind's owner"
    CLOUD_OWNER = "the cloud's owner"


PHASES: tuple[str, ...] = ("register", "resolve", "govern", "render", "validate", "verify", "preflight", "factory")

# hook → (phase, route), in call order: the routing of :class:`iacf_core.kernel.plugins.Plugins` reads this table, and
# docs/hooks.md is generated from it and from the docstrings below (``python -m iacf_core.app.hooksdoc``)
CALLS: dict[str, tuple[str, Route]] = {
    "iacf_register_clouds": ("register", Route.EVERY_PLUGIN),
    "iacf_register_components": ("register", Route.EVERY_PLUGIN),
    "iacf_register_vocabulary": ("register", Route.EVERY_PLUGIN),
    "iacf_register_templates": ("register", Route.EVERY_PLUGIN),
    "iacf_register_checks": ("register", Route.EVERY_PLUGIN),
    "iacf_register_policy": ("register", Route.EVERY_PLUGIN),
    "iacf_register_secret_patterns": ("register", Route.EVERY_PLUGIN),
    "iacf_resolve_dependencies": ("resolve", Route.CLOUD_PLUGINS),
    "iacf_governance_controls": ("govern", Route.EVERY_PLUGIN),
    "iacf_inject_governance": ("govern", Route.CLOUD_PLUGINS),
    "iacf_render_project": ("render", Route.CLOUD_PLUGINS),
    "iacf_render_module": ("render", Route.KIND_OWNER),
    "iacf_validate": ("validate", Route.CLOUD_PLUGINS),
    "iacf_verify": ("verify", Route.CLOUD_OWNER),
    "iacf_preflight": ("preflight", Route.CLOUD_OWNER),
    "iacf_factory_modules": ("factory", Route.EVERY_PLUGIN),
}


def route_of(hook: str) -> Route:
    """The route of ``hook``; a hook missing from :data:`CALLS` is cross-cutting."""
    return CALLS.get(hook, ("", Route.EVERY_PLUGIN))[1]


hookspec = pluggy.HookspecMarker("iacf")
hookimpl = pluggy.HookimplMarker("iacf")


@hookspec
def iacf_register_clouds(register: Callable[[CloudInfo], None]) -> None:
    """Declare the clouds this plugin implements: the plugin becomes the owner of each.

    Phase ``register``; called on every plugin, in registration order; collect-all. Call
    ``register(CloudInfo(...))`` once per cloud; a second plugin registering the same cloud name is an error
    naming both plugins and their distributions.

    :param register: callback taking a :class:`iacf_core.CloudInfo`.
    """


@hookspec
def iacf_register_components(register: Callable[[ComponentKind], None]) -> None:
    """Declare component kinds (``web_app``, ``relational_database``...).

    Phase ``register``; called on every plugin, in registration order; collect-all. A kind is cloud-neutral
    (``clouds=()``) or tied to the clouds that can render it: the plugin then owns ``kind@cloud`` for each, and
    is called by the hooks routed to the cloud's plugins and to the kind's owner. The kind's ``clouds`` are
    merged when several plugins register the same kind; the same ``kind@cloud`` twice is an error naming both
    plugins and their distributions. ``params`` is the pydantic model of the kind's parameters
    (:mod:`iacf_core.request.params`): neutral without clouds, that cloud's own with clouds.

    :param register: callback taking a :class:`iacf_core.ComponentKind`.
    """


@hookspec
def iacf_register_vocabulary(register: Callable[[Term], None]) -> None:
    """Contribute words of the request language (French and English), each mapped to a meaning.

    Phase ``register``; called on every plugin, in registration order; collect-all. Phrases are matched
    accent- and case-insensitively, longest first. A phrase registered twice with different meanings is an
    error naming both plugins.

    :param register: callback taking a :class:`iacf_core.Term`.
    """


@hookspec
def iacf_register_templates(register: Callable[[TemplateSource], None]) -> None:
    """Contribute a template folder to the single jinja environment, under a prefix (the plugin name).

    Phase ``register``; called on every plugin, in registration order; collect-all. Templates are then loaded
    as ``"<prefix>/<path>"``; a user override folder (``IACF_TEMPLATES_DIR``) is searched first, so a team can
    replace any template without forking.

    :param register: callback taking a :class:`iacf_core.TemplateSource`.
    """


@hookspec
def iacf_register_checks(register: Callable[[CheckRating], None]) -> None:
    """Rate checks: the severity (critical, high, medium, low) and governance control of each check id.

    Phase ``register``; called on every plugin, in registration order; collect-all. Checkov's open-source
    edition reports no severity, so a cloud plugin ships the map for its cloud's Checkov ids; a plugin also
    rates its own checks (``iacf.tags.missing``...). The same id rated twice with a different severity or
    control is an error naming both plugins. A finding whose check nobody rated prints as ``unrated`` and
    always blocks: the policy's ``[findings] block`` list only relaxes rated checks.

    :param register: callback taking a :class:`iacf_core.CheckRating`.
    """


@hookspec
def iacf_register_policy(register: Callable[[PolicySection], None]) -> None:
    """Own a section of the policy file (``[aws]`` in ``iacf.toml``), validated by a pydantic model.

    Phase ``register``; called on every plugin, in registration order; collect-all. The section is read with
    the rest of the policy (every error of the file reported at once);
    the plugin reads it with ``stack.policy.section("aws", AwsPolicy)`` (the model's defaults when the file
    has no such section). A section name registered twice, or one of core's own sections, is an error naming
    the plugins; a section nobody registered is refused, naming the nearest known one, or the cloud whose
    plugin is not installed.

    :param register: callback taking a :class:`iacf_core.PolicySection`.
    """


@hookspec
def iacf_register_secret_patterns(register: Callable[[SecretPattern], None]) -> None:
    """Contribute patterns of literal secrets for the ``secrets`` gate (a cloud's access keys, a vendor's tokens).

    Phase ``register``; called on every plugin, in registration order; collect-all. Every installed pattern is
    looked for in every project, whatever its cloud: a leaked key is a
    leak wherever it lands. Core registers the generic ones (private keys, passwords, tokens assigned
    literally); the same check id registered twice is an error naming both plugins. Rate the check id with
    :func:`iacf_register_checks`, or it prints as ``unrated`` (and still blocks).

    :param register: callback taking a :class:`iacf_core.SecretPattern`.
    """


@hookspec
def iacf_resolve_dependencies(stack: Stack) -> None:
    """Add the technical dependencies of the requested components to ``stack``, in place.

    Phase ``resolve``; called on the cloud's plugins of ``stack.cloud`` (its owner, then the other owners of a
    kind of that cloud, then the plugins following every cloud), each in registration order; collect-all.
    Every component added, and every parameter defaulted, is recorded with ``stack.add(component, decision)``
    / ``stack.decide(decision)``.

    :param stack: the stack built from the Spec; mutate it.
    """


@hookspec
def iacf_governance_controls(stack: Stack) -> list[Control] | None:
    """Return the governance controls required for this stack (environment, exposure...).

    Phase ``govern``, before :func:`iacf_inject_governance`; called on every plugin, in registration order;
    collect-all: the lists are merged by control id, the first plugin declaring an id keeping it.

    :param stack: the resolved stack.
    :return: the required controls, or ``None`` when the plugin has none.
    """


@hookspec
def iacf_inject_governance(stack: Stack, controls: list[Control]) -> None:
    """Implement the required ``controls`` for the stack's cloud, in place.

    Phase ``govern``, after :func:`iacf_governance_controls`; called on the cloud's plugins of
    ``stack.cloud`` (its owner, then the other owners of a kind of that cloud, then the plugins following
    every cloud), each in registration order; collect-all. A cloud plugin adds the components and decisions
    that implement each control and records ``stack.implementations``: one
    :class:`iacf_core.ControlImplementation` per control, met by resources, by a gate (which must run and pass),
    or declared ``not_applicable`` to the cloud with a reason and a reference. A required control with no
    implementation after this hook is an error.

    :param stack: the resolved stack; mutate it.
    :param controls: the controls returned by :func:`iacf_governance_controls`.
    """


@hookspec
def iacf_render_project(stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    """Render project-level files (providers, versions, backend, CI workflow, README sections...).

    Phase ``render``, before any :func:`iacf_render_module`; called on the cloud's plugins of ``stack.cloud``
    (its owner, then the other owners of a kind of that cloud, then the plugins following every cloud), each in
    registration order; collect-all: the lists are concatenated in that order. Core renders README.md and
    DECISIONS.md itself afterwards.

    :param stack: the whole stack.
    :param renderer: the jinja renderer owned by core.
    :return: the files, or ``None``.
    """


@hookspec(firstresult=True)
def iacf_render_module(component: Component, stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    """Render the files of one component.

    Phase ``render``, once per component in dependency order, after :func:`iacf_render_project`; called on the
    kind's owner (the owner of ``component.kind@stack.cloud``, then the owner of the cloud when it is another
    plugin); firstresult: stops at the first non-``None`` result. Files sharing a path (``main.tf``,
    ``variables.tf``...) are joined in component order.

    :param component: the component to render.
    :param stack: the whole stack, for wiring to other components.
    :param renderer: the jinja renderer owned by core.
    :return: the files, or ``None`` to leave the component to the cloud's owner.
    """


@hookspec
def iacf_validate(out_dir: Path, stack: Stack | None) -> list[Finding] | None:
    """Check a Terraform folder and return findings.

    Phase ``validate``, before the external tools (fmt, validate, Checkov); called on the cloud's plugins
    (its owner, then the other owners of a kind of that cloud, then the plugins following every cloud), each in
    registration order; collect-all: every finding is reported. The cloud is ``stack.cloud``; when ``stack``
    is ``None`` (``iacf validate DIR`` on a folder that was not just generated) it is each cloud the folder
    uses (its ``.iacf/manifest.json``, or a cloud whose Terraform provider it declares or whose resource
    types it holds), and only the plugins following every cloud are called when it uses none.

    :param out_dir: the root folder of the Terraform project.
    :param stack: the stack that produced it, when known.
    :return: findings (errors fail the run), or ``None``.
    """


@hookspec(firstresult=True)
def iacf_verify(project_dir: Path, options: VerifyOptions) -> VerifyReport | None:
    """Deploy-test a generated project on a local emulator of its cloud (``iacf verify DIR``).

    Phase ``verify``; called on the cloud's owner of ``options.cloud`` (read from the project's
    ``.iacf/manifest.json``) alone; firstresult. Run every root module of the project (init, plan, apply, a
    second plan that must be empty, destroy unless ``options.keep``) on ``options.endpoint`` or on an
    emulator the plugin starts and stops itself, reporting progress through ``options.progress``. Never
    change a file under ``project_dir``; remove every temporary file unless ``options.keep``. Raise
    :class:`iacf_core.IacfError` for bad input (emulator not installed, endpoint unreachable).

    :param project_dir: the generated project (read only).
    :param options: cloud, endpoint, keep and the progress callback.
    :return: the report (a failed stage is reported, not raised).
    """


@hookspec(firstresult=True)
def iacf_preflight(project_dir: Path, options: PreflightOptions) -> PreflightReport | None:
    """Read the target account of a generated project, read-only, before its first apply (``iacf preflight DIR``).

    Phase ``preflight``; called on the cloud's owner of ``options.cloud`` (read from the project's
    ``.iacf/manifest.json``) alone; firstresult. With the user's own credentials (or ``options.endpoint``,
    an emulator), list every account- or region-level singleton the project may create (one audit trail,
    threat detector, configuration recorder... per account or region), whether the account already has it,
    and for each one the project would create although it exists: the import blocks that adopt it and the
    control to leave to its owner in the policy instead. Never change the account or a file under
    ``project_dir``. Raise :class:`iacf_core.IacfError` for bad input (no credentials, endpoint
    unreachable, a project the plugin cannot read).

    :param project_dir: the generated project (read only).
    :param options: cloud, endpoint and the progress callback.
    :return: the report.
    """


@hookspec
def iacf_factory_modules() -> list[FactoryModuleSource] | None:
    """Return the modules this plugin seeds a new module factory with (``iacf factory init``).

    Phase ``factory``; called on every plugin, in registration order; collect-all: the lists are joined; two
    plugins seeding the same ``cloud/name`` is an error. Each :class:`iacf_core.factory.FactoryModuleSource`
    holds plain HCL (no template syntax): ``main.tf``, ``variables.tf``, ``outputs.tf``, ``versions.tf``,
    ``README.md``, ``examples/basic/*.tf`` and ``tests/*.tftest.hcl`` (offline ``terraform test`` with
    ``mock_provider``), plus the component kinds the module provides. Core writes ``iacf-module.yaml``, the
    CHANGELOG and the README tables, and tags 1.0.0.

    :return: the modules, or ``None`` when the plugin seeds none.
    """
