"""Registries filled by the ``iacf_register_*`` hooks.

Each registry records which plugin registered what, so a conflict names both plugins.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from .errors import PluginError
from .text import normalize, tokens

TermCategory = Literal["cloud", "environment", "region", "component", "classification", "language", "control",
                       "qualifier", "filler"]
RiskLevel = Literal["critical", "high", "medium", "low"]
RISK_LEVELS: tuple[RiskLevel, ...] = ("critical", "high", "medium", "low")


@dataclass(frozen=True)
class TerraformProvider:
    """The Terraform provider a cloud's modules require (``iacf module init`` writes it in versions.tf)."""

    name: str  # local name, e.g. aws
    source: str  # e.g. hashicorp/aws
    version: str  # constraint, e.g. ">= 5.100, < 6.0"


@dataclass(frozen=True)
class CloudInfo:
    """A cloud implemented by a plugin."""

    name: str
    title: str
    default_region: str
    regions: tuple[str, ...] = ()
    description: str = ""
    # governance control ids every stack of this cloud must satisfy, whichever plugin declares them: generating
    # without a plugin that declares one of them is refused unless the policy lists it as provided elsewhere
    required_controls: tuple[str, ...] = ()
    provider: TerraformProvider | None = None


@dataclass(frozen=True)
class ModelRef:
    """A pydantic model named by its module and name, imported when first asked for: what a plugin registered from
    its snapshot gives for its kinds' parameters, so that reading a request imports no other cloud's models."""

    module: str
    name: str

    def load(self) -> type[BaseModel]:
        model = getattr(importlib.import_module(self.module), self.name, None)
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise PluginError(f"{self.module}.{self.name} is not a pydantic model")
        return model


@dataclass(frozen=True)
class ComponentKind:
    """A component kind of the catalogue. ``clouds`` lists the clouds that can render it.

    ``params`` is the pydantic model of the kind's parameters (see :mod:`iacf_core.request.params`): registered without
    clouds it is the neutral model every cloud starts from; registered with clouds it is what those clouds accept.
    A kind with no model anywhere takes no parameters.

    Connections (``Spec.connections``): ``access`` lists the levels another component may be given on this kind
    (``read``, ``publish``...), ``default_access`` the one every component that runs code gets when no connection
    is stated (empty: none), and ``client`` says whether the kind runs code that may use others (the ``from`` of
    a connection).
    """

    name: str
    description: str = ""
    clouds: tuple[str, ...] = ()
    default_id: str = ""
    params: type[BaseModel] | ModelRef | None = None
    internal: bool = False  # added by dependency rules only; not offered to requests
    access: tuple[str, ...] = ()
    default_access: str = ""
    client: bool = False


@dataclass(frozen=True)
class Term:
    """A phrase of the request language and what it means.

    * ``cloud``: ``value`` is a cloud name (``aws``); clouds that are named but not installed are reported.
    * ``environment``: ``value`` is dev, staging or prod.
    * ``region``: ``value`` is a region code of ``cloud``.
    * ``component``: ``value`` is a component kind, ``params`` its parameters (``framework=django``).
    * ``classification``: ``value`` is a data classification (confidential, restricted...).
    * ``language``: ``value`` is a programming language; ``params`` carry the framework entry of a container of
      that language (``framework=go``).
    * ``control``: ``value`` is a governance control id (``web-application-firewall``); naming one is
      understood, turning one off is refused.
    * ``qualifier``: ``value`` is ``app``, ``api`` or ``static``, words read from the rest of the request (see
      :mod:`iacf_core.request.parser`).
    * ``filler``: a word that carries no meaning here (``with``, ``avec``...) but is understood.
    """

    phrase: str
    category: TermCategory
    value: str = ""
    cloud: str = ""
    params: tuple[tuple[str, Any], ...] = ()

    @cached_property
    def key(self) -> tuple[str, ...]:
        """The phrase's words, as a request's words are read (a plugin snapshot keeps them: 2,000 terms)."""
        return tuple(tokens(normalize(self.phrase)))

    def meaning(self) -> tuple[str, str, str, tuple[tuple[str, Any], ...]]:
        return (self.category, self.value, self.cloud, self.params)


@dataclass(frozen=True)
class CheckRating:
    """The severity of a check (a Checkov id such as ``CKV_AWS_19``, or one of a plugin's own checks) and the
    governance control it evidences (``""`` when none). Findings of rated checks print with their severity,
    and the policy's ``[findings] block`` list decides which severities fail a run."""

    check: str
    severity: RiskLevel
    control: str = ""
    title: str = ""


@dataclass(frozen=True)
class TemplateSource:
    """A folder of templates mounted under ``prefix`` in the jinja environment."""

    prefix: str
    path: Path


@dataclass(frozen=True)
class SecretPattern:
    """A pattern of a literal secret the ``secrets`` gate looks for in every generated file.

    ``check`` is the finding's check id (``iacf.secrets.<name>``), rated like any other check. A pattern with a
    named group ``value`` is a secret *assignment*: a value that merely names a thing (an ARN, a path, an
    upper-case constant) is not reported.
    """

    check: str
    pattern: re.Pattern[str]
    title: str = ""


@dataclass(frozen=True)
class PolicySection:
    """A section of ``iacf.toml`` that a plugin owns (``[aws]``), validated by ``model``.

    ``model`` is a pydantic model whose fields all have defaults: an absent section reads as ``model()``.
    ``cloud`` names the cloud the section configures (``""`` for a cross-cutting plugin). ``replaces`` lists the
    keys of core's own sections this one took over, as ``("terraform.state_locking", "state_locking")``: a
    policy still using the old key is refused with the new place named. ``check(policy, section)`` sees the
    whole policy for the rules that span sections; it returns ``(dotted key, problem)`` pairs (empty: none),
    the key placing the problem in the file. The problems of a cloud's section are raised for that cloud's stacks
    only (a rule such as "CloudWatch accepts these retentions" on the shared ``[logs]`` does not bind another
    cloud's projects); a cross-cutting section's are raised when the file is read.
    """

    name: str
    model: type[BaseModel]
    cloud: str = ""
    description: str = ""
    replaces: tuple[tuple[str, str], ...] = ()
    check: Callable[[Any, Any], list[tuple[str, str]]] | None = None


@dataclass
class Registry:
    """Everything the registration hooks contributed, with the plugin that contributed it."""

    clouds: dict[str, CloudInfo] = field(default_factory=dict)
    kinds: dict[str, ComponentKind] = field(default_factory=dict)
    terms: dict[tuple[str, ...], Term] = field(default_factory=dict)
    templates: dict[str, TemplateSource] = field(default_factory=dict)
    checks: dict[str, CheckRating] = field(default_factory=dict)
    owners: dict[tuple[str, str], str] = field(default_factory=dict)
    # (kind, cloud) → parameters model; cloud "" holds the neutral model
    params: dict[tuple[str, str], type[BaseModel] | ModelRef] = field(default_factory=dict)
    # (kind, cloud) pairs whose owner registered the kind as internal: added by rules, never requested there
    internal: set[tuple[str, str]] = field(default_factory=set)
    # plugin name → what reads its distribution's name (from the installed metadata, when a message needs it), so
    # an ownership conflict names both packages to uninstall one of
    distributions: dict[str, Callable[[], str]] = field(default_factory=dict)
    secret_patterns: dict[str, SecretPattern] = field(default_factory=dict)
    policy_sections: dict[str, PolicySection] = field(default_factory=dict)
    # phrase → every plugin that registered it (a neutral word several clouds add: "fifo queue")
    term_plugins: dict[str, set[str]] = field(default_factory=dict)

    def _owner(self, what: str, name: str) -> str:
        return self.owners.get((what, name), "?")

    def _both(self, subject: str, what: str, name: str, plugin: str) -> PluginError:
        return PluginError(f"{subject} registered by both plugin {self._owner(what, name)!r} and plugin {plugin!r}")

    def label(self, plugin: str) -> str:
        """``plugin 'aws' (distribution iacf-aws)``: how messages name a plugin."""
        dist = self.distributions[plugin]() if plugin in self.distributions else ""
        if dist in ("", "?"):
            return f"plugin {plugin!r}"
        return f"plugin {plugin!r} {dist}" if dist.startswith("(") else f"plugin {plugin!r} (distribution {dist})"

    # -- ownership: who per-cloud hooks are routed to (see iacf_core.kernel.hookspecs) ---------------------------
    def cloud_owner(self, cloud: str) -> str | None:
        """The plugin that registered ``cloud``, or None."""
        return self.owners.get(("cloud", cloud))

    def kind_owner(self, kind: str, cloud: str) -> str | None:
        """The plugin that registered ``kind`` for ``cloud``, or None."""
        return self.owners.get(("kind", f"{kind}@{cloud}"))

    def cloud_plugins(self, cloud: str) -> list[str]:
        """The owner of ``cloud``, then every other plugin owning a kind of it, in registration order."""
        found, suffix = [self.cloud_owner(cloud) or ""], f"@{cloud}"
        found += [plugin for (what, name), plugin in self.owners.items() if what == "kind" and name.endswith(suffix)]
        return [p for p in dict.fromkeys(found) if p]

    def owns_something(self, plugin: str, cloud_only: bool = False) -> bool:
        """Whether ``plugin`` owns a cloud (or, unless ``cloud_only``, a ``kind@cloud``)."""
        whats = ("cloud",) if cloud_only else ("cloud", "kind")
        return any(owner == plugin and what in whats and (what == "cloud" or "@" in name)
                   for (what, name), owner in self.owners.items())

    def add_cloud(self, info: CloudInfo, plugin: str) -> None:
        if info.name in self.clouds:
            raise PluginError(
                f"cloud {info.name!r} is registered by both {self.label(self._owner('cloud', info.name))} "
                f"and {self.label(plugin)}; uninstall or disable one (IACF_DISABLE_PLUGINS)"
            )
        self.clouds[info.name] = info
        self.owners[("cloud", info.name)] = plugin

    def add_kind(self, kind: ComponentKind, plugin: str) -> None:
        self._add_params(kind, plugin)
        if kind.internal:
            self.internal.update((kind.name, cloud) for cloud in kind.clouds)
        existing = self.kinds.get(kind.name)
        if existing is None:
            self.kinds[kind.name] = kind
            for cloud in kind.clouds:
                self.owners[("kind", f"{kind.name}@{cloud}")] = plugin
            self.owners.setdefault(("kind", kind.name), plugin)
            return
        for cloud in kind.clouds:
            if cloud in existing.clouds:
                raise PluginError(
                    f"component kind {kind.name!r} for cloud {cloud!r} is registered by both "
                    f"{self.label(self._owner('kind', f'{kind.name}@{cloud}'))} and {self.label(plugin)}; "
                    "uninstall or disable one (IACF_DISABLE_PLUGINS)"
                )
            self.owners[("kind", f"{kind.name}@{cloud}")] = plugin
        self.kinds[kind.name] = ComponentKind(
            name=kind.name,
            description=existing.description or kind.description,
            clouds=tuple(sorted({*existing.clouds, *kind.clouds})),
            default_id=existing.default_id or kind.default_id,
            params=existing.params or kind.params,
            internal=existing.internal and kind.internal,
            access=existing.access or kind.access,
            default_access=existing.default_access or kind.default_access,
            client=existing.client or kind.client,
        )

    def _add_params(self, kind: ComponentKind, plugin: str) -> None:
        if kind.params is None:
            return
        if not isinstance(kind.params, ModelRef) and not (isinstance(kind.params, type)
                                                          and issubclass(kind.params, BaseModel)):
            raise PluginError(f"plugin {plugin!r} registered kind {kind.name!r} with params that are not a pydantic "
                              f"model: {kind.params!r}")
        for cloud in kind.clouds or ("",):
            key = (kind.name, cloud)
            existing = self.params.get(key)
            if existing is not None and existing is not kind.params and existing != kind.params:
                where = f" for cloud {cloud!r}" if cloud else ""
                raise self._both(f"parameters of component kind {kind.name!r}{where} are", "params", "@".join(key),
                                 plugin)
            self.params[key] = kind.params
            self.owners[("params", "@".join(key))] = plugin

    def params_model(self, kind: str, cloud: str) -> type[BaseModel] | None:
        """The parameters model of ``kind`` on ``cloud``: the cloud's own, else the neutral one, else None."""
        key = (kind, cloud) if (kind, cloud) in self.params else (kind, "")
        found = self.params.get(key)
        if isinstance(found, ModelRef):
            found = self.params[key] = found.load()
        return found

    def add_term(self, term: Term, plugin: str) -> None:
        key = term.key
        if not key:
            raise PluginError(f"plugin {plugin!r} registered an empty phrase")
        # a region phrase is per cloud: "paris" means eu-west-3 on one cloud and francecentral on another
        store_key = (*key, f"@{term.cloud}") if term.category == "region" else key
        existing = self.terms.get(store_key)
        if existing is not None and existing.meaning() != term.meaning():
            raise PluginError(
                f"phrase {term.phrase!r} is registered with two meanings, by plugin "
                f"{self._owner('term', ' '.join(store_key))!r} ({existing.category}={existing.value}) and by "
                f"plugin {plugin!r} ({term.category}={term.value})"
            )
        self.term_plugins.setdefault(" ".join(store_key), set()).add(plugin)
        if existing is None:
            self.terms[store_key] = term
            self.owners[("term", " ".join(store_key))] = plugin

    def add_templates(self, source: TemplateSource, plugin: str) -> None:
        if source.prefix in self.templates:
            raise self._both(f"template prefix {source.prefix!r} is", "templates", source.prefix, plugin)
        if not source.path.is_dir():
            raise PluginError(f"plugin {plugin!r} registered a template folder that does not exist: {source.path}")
        self.templates[source.prefix] = source
        self.owners[("templates", source.prefix)] = plugin

    def add_check(self, rating: CheckRating, plugin: str) -> None:
        if rating.severity not in RISK_LEVELS:
            raise PluginError(f"plugin {plugin!r} rated check {rating.check!r} with unknown severity "
                              f"{rating.severity!r} (expected one of {', '.join(RISK_LEVELS)})")
        existing = self.checks.get(rating.check)
        if existing is not None and (existing.severity, existing.control) != (rating.severity, rating.control):
            raise PluginError(
                f"check {rating.check!r} is rated by both plugin {self._owner('check', rating.check)!r} "
                f"({existing.severity}) and plugin {plugin!r} ({rating.severity})"
            )
        if existing is None:
            self.checks[rating.check] = rating
            self.owners[("check", rating.check)] = plugin

    def add_secret_pattern(self, secret: SecretPattern, plugin: str) -> None:
        if not isinstance(secret.pattern, re.Pattern):
            raise PluginError(f"plugin {plugin!r} registered secret pattern {secret.check!r} that is not a compiled "
                              "regular expression (re.compile)")
        if secret.check in self.secret_patterns:
            raise self._both(f"secret pattern {secret.check!r} is", "secret", secret.check, plugin)
        self.secret_patterns[secret.check] = secret
        self.owners[("secret", secret.check)] = plugin

    def add_policy_section(self, section: PolicySection, plugin: str) -> None:
        from .policy import Policy

        if not re.fullmatch(r"[a-z][a-z0-9_]*", section.name):
            raise PluginError(f"plugin {plugin!r} registered policy section {section.name!r}: a section name is "
                              "lower-case letters, digits and _")
        if section.name in Policy.model_fields:
            raise PluginError(f"plugin {plugin!r} registered policy section [{section.name}], which is core's own")
        if section.name in self.policy_sections:
            raise self._both(f"policy section [{section.name}] is", "policy", section.name, plugin)
        if not (isinstance(section.model, type) and issubclass(section.model, BaseModel)):
            raise PluginError(f"plugin {plugin!r} registered policy section [{section.name}] with a model that is "
                              f"not a pydantic model: {section.model!r}")
        try:
            section.model()
        except ValueError as exc:
            raise PluginError(f"plugin {plugin!r} registered policy section [{section.name}] whose model has no "
                              f"default for every field: {exc}") from exc
        self.policy_sections[section.name] = section
        self.owners[("policy", section.name)] = plugin

    def cloud_names(self) -> set[str]:
        """Every cloud the request language names, installed or not (core's vocabulary knows the big ones)."""
        return {t.value for t in self.terms.values() if t.category == "cloud"} | set(self.clouds)

    def kinds_for(self, cloud: str, include_internal: bool = False) -> list[str]:
        """Kinds ``cloud`` can render; its internal kinds (added by rules, never requested there) only on demand.
        Internal is per cloud: one cloud may offer to requests a kind another only adds by its rules."""
        return sorted(k.name for k in self.kinds.values()
                      if cloud in k.clouds and (include_internal or (k.name, cloud) not in self.internal))

    def requestable(self, kind: str, cloud: str) -> bool:
        """Whether a request or a spec may ask for ``kind`` on ``cloud``."""
        found = self.kinds.get(kind)
        return found is not None and cloud in found.clouds and (kind, cloud) not in self.internal


@dataclass(frozen=True)
class FactoryModuleSource:
    """A module a plugin seeds the factory with: plain HCL files (paths relative to the module folder)."""

    cloud: str
    name: str
    provides: tuple[str, ...]
    files: dict[str, str]
    description: str = ""
