"""Which installed clouds a Terraform folder uses, so that ``iacf validate DIR`` reaches their plugins only."""

from __future__ import annotations

from pathlib import Path

from ...kernel.registry import Registry
from ..hcl import HclError, blocks, load_file, tf_files
from .static import load_manifest


def folder_clouds(root: Path, registry: Registry) -> list[str]:
    """The clouds of ``root``, sorted: the one its ``.iacf/manifest.json`` names, and every installed cloud whose
    Terraform provider (``CloudInfo.provider``) it configures in a ``provider`` block or whose resource types
    (``<provider>_...``) it declares."""
    found: set[str] = set()
    spec = (load_manifest(root) or {}).get("spec")
    if isinstance(spec, dict) and spec.get("cloud") in registry.clouds:
        found.add(spec["cloud"])
    by_provider = {info.provider.name: name for name, info in registry.clouds.items() if info.provider is not None}
    for path in tf_files(root):
        if len(found) == len(registry.clouds):
            break
        try:
            doc = load_file(path)
        except (HclError, UnicodeDecodeError):
            continue  # reported by the core HCL gate
        for block in blocks(doc, path, "provider", 1):
            if block.labels[0] in by_provider:
                found.add(by_provider[block.labels[0]])
        for block in blocks(doc, path, "resource", 2):
            prefix = block.labels[0].split("_", 1)[0]
            if prefix in by_provider:
                found.add(by_provider[prefix])
    return sorted(found)
