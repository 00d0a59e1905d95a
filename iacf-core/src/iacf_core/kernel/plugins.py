"""Plugin discovery and the typed facade over the hooks.

``get_plugin_manager()`` builds a fresh :class:`pluggy.PluginManager`: core's built-in plugin first (exactly like a
third-party one), then every entry point of the ``iacf`` group, minus the names listed in the comma-separated
``IACF_DISABLE_PLUGINS`` environment variable. Nothing is loaded at import time.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

from . import hookspecs
from .errors import IacfError, PluginError
from .hookspecs import Route
from .models import Component, Control, Finding, RenderedFile, Stack
from .registry import FactoryModuleSource, Registry

if TYPE_CHECKING:
    from .reports import PreflightOptions, PreflightReport, VerifyOptions, VerifyReport

ENTRY_POINT_GROUP = "iacf"
DISABLE_ENV = "IACF_DISABLE_PLUGINS"
_Report = TypeVar("_Report", "VerifyReport", "PreflightReport")
DEFAULT_PLUGINS: tuple[tuple[str, str], ...] = (("core", "iacf_core.engine.builtin"),)


def _read(find: Callable[[], str], unknown: str) -> str:
    try:
        return find()
    except Exception:  # noqa: BLE001 - a missing metadata record only loses the name or version in messages
        return unknown


@dataclass(frozen=True)
class PluginInfo:
    """A loaded plugin: its short name, module, the hooks it implements and its distribution. The distribution's
    name and version are read from the installed metadata when first asked for (``iacf plugins``, an error
    message), not by every command: parsing the metadata files costs more than many commands."""

    name: str
    module: str
    hooks: tuple[str, ...]
    find_distribution: Callable[[], str] = field(default=partial(str, "?"), repr=False, compare=False)
    find_version: Callable[[], str] = field(default=partial(str, "-"), repr=False, compare=False)

    @cached_property
    def distribution(self) -> str:
        """The distribution's name (``iacf-aws``), ``?`` when unknown."""
        return _read(self.find_distribution, "?")

    @cached_property
    def version(self) -> str:
        """The distribution's version, or ``-`` when unknown."""
        return _read(self.find_version, "-")


@dataclass
class _Loaded:
    infos: dict[str, PluginInfo] = field(default_factory=dict)


def blocked_names() -> set[str]:
    raw = os.environ.get(DISABLE_ENV, "")
    return {name.strip() for name in raw.split(",") if name.strip()}


def get_plugin_manager(
    *, load_entry_points: bool = True, extra: Iterable[tuple[str, object]] = (), builtins: bool = True,
    load: Callable[[Any], object] | None = None,
) -> pluggy.PluginManager:
    """Build a plugin manager.

    :param load_entry_points: load the ``iacf`` entry points (tests turn this off).
    :param extra: ``(name, plugin)`` pairs registered after the entry points (tests, embedding).
    :param builtins: register core's built-in plugin.
    :param load: what loads an entry point (default ``ep.load()``; :mod:`iacf_core.engine.snapshots` gives a
        plugin's stand-in that imports it when first called).
    """
    pm = pluggy.PluginManager("iacf")
    pm.add_hookspecs(hookspecs)
    loaded = _Loaded()
    pm._iacf_loaded = loaded  # type: ignore[attr-defined]  # our own attribute, not pluggy's
    blocked = blocked_names()
    for name in blocked:
        pm.set_blocked(name)
    if builtins:
        for name, module_name in DEFAULT_PLUGINS:
            if name not in blocked:
                _register(pm, loaded, name, importlib.import_module(module_name), "iacf-core")
    if load_entry_points:
        seen: dict[str, Any] = {}
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            # a distribution's name is read from its metadata only when a message needs it
            if ep.name in seen and _dist_name(seen[ep.name]) != _dist_name(ep):
                raise PluginError(f"plugin name {ep.name!r} is declared by both distribution "
                                  f"{_dist_name(seen[ep.name])!r} and {_dist_name(ep)!r}")
            seen.setdefault(ep.name, ep)
            if ep.name in blocked or pm.has_plugin(ep.name):
                continue
            try:
                plugin = load(ep) if load is not None else ep.load()
            except Exception as exc:  # a broken plugin must not crash the CLI with a traceback
                raise PluginError(f"plugin {ep.name!r} (distribution {_dist_name(ep)}) failed to load: "
                                  f"{type(exc).__name__}: {exc}") from exc
            _register(pm, loaded, ep.name, plugin, partial(_dist_name, ep),
                      partial(getattr, ep.dist, "version") if ep.dist is not None else None)
    for name, plugin in extra:
        if name not in blocked:
            _register(pm, loaded, name, plugin, "(registered in process)")
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"a plugin implements an unknown hook: {exc}") from exc
    return pm


def _dist_name(ep: Any) -> str:
    """The name of the distribution declaring entry point ``ep`` (read from its metadata), ``?`` when unknown."""
    return str(ep.dist.name) if ep.dist is not None else "?"


def _register(pm: pluggy.PluginManager, loaded: _Loaded, name: str, plugin: object, dist: str | Callable[[], str],
              find_version: Callable[[], str] | None = None) -> None:
    """Register ``plugin``; ``dist`` is its distribution's name, or what reads it (an entry point's metadata)."""
    find_distribution = dist if callable(dist) else partial(str, dist)
    try:
        pm.register(plugin, name=name)
    except (ValueError, pluggy.PluginValidationError) as exc:
        raise PluginError(f"plugin {name!r} (distribution {find_distribution()}) cannot be registered: "
                          f"{exc}") from exc
    # an entry point knows its distribution: no second search of the installed ones
    if find_version is None:
        find_version = (partial(_installed_version, dist) if isinstance(dist, str) and dist
                        and not dist.startswith("(") else partial(str, "-"))
    hooks = tuple(sorted(h.name for h in (pm.get_hookcallers(plugin) or [])))
    module = plugin.__name__ if isinstance(plugin, ModuleType) else type(plugin).__module__
    loaded.infos[name] = PluginInfo(name=name, module=module, hooks=hooks, find_distribution=find_distribution,
                                    find_version=find_version)


def _installed_version(dist: str) -> str:
    from importlib.metadata import version as dist_version

    return dist_version(dist)


class Plugins:
    """The typed facade: one method per hook. Errors raised inside a plugin become :class:`PluginError`."""

    def __init__(self, pm: pluggy.PluginManager | None = None) -> None:
        self.pm = pm if pm is not None else get_plugin_manager()
        self._registry: Registry | None = None

    # -- introspection -------------------------------------------------------------------------------
    def infos(self) -> list[PluginInfo]:
        loaded: _Loaded = getattr(self.pm, "_iacf_loaded", _Loaded())
        result = []
        for name, plugin in self.pm.list_name_plugin():
            if plugin is None:
                continue
            info = loaded.infos.get(name)
            if info is None:
                hooks = tuple(sorted(h.name for h in (self.pm.get_hookcallers(plugin) or [])))
                info = PluginInfo(name, getattr(plugin, "__name__", "?"), hooks)
            result.append(info)
        return sorted(result, key=lambda i: i.name)

    def _describe(self, name: str) -> str:
        info = next((i for i in self.infos() if i.name == name), None)
        if info is None or info.distribution == "?":
            return f"plugin {name!r}"
        if info.distribution.startswith("("):
            return f"plugin {name!r} {info.distribution}"
        return f"plugin {name!r} (distribution {info.distribution} {info.version})"

    # -- routing (the table is iacf_core.kernel.hookspecs.CALLS) ------------------------------------------------
    def names(self) -> list[str]:
        """The loaded plugins, in registration order (a blocked name is registered as None: left out)."""
        return [name for name, plugin in self.pm.list_name_plugin() if plugin is not None]

    def every_cloud(self) -> list[str]:
        """The plugins that follow every cloud (``IACF_EVERY_CLOUD = True``), in registration order."""
        return [name for name, plugin in self.pm.list_name_plugin()
                if plugin is not None and getattr(plugin, hookspecs.EVERY_CLOUD_ATTRIBUTE, False) is True]

    def called_on(self, hook: str, *clouds: str, kind: str = "") -> list[str]:
        """The plugins implementing ``hook`` that a call for ``clouds`` (and ``kind``) reaches, in call order."""
        route = hookspecs.route_of(hook)
        if route is Route.EVERY_PLUGIN:
            names = self.names()
        elif route is Route.CLOUD_PLUGINS:
            names = [p for cloud in clouds for p in self.registry.cloud_plugins(cloud)] + self.every_cloud()
        elif route is Route.KIND_OWNER:
            names = [self.registry.kind_owner(kind, c) or "" for c in clouds] + [
                self.registry.cloud_owner(c) or "" for c in clouds]
        else:
            names = [self.registry.cloud_owner(c) or "" for c in clouds]
        implementing = {impl.plugin_name for impl in getattr(self.pm.hook, hook).get_hookimpls()}
        return [name for name in dict.fromkeys(names) if name in implementing]

    def _call(self, hook: str, **kwargs: Any) -> Any:
        """Call a cross-cutting hook (see :meth:`_routed`)."""
        return self._routed(hook, (), **kwargs)

    def _routed(self, hook: str, clouds: Sequence[str], kind: str = "", **kwargs: Any) -> Any:
        """Call ``hook`` on the plugins :meth:`called_on` names, one by one: the list of non-None results, or
        for a firstresult hook the first non-None one."""
        firstresult = bool(getattr(self.pm.hook, hook).spec.opts.get("firstresult"))
        results: list[Any] = []
        for name in self.called_on(hook, *clouds, kind=kind):
            result = self._call_one(hook, name, kwargs)
            if firstresult and result is not None:
                return result
            if not firstresult:
                results.extend(result)
        return None if firstresult else results

    def _call_one(self, hook: str, name: str, kwargs: dict[str, Any]) -> Any:
        others = [plugin for other, plugin in self.pm.list_name_plugin() if other != name and plugin is not None]
        caller = self.pm.subset_hook_caller(hook, remove_plugins=others)
        try:
            return caller(**kwargs)
        except IacfError:
            raise  # an expected error (bad input detected by a plugin) keeps its own message and exit code
        except Exception as exc:
            raise PluginError(f"{self._describe(name)} failed in {hook}: {type(exc).__name__}: {exc}") from exc

    def _check_routes(self, registry: Registry) -> None:
        """Refuse a plugin implementing a routed hook that, owning nothing it is routed by, is never called."""
        following = set(self.every_cloud())
        for name, plugin in self.pm.list_name_plugin():
            if plugin is None:
                continue
            for caller in self.pm.get_hookcallers(plugin) or []:
                route = hookspecs.route_of(caller.name)
                if route is Route.EVERY_PLUGIN:
                    continue
                if route is Route.CLOUD_OWNER:
                    reached, needs = registry.owns_something(name, cloud_only=True), "registers no cloud"
                else:
                    reached = registry.owns_something(name) or (route is Route.CLOUD_PLUGINS and name in following)
                    needs = "registers no cloud nor kind of a cloud"
                if reached:
                    continue
                fix = (f", or set {hookspecs.EVERY_CLOUD_ATTRIBUTE} = True on the plugin to be called for every "
                       "cloud" if route is Route.CLOUD_PLUGINS else "")
                raise PluginError(f"{registry.label(name)} implements {caller.name}, which is called on "
                                  f"{route.value} only, but {needs}: it would never be called; register what "
                                  f"it implements (iacf_register_clouds, iacf_register_components){fix}")

    # -- registration hooks ----------------------------------------------------------------------------
    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = self._collect()
        return self._registry

    def _collect(self) -> Registry:
        registry = Registry()
        registry.distributions = {i.name: partial(getattr, i, "distribution") for i in self.infos()}
        for hook, add in (
            ("iacf_register_clouds", registry.add_cloud),
            ("iacf_register_components", registry.add_kind),
            ("iacf_register_vocabulary", registry.add_term),
            ("iacf_register_templates", registry.add_templates),
            ("iacf_register_checks", registry.add_check),
            ("iacf_register_secret_patterns", registry.add_secret_pattern),
            ("iacf_register_policy", registry.add_policy_section),
        ):
            caller = getattr(self.pm.hook, hook)
            # call plugin by plugin, in registration order, so the registry knows who registered what
            impls = {impl.plugin_name: impl for impl in caller.get_hookimpls()}
            for plugin_name in self.names():
                impl = impls.get(plugin_name)
                if impl is None:
                    continue

                def register(item: Any, _add: Callable[[Any, str], None] = add, _p: str = plugin_name) -> None:
                    _add(item, _p)

                try:
                    impl.function(register=register)
                except PluginError:
                    raise
                except Exception as exc:
                    raise PluginError(
                        f"plugin {plugin_name!r} failed in {hook}: {type(exc).__name__}: {exc}"
                    ) from exc
        self._check_routes(registry)
        return registry

    # -- pipeline hooks --------------------------------------------------------------------------------
    def resolve_dependencies(self, stack: Stack) -> None:
        self._routed("iacf_resolve_dependencies", [stack.cloud], stack=stack)

    def governance_controls(self, stack: Stack) -> list[Control]:
        merged: dict[str, Control] = {}
        for result in self._call("iacf_governance_controls", stack=stack):
            for control in result or []:
                merged.setdefault(control.id, control)
        return [merged[k] for k in sorted(merged)]

    def inject_governance(self, stack: Stack, controls: list[Control]) -> None:
        self._routed("iacf_inject_governance", [stack.cloud], stack=stack, controls=controls)

    def render_module(self, component: Component, stack: Stack, renderer: Any) -> list[RenderedFile] | None:
        result = self._routed("iacf_render_module", [stack.cloud], kind=component.kind, component=component,
                              stack=stack, renderer=renderer)
        return list(result) if result is not None else None

    def render_project(self, stack: Stack, renderer: Any) -> list[RenderedFile]:
        files: list[RenderedFile] = []
        for result in self._routed("iacf_render_project", [stack.cloud], stack=stack, renderer=renderer):
            files.extend(result or [])
        return files

    def validate(self, out_dir: Path, stack: Stack | None, clouds: Sequence[str] = ()) -> list[Finding]:
        """The findings of the plugins of ``stack.cloud`` (else of ``clouds``, the clouds the folder uses)."""
        findings: list[Finding] = []
        routed = [stack.cloud] if stack is not None else list(clouds)
        for result in self._routed("iacf_validate", routed, out_dir=out_dir, stack=stack):
            findings.extend(result or [])
        return findings

    def verify(self, project_dir: Path, options: VerifyOptions) -> VerifyReport | None:
        from .reports import VerifyReport  # here: a generation does not build the reports' models

        return self._report("iacf_verify", VerifyReport, project_dir, options)

    def preflight(self, project_dir: Path, options: PreflightOptions) -> PreflightReport | None:
        from .reports import PreflightReport

        return self._report("iacf_preflight", PreflightReport, project_dir, options)

    def _report(self, hook: str, report: type[_Report], project_dir: Path, options: Any) -> _Report | None:
        result = self._routed(hook, [options.cloud], project_dir=project_dir, options=options)
        if result is None or isinstance(result, report):
            return result
        raise PluginError(f"a plugin returned {type(result).__name__} from {hook}, not a {report.__name__}")

    def factory_modules(self) -> list[FactoryModuleSource]:
        """Every :class:`iacf_core.factory.FactoryModuleSource` the plugins seed a factory with."""
        modules: list[FactoryModuleSource] = []
        for result in self._call("iacf_factory_modules"):
            modules.extend(result or [])
        return modules
