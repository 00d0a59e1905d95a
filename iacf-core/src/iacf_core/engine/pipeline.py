"""The generation pipeline: Spec → Stack → resolve → govern → render → write → validate."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..kernel.cache import optional_cache
from ..kernel.errors import IacfError, PluginError, SpecError, validation_errors
from ..kernel.models import (
    Component,
    ComponentRequest,
    Control,
    ControlImplementation,
    Decision,
    Provenance,
    RenderedFile,
    Spec,
    Stack,
    ValidationReport,
)
from ..kernel.plugins import Plugins, blocked_names
from ..kernel.policy import Policy
from ..kernel.registry import CloudInfo, Registry
from ..kernel.rendering import Renderer
from ..kernel.writer import check_destination, write_atomic
from ..request import connections
from ..request.params import validate_params
from ..request.readings import default_decision, override_decision, stated_source
from . import docs

if TYPE_CHECKING:
    from ..toolkit.validation.gates import Progress


class GovernanceError(IacfError):
    """A required control has no implementation for the stack's cloud."""


@dataclass
class GenerateResult:
    spec: Spec
    stack: Stack
    files: list[RenderedFile]
    out_dir: Path | None = None
    report: ValidationReport | None = None


def apply_overrides(spec: Spec, **overrides: Any) -> Spec:
    values = {k: v for k, v in overrides.items() if v is not None}
    if not values:
        return spec
    try:
        return Spec.model_validate({**spec.model_dump(), **values})
    except ValueError as exc:
        raise SpecError("\n".join(text for _loc, text in validation_errors(exc, Spec))) from None


def override_notes(spec: Spec, **overrides: Any) -> list[Decision]:
    """A decision for each value of the command line that replaces one the spec file states (``--cloud gcp`` on a
    spec for aws): the project says where its values came from."""
    return [override_decision(key, value, getattr(spec, key), "the spec file") for key, value in overrides.items()
            if value is not None and getattr(spec, key, None) not in (None, value)]


def _apply_policy(spec: Spec, policy: Policy, defaults: list[Decision]) -> Spec:
    """Fill the Owner/CostCenter tags from the policy (each a default decision) and check every tag value."""
    updates: dict[str, Any] = {}
    for field_name, fallback in (("owner", "platform-team"), ("cost_center", "unassigned")):
        if getattr(spec, field_name) is None:
            value = getattr(policy, field_name) or fallback
            updates[field_name] = value
            origin = f"policy {policy.source}" if getattr(policy, field_name) else "no policy value"
            defaults.append(default_decision(field_name, value, origin))
    spec = spec.model_copy(update=updates)
    values = {"Project": spec.project, "Environment": spec.environment, "Owner": spec.owner,
              "CostCenter": spec.cost_center, **spec.tags}
    for key, allowed in policy.tags.allowed.items():
        if key in values and allowed and values[key] not in allowed:
            raise SpecError(f"tag {key}={values[key]!r} is not allowed by the policy {policy.source} "
                            f"(allowed: {', '.join(allowed)})")
    return spec


def build_stack(spec: Spec, plugins: Plugins, defaults: Sequence[Decision] = (),
                policy: Policy | None = None, notes: Sequence[Decision] = (),
                excluded: Mapping[str, str] | None = None, unused: Sequence[str] = ()) -> Stack:
    """Check the Spec against the installed catalogue and turn it into a Stack, then resolve and govern it.

    ``defaults`` and ``notes`` are the parser's decisions (values it defaulted, how it read the request);
    ``excluded`` the kinds the request excludes (kind → its words): a rule that needs one of them fails the run
    instead of adding it; ``unused`` the request's words nobody understood (kept on the Stack).
    """
    registry = plugins.registry
    # every registered section reads as its defaults when the policy lacks it (or was built in memory)
    policy = (policy or Policy()).with_defaults(registry.policy_sections)
    defaults = [d.model_copy(deep=True) for d in defaults]
    cloud = registry.clouds.get(spec.cloud)
    if cloud is None:
        installed = ", ".join(sorted(registry.clouds)) or "none"
        raise SpecError(f"cloud {spec.cloud!r} is not installed; installed clouds: {installed}")
    policy.check_cloud(spec.cloud)
    spec = _apply_policy(spec, policy, defaults)
    if spec.region is not None and cloud.regions and spec.region not in cloud.regions:
        from ..request.inputs import region_code  # --region's name (Paris, France Central), read as a spec file's

        spec = spec.model_copy(update={"region": region_code(spec.region, spec.cloud, registry)})
    region = spec.region or policy.regions.default or cloud.default_region
    if cloud.regions and region not in cloud.regions:
        raise SpecError(
            f"unknown {spec.cloud} region {region!r}; use a region code such as {cloud.default_region}"
        )
    if policy.regions.allowed and region not in policy.regions.allowed:
        raise SpecError(f"region {region!r} is not allowed by the policy {policy.source} "
                        f"(allowed: {', '.join(policy.regions.allowed)})")
    unsupported = []
    for req in spec.components:
        if not registry.requestable(req.kind, spec.cloud):
            asked = f" (asked by '{' '.join(req.words)}')" if req.words else ""
            unsupported.append(f"'{req.kind}'{asked}")
    errors = []
    if unsupported:
        supported = ", ".join(registry.kinds_for(spec.cloud)) or "none"
        errors.append(
            f"the {spec.cloud} catalogue cannot generate {', '.join(unsupported)}; supported components: {supported}"
        )
    params, problems = _validated_params(spec, registry)
    problems.extend(connections.check(spec, registry))
    if errors or problems:
        raise SpecError("\n".join([*errors, *problems]))
    stack = Stack(spec=spec, region=region, policy=policy, unused_words=list(unused))
    for default in defaults:
        stack.decide(default)
    for reading in notes:
        stack.decide(reading.model_copy(deep=True))
    if spec.region is None:
        origin = (f"{policy.label} [regions] default is {region}" if policy.regions.default
                  else f"{region} is the default region of the {cloud.name} plugin")
        source = stated_source()
        stack.decide(Decision(
            id="core.default.region", title=f"Default region: {region}",
            why=f"The {source} names no region: {origin}.",
            rule="core.defaults", trigger=f"no region in the {source}",
            alternatives=[f"name a city, country or region code in the {source}" if source == "request"
                          else f"set region in the {source}", "pass --region"],
        ))
    for req, stated in zip(spec.components, params, strict=True):
        _add_requested(stack, req, registry.kinds[req.kind].default_id or req.kind, stated)
    connections.resolve(stack, registry)
    plugins.resolve_dependencies(stack)
    _govern(stack, cloud, plugins)
    _check_excluded(stack, excluded or {})
    return stack


def _check_excluded(stack: Stack, excluded: Mapping[str, str]) -> None:
    for kind, words in sorted(excluded.items()):
        for component in stack.by_kind(kind):
            rule = next((d for d in stack.decisions if d.id == component.provenance.decision), None)
            why = f" by the rule '{rule.title}' ({rule.rule})" if rule is not None else ""
            raise SpecError(f"the request excludes {kind} ('{words}'), but the stack needs one: {component.id} is "
                            f"added{why}; remove the exclusion or the component that needs it")


def _validated_params(spec: Spec, registry: Registry) -> tuple[list[dict[str, Any]], list[str]]:
    """Each component's params checked against its kind's model for the cloud: (the stated params, every error)."""
    results: list[dict[str, Any]] = []
    errors: list[str] = []
    ids = connections.component_ids(spec.components, registry)
    for index, (req, cid) in enumerate(zip(spec.components, ids, strict=True)):
        if not registry.requestable(req.kind, spec.cloud):
            results.append({})  # reported as not in the catalogue
            continue
        stated, problems = validate_params(req, cid, index, spec, registry)
        results.append(stated)
        errors.extend(problems)
    return results, errors


def _govern(stack: Stack, cloud: CloudInfo, plugins: Plugins) -> None:
    """Collect the required controls, have the cloud implement those the policy does not leave to another system.

    A control the cloud requires of every stack (``CloudInfo.required_controls``) that no installed plugin
    declares is refused, unless the policy lists it in ``[governance] provided_elsewhere``: governance never
    disappears because a plugin is missing or disabled.
    """
    policy = stack.policy
    elsewhere = set(policy.governance.provided_elsewhere)
    declared = plugins.governance_controls(stack)
    undeclared = [cid for cid in cloud.required_controls if cid not in {c.id for c in declared}]
    missing = [cid for cid in undeclared if cid not in elsewhere]
    if missing:
        blocked = sorted(blocked_names())
        why = (f" (IACF_DISABLE_PLUGINS={','.join(blocked)})" if blocked else
               " (no installed plugin implements iacf_governance_controls)"
               if not any("iacf_governance_controls" in i.hooks for i in plugins.infos()) else "")
        raise GovernanceError(
            f"the {cloud.name} plugin requires governance controls that no installed plugin declares{why}: "
            f"{', '.join(missing)}; enable a governance plugin (iacf-governance), or list the controls another "
            "system implements in [governance] provided_elsewhere of the policy file"
        )
    # stand-ins for the undeclared ones (all listed in provided_elsewhere by now), so DECISIONS.md shows them
    stand_ins = [Control(id=cid, title=cid.replace("-", " ").capitalize(),
                         intent=f"Required of every {cloud.name} stack; declared by no installed plugin.")
                 for cid in undeclared]
    outside = [c for c in declared if c.id in elsewhere] + stand_ins
    inside = [c for c in declared if c.id not in elsewhere]
    stack.controls = sorted([*declared, *stand_ins], key=lambda c: c.id)
    plugins.inject_governance(stack, inside)
    implemented = {impl.control for impl in stack.implementations}
    unimplemented = [c for c in inside if c.id not in implemented]
    if unimplemented:
        names = ", ".join(f"{c.id} ({c.title})" for c in unimplemented)
        raise GovernanceError(f"required control(s) with no implementation for cloud {stack.cloud}: {names}")
    if not outside:
        return
    ids = sorted(c.id for c in outside)
    for cid in ids:
        stack.implementations.append(ControlImplementation(
            control=cid, provided_by=f"another system ({policy.label} [governance] provided_elsewhere)"))
    stack.decide(Decision(
        id="core.governance.provided-elsewhere",
        title=f"{len(ids)} governance control{'s' if len(ids) > 1 else ''} implemented outside this project",
        why=f"{policy.label.capitalize()} lists {', '.join(ids)} in [governance] provided_elsewhere: this project "
            "creates nothing for them and its coverage gate does not look for them; the system that implements "
            "them stays accountable for them."
            + (f" No installed plugin declares {'them' if len(undeclared) == len(ids) else ', '.join(undeclared)}; "
               f"the {cloud.name} plugin requires {'them' if len(undeclared) > 1 else 'it'} of every stack."
               if undeclared else ""),
        rule="governance", trigger=f"{policy.label} [governance] provided_elsewhere",
        alternatives=["implement them in the project: remove them from [governance] provided_elsewhere "
                      "(with a governance plugin installed and enabled)"],
    ))


def _add_requested(stack: Stack, req: ComponentRequest, default_id: str, params: dict[str, Any]) -> None:
    base = req.name or default_id
    cid, n = base, 2
    while cid in stack.components:
        cid, n = f"{base}_{n}", n + 1
    provenance = Provenance(source="request" if req.words else "spec", words=list(req.words), params=dict(params))
    stack.add(Component(id=cid, kind=req.kind, params=dict(params), provenance=provenance))


class ModuleSource(Protocol):
    """Where some of the modules come from instead of the plugins (``iacf generate --factory``).

    A stage of the pipeline: :meth:`choose` decides, before the Stack is frozen, which of the modules the
    rendered root calls it replaces (its decisions go into DECISIONS.md like any other); :meth:`swap` then only
    replaces files.
    """

    def choose(self, stack: Stack, files: Sequence[RenderedFile]) -> list[Decision]: ...

    def swap(self, files: list[RenderedFile]) -> list[RenderedFile]: ...


@dataclass
class Pieces:
    """What the plugins rendered for a Stack, before files sharing a path are joined."""

    project: list[RenderedFile]
    owned: dict[str, list[RenderedFile]]  # component id → its pieces, for the addresses in DECISIONS.md

    def joined(self) -> list[RenderedFile]:
        """Files sharing a path joined in order: project files first, then components in dependency order."""
        merged: dict[str, list[RenderedFile]] = {}
        for piece in [*self.project, *(f for files in self.owned.values() for f in files)]:
            merged.setdefault(piece.path, []).append(piece)
        files = []
        for path, parts in merged.items():
            if parts[0].encoding != "utf-8":
                if len(parts) > 1:
                    raise PluginError(f"binary file {path} is rendered more than once")
                files.append(parts[0])
                continue
            content = "\n".join(p.content.rstrip("\n") + "\n" for p in parts)
            files.append(RenderedFile(path=path, content=content, executable=any(p.executable for p in parts)))
        return files


@contextmanager
def frozen(stack: Stack, what: str) -> Iterator[None]:
    """Fail when ``what`` changes the Stack: rendering reads the Stack and returns files, nothing else."""
    before = stack.model_dump_json()
    yield
    if stack.model_dump_json() != before:
        raise _changed(what)


def _changed(what: str) -> PluginError:
    return PluginError(f"{what} changed the Stack while rendering; a plugin records its decisions and components "
                       "in iacf_resolve_dependencies or iacf_inject_governance, and renders files only")


def render_pieces(stack: Stack, plugins: Plugins, renderer: Renderer) -> Pieces:
    """The project files and every component's files, as the plugins render them."""
    # project files first, so shared files (variables.tf...) open with the project-level blocks
    with frozen(stack, "iacf_render_project"):
        project = list(plugins.render_project(stack, renderer))
    # the Stack is compared once around all the components (a comparison per component made rendering grow with
    # the square of their number); should it change, an untouched copy is rendered again, one comparison per
    # component, to name the one whose plugin changed it
    before, pristine = stack.model_dump_json(), stack.model_copy(deep=True)
    owned = {component.id: _module_files(component, stack, plugins, renderer) for component in stack.ordered()}
    if stack.model_dump_json() != before:
        for component in pristine.ordered():
            with frozen(pristine, f"iacf_render_module of {component.kind} ({component.id})"):
                _module_files(component, pristine, plugins, renderer)
        raise _changed("iacf_render_module")
    return Pieces(project, owned)


def _module_files(component: Component, stack: Stack, plugins: Plugins, renderer: Renderer) -> list[RenderedFile]:
    files = plugins.render_module(component, stack, renderer)
    if files is None:
        raise PluginError(f"no installed plugin renders component kind {component.kind!r} for cloud {stack.cloud!r}")
    return list(files)


def choose_modules(stack: Stack, pieces: Pieces, modules: ModuleSource) -> None:
    """The factory stage: record which modules come from elsewhere, before the Stack is frozen."""
    for decision in modules.choose(stack, [f for f in pieces.joined() if f.path != "README.md"]):
        stack.decide(decision)


def render_stack(stack: Stack, plugins: Plugins, renderer: Renderer, modules: ModuleSource | None = None,
                 pieces: Pieces | None = None) -> list[RenderedFile]:
    """Render every component and the project files (files sharing a path are joined in order), then the docs
    from the Stack. ``modules`` replaces the modules it chose (:func:`choose_modules`); ``pieces``, when
    already rendered, are reused. The Stack is not changed."""
    pieces = pieces or render_pieces(stack, plugins, renderer)
    files = pieces.joined()
    readme_sections = next((f.content for f in files if f.path == "README.md"), "")
    files = [f for f in files if f.path != "README.md"]
    if modules is not None:
        files = modules.swap(files)
    with frozen(stack, "rendering the documents"):
        files.append(docs.manifest(stack, files))
        files.append(docs.decisions_md(stack, files, renderer, docs.affected(stack, pieces.owned, pieces.project,
                                                                             files)))
        files.append(docs.readme_md(stack, files, renderer, readme_sections))
    _check_unique_blocks(stack, files)
    return sorted(files, key=lambda f: f.path)


def _check_unique_blocks(stack: Stack, files: list[RenderedFile]) -> None:
    """A component named like a block iacf writes ("waf", "jobs_dlq" beside a queue "jobs") would declare it twice:
    bad input, refused naming the component, never a project Terraform refuses at init."""
    from ..toolkit.addresses import duplicate_blocks

    duplicates = duplicate_blocks(files)
    if not duplicates:
        return
    folder, block = duplicates[0]
    label = block.labels[-1]
    named = sorted((c.id for c in stack.components.values() if c.provenance.source in ("request", "spec")
                    and (label == c.id or label.startswith(f"{c.id}_") or label.endswith(f"_{c.id}")
                         or f"_{c.id}_" in label)), key=len, reverse=True)
    where = f"{folder}/" if folder else "the project root"
    address = " ".join([block.kind, *(f'"{label}"' for label in block.labels)])
    culprit = (f"the component name {named[0]!r} makes iacf declare {address} twice in {where}"
               if named else f"{address} is declared twice in {where}")
    raise SpecError(f"{culprit}: choose another name for the component (Terraform refuses a block declared twice)")


def generate(
    spec: Spec,
    plugins: Plugins,
    out: Path | None,
    *,
    force: bool = False,
    validate: bool = True,
    external: bool = True,
    defaults: Sequence[Decision] = (),
    policy: Policy | None = None,
    progress: Progress = lambda _m: None,
    modules: ModuleSource | None = None,
    notes: Sequence[Decision] = (),
    excluded: Mapping[str, str] | None = None,
    unused: Sequence[str] = (),
    renderer: Renderer | None = None,
) -> GenerateResult:
    """Build the Stack, choose the modules taken from elsewhere (``modules``), then render from the frozen
    Stack, write atomically and validate. A ``renderer`` shared by several runs compiles each template once."""
    if out is not None:
        check_destination(out, force)
    stack = build_stack(spec, plugins, defaults, policy, notes, excluded, unused)
    renderer = renderer or Renderer(plugins.registry, cache=optional_cache("templates"))
    pieces = render_pieces(stack, plugins, renderer)
    if modules is not None:
        choose_modules(stack, pieces, modules)
    files = render_stack(stack, plugins, renderer, modules, pieces)
    result = GenerateResult(spec=spec, stack=stack, files=files)
    if out is None:
        return result
    write_atomic(out, files, force)
    result.out_dir = out
    if validate:
        from ..toolkit.validation.runner import validate_dir  # here: a generate without gates does not load them

        result.report = validate_dir(out, plugins, stack, progress=progress, external=external,
                                     policy=stack.policy)
    return result
