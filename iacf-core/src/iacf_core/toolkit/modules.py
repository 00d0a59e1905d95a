"""The factory layout: ``modules/<cloud>/<name>/`` with ``iacf-module.yaml``, release tags, versions, hashes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..kernel.errors import IacfError
from ..kernel.registry import FactoryModuleSource as FactoryModuleSource  # re-exported: where the factory reads it

MANIFEST = "iacf-module.yaml"
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
SEMVER_RE = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
TAG_RE = re.compile(r"^(?P<cloud>[a-z][a-z0-9]*)-(?P<name>[a-z][a-z0-9_]*)-v(?P<version>\d+\.\d+\.\d+)$")
# what a project vendors of a module, and what the content hash covers
VENDORED_SUFFIXES = (".tf",)


class FactoryError(IacfError):
    """A factory operation was refused (bad module, identical version, unknown PR...). Exit code 2."""


class ModuleManifest(BaseModel):
    """``iacf-module.yaml``: what a factory module is and provides."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str
    cloud: str
    version: str
    provides: list[str] = Field(default_factory=lambda: [], description="Component kinds this module implements.")
    description: str = ""
    interface: dict[str, Any] = Field(default_factory=lambda: {}, description="Inputs and outputs summary.")

    def dump(self) -> str:
        import yaml

        return str(yaml.safe_dump(self.model_dump(mode="json"), sort_keys=True, allow_unicode=True, width=120))

    @property
    def key(self) -> str:
        return f"{self.cloud}/{self.name}"


def load_manifest(text: str, where: str) -> ModuleManifest:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FactoryError(f"{where}: not valid YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(data, dict):
        raise FactoryError(f"{where}: must hold a mapping (name, cloud, version, provides)")
    try:
        manifest = ModuleManifest.model_validate(data)
    except ValueError as exc:
        from ..kernel.errors import first_validation_error

        raise FactoryError(f"{where}: {first_validation_error(exc)}") from exc
    if not NAME_RE.match(manifest.name):
        raise FactoryError(f"{where}: name {manifest.name!r} must be lower-case letters, digits and _")
    if not re.match(r"^[a-z][a-z0-9]*$", manifest.cloud):
        raise FactoryError(f"{where}: cloud {manifest.cloud!r} must be lower-case letters and digits")
    return manifest


@dataclass(frozen=True)
class Release:
    """A released module version: tag ``<cloud>-<name>-v<version>``."""

    cloud: str
    name: str
    version: str
    files: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def tag(self) -> str:
        return tag_name(self.cloud, self.name, self.version)

    @property
    def key(self) -> str:
        return f"{self.cloud}/{self.name}"


def tag_name(cloud: str, name: str, version: str) -> str:
    return f"{cloud}-{name}-v{version}"


def branch_name(cloud: str, name: str, version: str) -> str:
    return f"publish/{tag_name(cloud, name, version)}"


def module_path(cloud: str, name: str) -> str:
    return f"modules/{cloud}/{name}"


def parse_version(version: str) -> tuple[int, int, int]:
    match = SEMVER_RE.match(version)
    if not match:
        raise FactoryError(f"version {version!r} is not MAJOR.MINOR.PATCH")
    return int(match[1]), int(match[2]), int(match[3])


def bump_version(version: str, bump: str) -> str:
    major, minor, patch = parse_version(version)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise ValueError(bump)


def parse_tag(tag: str) -> tuple[str, str, str] | None:
    match = TAG_RE.match(tag)
    return (match["cloud"], match["name"], match["version"]) if match else None


def newest(releases: list[Release]) -> dict[str, Release]:
    """The newest release of each module, by ``cloud/name``."""
    best: dict[str, Release] = {}
    for rel in releases:
        current = best.get(rel.key)
        if current is None or parse_version(rel.version) > parse_version(current.version):
            best[rel.key] = rel
    return best


def vendored(files: dict[str, str]) -> dict[str, str]:
    """The files a project vendors from a module: its top-level Terraform files and its manifest."""
    return {p: c for p, c in files.items() if "/" not in p and (p.endswith(VENDORED_SUFFIXES) or p == MANIFEST)}


def content_hash(files: dict[str, str]) -> str:
    """sha256 of a module's top-level Terraform files (names and contents): what a project runs."""
    digest = hashlib.sha256()
    for path in sorted(files):
        if "/" in path or not path.endswith(VENDORED_SUFFIXES):
            continue
        digest.update(path.encode() + b"\0" + files[path].replace("\r\n", "\n").encode() + b"\0")
    return digest.hexdigest()
