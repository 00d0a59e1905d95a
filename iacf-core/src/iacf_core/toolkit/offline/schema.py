"""Provider schemas extracted once from a CDK binding package, cached under the user cache folder.

``build_schema("azurerm")`` downloads the pinned binding wheel, extracts every resource, data source, ephemeral
resource and the provider block into ``schema.json`` (the shape of ``terraform providers schema -json``, so
anything that reads the real provider's schema reads this one), and stores next to it the protobuf answers the
schema-only provider serves. The folder is keyed by package version and extractor format; later calls only read.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..tools import cache_dir
from . import wire
from .cdk_source import SourceError, parse_source
from .packages import PackageError, SchemaPackage, download_wheel, package_for, read_wheel

Json = dict[str, Any]
Progress = Callable[[str], None]

# bump when the extraction changes what it writes: cached schemas of an older format are rebuilt
SCHEMA_FORMAT = 3
_SECTION_OF = {
    "TerraformResource": "resource_schemas",
    "TerraformDataSource": "data_source_schemas",
    "TerraformEphemeralResource": "ephemeral_resource_schemas",
}


class SchemaError(RuntimeError):
    """A provider schema cannot be built or read."""


@dataclass(frozen=True)
class ProviderSchema:
    """A built schema: which provider and release it describes, where its files are, what the build found."""

    provider: str
    source: str
    version: str
    package: SchemaPackage
    directory: Path
    meta: Json

    @property
    def schema_path(self) -> Path:
        return self.directory / "schema.json"

    @property
    def opaque(self) -> dict[str, dict[str, list[str]]]:
        """``section → type → paths`` of arguments the binding typed ``any`` (their structure is unknown)."""
        found: dict[str, dict[str, list[str]]] = self.meta.get("opaque", {})
        return found

    def load(self) -> Json:
        """This provider's section of ``providers schema -json``: provider, resource and data source schemas."""
        data = json.loads(self.schema_path.read_text(encoding="utf-8"))
        section: Json = data["provider_schemas"][self.source]
        return section


def types_with_argument(document: Json, argument: str, section: str = "resource_schemas") -> set[str]:
    """The types, in any ``terraform providers schema -json`` document (a real provider's or a built one), whose
    top-level block has ``argument`` — e.g. ``tags`` for the tag gate, ``labels`` on google."""
    found = set()
    for provider in document.get("provider_schemas", {}).values():
        for type_name, schema in (provider.get(section) or {}).items():
            if argument in schema.get("block", {}).get("attributes", {}):
                found.add(type_name)
    return found


def schema_root() -> Path:
    return cache_dir() / "provider-schemas"


def _folder(package: SchemaPackage) -> Path:
    return schema_root() / f"{package.distribution}-{package.version}-f{SCHEMA_FORMAT}"


def cached_schema(name: str) -> ProviderSchema | None:
    """The schema of a provider when it has been built already, else None."""
    package = package_for(name)
    folder = _folder(package)
    meta_path = folder / "meta.json"
    if not meta_path.is_file():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return ProviderSchema(meta["provider"], meta["source"], meta["provider_version"], package, folder, meta)


def build_schema(name: str, *, wheel: Path | None = None, force: bool = False,
                 progress: Progress = lambda _msg: None) -> ProviderSchema:
    """The schema of provider ``name`` (``aws``, ``azurerm``, ``google`` or ``provider=dist==version``), built
    on first use and read from the cache afterwards. Raises :class:`SchemaError`."""
    try:
        package = package_for(name)
    except PackageError as exc:
        raise SchemaError(str(exc)) from None
    found = None if force else cached_schema(name)
    if found is not None:
        return found
    folder = _folder(package)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with _lock(folder.parent / f".{folder.name}.lock"):
        found = None if force else cached_schema(name)  # another process may have built it meanwhile
        if found is not None:
            return found
        with tempfile.TemporaryDirectory(prefix=".build-", dir=folder.parent) as tmp:
            started = time.monotonic()
            try:
                if wheel is None:
                    progress(f"downloading {package.requirement}")
                    wheel = download_wheel(package, Path(tmp) / "wheel")
                progress(f"extracting the provider schema from {wheel.name}")
                schema, meta = extract(wheel, package)
            except (PackageError, SourceError) as exc:
                raise SchemaError(str(exc)) from None
            meta["build_seconds"] = round(time.monotonic() - started, 1)
            stage = Path(tmp) / "out"
            _write(stage, schema, meta)
            for stale in folder.parent.glob(f"{package.distribution}-{package.version}-f*"):
                shutil.rmtree(stale, ignore_errors=True)  # this build, or an older extractor format's
            stage.rename(folder)
    built = cached_schema(name)
    if built is None:
        raise SchemaError(f"the schema of {name} was built but cannot be read back from {folder}")
    return built


def extract(wheel: Path, package: SchemaPackage) -> tuple[Json, Json]:
    """``(providers schema -json document, build facts)`` from a binding wheel."""
    assembly, modules = read_wheel(wheel)
    by_module: dict[str, list[str]] = {}
    for entry in assembly.entries:
        by_module.setdefault(entry.module, []).append(entry.class_name)
    section: Json = {"provider": None, **{s: {} for s in _SECTION_OF.values()}}
    opaque: dict[str, dict[str, list[str]]] = {}
    notes: list[str] = []
    seen = set()
    for module, texts in modules:
        for class_name in by_module.get(module, []):
            parsed = parse_source(texts, class_name)
            seen.add((module, class_name))
            notes += [f"{parsed.type_name}: {n}" for n in parsed.notes]
            schema: Json = {"version": 0, "block": parsed.block}  # the binding does not carry schema versions
            if parsed.base == "TerraformProvider":
                section["provider"] = schema
                continue
            kind = _SECTION_OF[parsed.base]
            section[kind][parsed.type_name] = schema
            if parsed.opaque:
                opaque.setdefault(kind, {})[parsed.type_name] = sorted(parsed.opaque)
    missing = [f"{m}:{c}" for m, classes in sorted(by_module.items()) for c in classes if (m, c) not in seen]
    if missing or section["provider"] is None:
        raise SchemaError(f"{wheel.name}: classes of the assembly not found in its modules: "
                          f"{', '.join(missing[:5]) or 'the provider class'}")
    source = f"registry.terraform.io/{assembly.namespace}/{assembly.provider}"
    document = {"format_version": "1.0", "provider_schemas": {source: section}}
    meta: Json = {
        "provider": assembly.provider, "source": source, "provider_version": assembly.provider_version,
        "package": package.distribution, "package_version": package.version, "format": SCHEMA_FORMAT,
        "counts": {k: len(section[k]) for k in _SECTION_OF.values()},
        "opaque": opaque, "notes": sorted(notes),
    }
    return document, meta


def _write(stage: Path, document: Json, meta: Json) -> None:
    stage.mkdir(parents=True)
    text = json.dumps(document, sort_keys=True, separators=(",", ":"))
    (stage / "schema.json").write_text(text + "\n", encoding="utf-8")
    provider = next(iter(document["provider_schemas"].values()))
    (stage / "provider-schema.pb").write_bytes(wire.provider_schema_response(provider))
    (stage / "metadata.pb").write_bytes(wire.metadata_response(provider))
    meta["schema_bytes"] = len(text) + 1
    (stage / "meta.json").write_text(json.dumps(meta, sort_keys=True, indent=1) + "\n", encoding="utf-8")


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    """One builder at a time across processes (parallel test workers share the cache)."""
    try:
        import fcntl
    except ImportError:  # no advisory locks: concurrent builders only repeat the same work
        yield
        return
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
