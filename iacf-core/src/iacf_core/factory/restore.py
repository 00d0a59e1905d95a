"""Publishing a module straight from a generated project: what the project left out comes back from the
release the module came from.

A project vendors only what runs: a module's Terraform files and README (and ``iacf-module.yaml`` when the
factory provided it). ``generate`` records in ``.iacf/manifest.json``, for each folder of ``modules/``, the
cloud, the content hash of the files as generated and, when the factory provided them, the release tag. For a
folder ``<project>/modules/<name>``, ``iacf publish`` finds that release (by tag, by the module's own manifest,
or by the recorded hash) and adds what the folder lacks: ``examples/``, ``tests/`` and ``iacf-module.yaml``
from it, and the CHANGELOG of the module's newest release, which the new entry extends. The folder's own files
always win; nothing is written into the project.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..toolkit.modules import MANIFEST, FactoryError, Release, content_hash, load_manifest, newest, parse_version
from ..toolkit.validation.static import load_manifest as load_project_manifest
from .backends import Backend

CHANGELOG = "CHANGELOG.md"
RESTORED_FOLDERS = ("examples/", "tests/")


@dataclass
class Restored:
    """What was added to a module folder before publishing it, and from which release."""

    origin: Release
    exact: bool  # the folder was vendored from ``origin``; False: no release matches, the newest is the base
    files: dict[str, str]

    def summary(self) -> str:
        paths = sorted({p.split("/")[0] + ("/" if "/" in p else "") for p in self.files})
        how = "the release it was vendored from" if self.exact else "the newest release (none matches the module " \
                                                                    "as generated)"
        return f"restored {', '.join(paths)} from {self.origin.tag}, {how}"


def lacks(files: dict[str, str]) -> list[str]:
    """What a vendored module folder lacks to be published (the restorable part of the structure checks)."""
    missing = [name for name in (CHANGELOG, MANIFEST) if name not in files]
    if not any(p.startswith("examples/basic/") and p.endswith(".tf") for p in files):
        missing.append("examples/basic/*.tf")
    if not any(p.startswith("tests/") and p.endswith(".tftest.hcl") for p in files):
        missing.append("tests/*.tftest.hcl")
    return missing


def project_record(module_dir: Path) -> tuple[str | None, dict[str, Any]]:
    """The project's cloud and its vendoring record of ``module_dir``, when the folder is
    ``<project>/modules/<name>`` of a generated project."""
    folder = module_dir.resolve()
    if folder.parent.name != "modules":
        return None, {}
    manifest = load_project_manifest(folder.parent.parent) or {}
    spec = manifest.get("spec")
    cloud = spec.get("cloud") if isinstance(spec, dict) else None
    records = manifest.get("modules")
    record = records.get(folder.name) if isinstance(records, dict) else None
    return (cloud if isinstance(cloud, str) else None), (record if isinstance(record, dict) else {})


def origin_of(name: str, cloud: str | None, files: dict[str, str], record: dict[str, Any],
            backend: Backend) -> tuple[Release | None, bool, str]:
    """The release the folder came from (exact), else the module's newest release (not exact)."""
    if MANIFEST in files:
        own = load_manifest(files[MANIFEST], f"{name}/{MANIFEST}")
        name, cloud = own.name, own.cloud
        record = {**record, "release": record.get("release") or f"{own.cloud}-{own.name}-v{own.version}"}
    if cloud is None:
        return None, False, (f"{name} is not a module folder of a generated project (no .iacf/manifest.json in "
                             "the folder above modules/) and has no iacf-module.yaml")
    releases = sorted((r for r in backend.releases() if (r.cloud, r.name) == (cloud, name)),
                      key=lambda r: parse_version(r.version), reverse=True)
    if not releases:
        return None, False, f"the factory has no release of {cloud}/{name}"
    tagged = next((r for r in releases if r.tag == record.get("release")), None)
    if tagged is not None:
        return tagged, True, ""
    recorded = record.get("hash")
    if isinstance(recorded, str):
        for rel in releases:
            if content_hash(backend.release_files(rel)) == recorded:
                return rel, True, ""
    return releases[0], False, ""


def restore(module_dir: Path, files: dict[str, str], backend: Backend) -> tuple[Restored | None, str]:
    """What to add to ``files`` (the folder's) before publishing, or None and why nothing can be restored."""
    if not lacks(files):
        return None, ""
    cloud, record = project_record(module_dir)
    try:
        origin, exact, why = origin_of(module_dir.resolve().name, cloud, files, record, backend)
    except FactoryError as exc:
        return None, exc.message
    if origin is None:
        return None, why
    old = backend.release_files(origin)
    added = {p: c for p, c in old.items()
             if p not in files and (p.startswith(RESTORED_FOLDERS) or p == MANIFEST)}
    if CHANGELOG not in files:
        latest = newest([r for r in backend.releases() if r.key == origin.key])[origin.key]
        added[CHANGELOG] = backend.release_file(latest, CHANGELOG) or old.get(CHANGELOG) or "# Changelog\n"
    return Restored(origin=origin, exact=exact, files=dict(sorted(added.items()))), ""
