"""Plugin snapshots: a command imports only the plugins it calls.

Reading a request needs what every installed plugin registers (every cloud's words, regions, kinds and policy
sections: a service of another cloud is refused by name), but a run calls the code of one cloud only. A plugin that
declares ``IACF_STATIC_REGISTRATION = True`` says that its registration hooks give the same items whenever its
installed files are the same. For such a plugin, the first command writes what it registers to a snapshot in iacf's
cache folder; later commands register a stand-in instead of importing the plugin:

- its registration hooks give the snapshot's items (the kinds' parameter models as :class:`ModelRef`, imported
  when a request or spec of that cloud is validated);
- every other hook it implements imports the plugin on the first call and calls it.

A snapshot is used only for the exact files it was made from: its name holds a SHA-256 of the plugin's
distribution record (the hash of every installed file), its place, its version, core's own record and the Python
version. Editable installs (files that change without a record) are never snapshotted, nor is any plugin when core
itself is editable, nor a plugin whose registered items do not read back identical. ``IACF_PLUGIN_SNAPSHOTS=0``
turns snapshots off. A snapshot that cannot be read or written only costs the import.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib
import inspect
import json
import os
import re
import sys
import threading
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..kernel import hookspecs
from ..kernel.cache import optional_cache
from ..kernel.errors import PluginError
from ..kernel.registry import (
    CheckRating,
    CloudInfo,
    ComponentKind,
    ModelRef,
    PolicySection,
    SecretPattern,
    TemplateSource,
    Term,
    TerraformProvider,
)

FORMAT = 2  # 2: a term keeps its words
STATIC_ATTRIBUTE = "IACF_STATIC_REGISTRATION"
SWITCH_ENV = "IACF_PLUGIN_SNAPSHOTS"
KEPT = 8  # snapshots kept per plugin name (several installs may share the cache folder)
REGISTRATION_HOOKS = tuple(hook for hook, (phase, _) in hookspecs.CALLS.items() if phase == "register")
# the items written as their fields; a PolicySection (a model and a function) is written as where it is defined
DATA_TYPES: dict[str, type] = {cls.__name__: cls for cls in (
    CheckRating, CloudInfo, ComponentKind, SecretPattern, TemplateSource, TerraformProvider, Term)}
_MARK = f"{hookspecs.hookspec.project_name}_impl"


class NotKept(Exception):
    """A plugin whose registration cannot be snapshotted (it is then imported as usual)."""


def loader() -> Callable[[Any], object] | None:
    """What :func:`iacf_core.kernel.plugins.get_plugin_manager` loads the entry points with: the plugin or its
    stand-in; None when snapshots are off or core is an editable install."""
    if os.environ.get(SWITCH_ENV, "1").strip().lower() in ("0", "false", "no", "off"):
        return None
    core = _core_record()
    return None if core is None else functools.partial(load, core=core)


def load(ep: Any, core: str) -> object:
    """The plugin of entry point ``ep``: a stand-in from its snapshot when one matches its installed files, else the
    plugin itself (snapshotted on the way when it declares a static registration)."""
    fingerprint = _fingerprint(ep, core)
    folder = optional_cache("plugins")
    if fingerprint is None or folder is None:
        return ep.load()
    path = folder / f"{ep.name}-{fingerprint}.json"
    with contextlib.suppress(Exception):  # none yet, or unreadable: import the plugin and keep a new one
        return standin(ep, json.loads(path.read_bytes()))
    plugin = ep.load()
    with contextlib.suppress(NotKept, OSError):
        _write(path, snapshot_of(plugin))
    return plugin


# -- what a plugin registers, as JSON ------------------------------------------------------------------------

def snapshot_of(plugin: object) -> dict[str, Any]:
    """The snapshot of ``plugin``: its module, its hooks and what each registration hook registers; raises
    :class:`NotKept` when the plugin does not declare a static registration or an item does not read back equal."""
    if not isinstance(plugin, types.ModuleType) or getattr(plugin, STATIC_ATTRIBUTE, False) is not True:
        raise NotKept("not declared static")
    if getattr(plugin, hookspecs.EVERY_CLOUD_ATTRIBUTE, False):
        raise NotKept("called for every cloud")
    hooks = sorted(name for name in dir(plugin) if name.startswith("iacf_") and hasattr(getattr(plugin, name), _MARK))
    for hook in hooks:
        if hook not in hookspecs.CALLS or any(getattr(getattr(plugin, hook), _MARK).values()):
            raise NotKept(f"{hook}: unknown hook or hook options")
    package = plugin.__name__.partition(".")[0]
    items: dict[str, list[Any]] = {}
    for hook in hooks:
        if hook in REGISTRATION_HOOKS:
            found: list[Any] = []
            getattr(plugin, hook)(register=found.append)
            items[hook] = [_encode(item, package) for item in found]
            if not all(_same(a, b) for a, b in zip(found, _decoded(items[hook], package), strict=True)):
                raise NotKept(f"{hook}: an item does not read back equal")
    return {"format": FORMAT, "module": plugin.__name__, "doc": plugin.__doc__ or "", "hooks": hooks,
            "items": items}


def _encode(value: Any, package: str) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (tuple, list)):
        return {"t" if isinstance(value, tuple) else "l": [_encode(v, package) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"d": {k: _encode(v, package) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"p": str(value)}
    if isinstance(value, re.Pattern):
        return {"re": [value.pattern, value.flags]}
    if isinstance(value, PolicySection):
        return {"o": _where(value, value.model.__module__, package)}
    if isinstance(value, type):
        return {"m": _where(value, value.__module__, package)}
    if isinstance(value, Term):  # its fields, then its words (reading them is most of registering a term)
        return {"w": [value.phrase, value.category, value.value, value.cloud, _encode(tuple(value.params), package),
                      list(value.key)]}
    if dataclasses.is_dataclass(value) and DATA_TYPES.get(type(value).__name__) is type(value):
        return {"c": [type(value).__name__, *(_encode(getattr(value, f.name), package)
                                              for f in dataclasses.fields(value))]}
    raise NotKept(f"{type(value).__name__} cannot be kept")


def _where(value: object, module: str, package: str) -> list[str]:
    """``[module, name]`` of the module-level name bound to ``value`` in ``module``, a module of the plugin."""
    if module.partition(".")[0] != package or module not in sys.modules:
        raise NotKept(f"{value!r} is not defined by the plugin")
    for name, bound in vars(sys.modules[module]).items():
        if bound is value:
            return [module, name]
    raise NotKept(f"{value!r} has no module-level name")


def _decode(value: Any, package: str) -> Any:
    if not isinstance(value, dict):
        return value
    (tag, body), = value.items()
    if tag == "w":
        phrase, category, meaning, cloud, params, words = body
        term = Term(phrase, category, meaning, cloud, tuple(_decode(pair, package) for pair in params["t"]))
        term.__dict__["key"] = tuple(words)  # Term.key is a cached property: the words read when it was written
        return term
    if tag == "c":  # most items: fields in order, most of them plain values
        return DATA_TYPES[body[0]](*[_decode(v, package) if isinstance(v, dict) else v for v in body[1:]])
    if tag in ("t", "l"):
        items = [_decode(v, package) if isinstance(v, dict) else v for v in body]
        return tuple(items) if tag == "t" else items
    if tag == "d":
        return {k: _decode(v, package) if isinstance(v, dict) else v for k, v in body.items()}
    if tag == "p":
        return Path(body)
    if tag == "re":
        return re.compile(body[0], body[1])
    if tag in ("m", "o") and str(body[0]).partition(".")[0] == package:
        return ModelRef(*body) if tag == "m" else getattr(importlib.import_module(body[0]), body[1])
    raise NotKept(f"unreadable item {tag!r}")


def _decoded(items: list[Any], package: str) -> list[Any]:
    return [_decode(item, package) for item in items]


def _same(original: Any, kept: Any) -> bool:
    """Whether ``kept`` (read back) is ``original``: equal values of the same types, a model as its reference."""
    if isinstance(kept, ModelRef):
        return kept.load() is original
    if type(original) is not type(kept):
        return False
    if isinstance(original, Term) and original.key != kept.key:
        return False
    if dataclasses.is_dataclass(original) and not isinstance(original, type):
        return all(_same(getattr(original, f.name), getattr(kept, f.name)) for f in dataclasses.fields(original))
    if isinstance(original, (tuple, list)):
        return len(original) == len(kept) and all(_same(a, b) for a, b in zip(original, kept, strict=True))
    if isinstance(original, dict):
        return original.keys() == kept.keys() and all(_same(original[k], kept[k]) for k in original)
    return bool(original is kept or original == kept)


# -- the stand-in ---------------------------------------------------------------------------------------------

def standin(ep: Any, snapshot: dict[str, Any]) -> types.ModuleType:
    """A module registered in the plugin's place: its registration hooks give the snapshot's items, its other hooks
    import the plugin on their first call and call it."""
    if snapshot.get("format") != FORMAT or snapshot["module"] != ep.module:
        raise NotKept("another format or module")
    package = str(snapshot["module"]).partition(".")[0]
    module = types.ModuleType(snapshot["module"], snapshot["doc"] or None)
    real = _Import(ep, set(snapshot["hooks"]))
    for hook in snapshot["hooks"]:
        if hook not in hookspecs.CALLS:
            raise NotKept(f"unknown hook {hook}")
        if hook in REGISTRATION_HOOKS:  # read now: a snapshot that does not read back is not used
            function = _replay(_decoded(snapshot["items"].get(hook, []), package))
        else:
            function = _forward(real, hook)
        setattr(module, hook, hookspecs.hookimpl(function))
    return module


def _replay(items: list[Any]) -> Callable[..., None]:
    def register_all(register: Callable[[Any], None]) -> None:
        for item in items:
            register(item)

    return register_all


def _forward(real: _Import, hook: str) -> Callable[..., Any]:
    spec = getattr(hookspecs, hook)
    names = list(inspect.signature(spec).parameters)

    def call(*args: Any) -> Any:
        function = getattr(real.module(), hook)
        given = dict(zip(names, args, strict=True))
        return function(**{name: given[name] for name in inspect.signature(function).parameters if name in given})

    call.__wrapped__ = spec  # type: ignore[attr-defined]  # pluggy reads the hook's arguments from the spec
    call.__name__ = call.__qualname__ = hook
    return call


class _Import:
    """The plugin behind a stand-in, imported once (by the first hook called)."""

    def __init__(self, ep: Any, hooks: set[str]) -> None:
        self.ep, self.hooks, self._module = ep, hooks, None
        self._lock = threading.Lock()

    def module(self) -> Any:
        with self._lock:
            if self._module is None:
                try:
                    module = self.ep.load()
                except Exception as exc:  # a broken plugin must not crash the CLI with a traceback
                    raise PluginError(f"plugin {self.ep.name!r} failed to load: {type(exc).__name__}: {exc}") from exc
                found = {n for n in dir(module) if n.startswith("iacf_") and hasattr(getattr(module, n), _MARK)}
                if found != self.hooks:
                    raise PluginError(f"plugin {self.ep.name!r} implements other hooks than its snapshot says; run "
                                      f"the command again (set {SWITCH_ENV}=0 if this persists)")
                self._module = module
            return self._module


# -- core's own terms -------------------------------------------------------------------------------------------

def kept_terms(name: str, build: Callable[[], list[Term]]) -> list[Term]:
    """The terms ``build`` makes from core's own files (its vocabulary: 1,300 terms), kept like a plugin's
    snapshot, for the same installed core and Python, and read back instead of built (with their words). Built
    when snapshots are off, core is editable, or the kept file cannot be read; kept only when it reads back
    equal."""
    core = _core_record() if loader() is not None else None
    folder = optional_cache("plugins")
    if core is None or folder is None:
        return build()
    identity = hashlib.sha256(json.dumps([FORMAT, sys.version, core, name]).encode()).hexdigest()[:32]
    path = folder / f"core.{name}-{identity}.json"
    with contextlib.suppress(Exception):  # none yet, or unreadable: build them and keep them
        return _decoded(json.loads(path.read_bytes()), "iacf_core")
    terms = build()
    with contextlib.suppress(NotKept, OSError):
        encoded = [_encode(term, "iacf_core") for term in terms]
        if all(_same(a, b) for a, b in zip(terms, _decoded(encoded, "iacf_core"), strict=True)):
            _write(path, encoded)
    return terms


# -- which files a snapshot was made from -----------------------------------------------------------------------

@functools.cache
def _core_record() -> str | None:
    """The SHA-256 of core's installed record, None when core is not installed from a wheel (an editable install)."""
    package = Path(__file__).resolve().parent.parent
    infos = sorted(package.parent.glob("iacf_core-*.dist-info"))
    try:
        return _record_hash(infos[0]) if len(infos) == 1 else None
    except OSError:
        return None


def _record_hash(info: Path) -> str | None:
    direct = info / "direct_url.json"
    if direct.is_file() and json.loads(direct.read_text(encoding="utf-8")).get("dir_info", {}).get("editable"):
        return None
    return hashlib.sha256((info / "RECORD").read_bytes()).hexdigest()


def _fingerprint(ep: Any, core: str) -> str | None:
    dist = ep.dist
    if dist is None:
        return None
    try:
        direct = dist.read_text("direct_url.json")
        if direct and json.loads(direct).get("dir_info", {}).get("editable"):
            return None
        record = dist.read_text("RECORD")
    except (OSError, ValueError):
        return None
    if not record:
        return None
    # the record names the distribution and its version (its .dist-info folder) and hashes every installed file
    identity = [FORMAT, sys.version, core, ep.name, ep.value, str(dist.locate_file("")),
                hashlib.sha256(record.encode()).hexdigest()]
    return hashlib.sha256(json.dumps(identity).encode()).hexdigest()[:32]


def _write(path: Path, snapshot: dict[str, Any] | list[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
    partial.write_text(json.dumps(snapshot, sort_keys=True), encoding="utf-8")
    partial.replace(path)  # atomic: processes share the folder
    name = path.name.rpartition("-")[0]
    older = sorted(path.parent.glob(f"{name}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in older[KEPT:]:
        old.unlink(missing_ok=True)
