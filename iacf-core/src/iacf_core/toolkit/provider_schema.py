"""A provider's schema, from wherever this machine has it: the real provider through ``terraform providers schema
-json`` when a mirror holds it, else the schema-only provider's extracted schema (:mod:`.offline`).

Gates ask it questions such as "which resource types have a ``tags`` argument" (``labels`` on google). Answers
from the real provider are cached per provider release under the user cache folder.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .tools import cache_dir, run, terraform_setup

Json = dict[str, Any]


@dataclass(frozen=True)
class SchemaAnswer:
    """Resource types with an argument, and which schema said so (the real provider, or offline)."""

    types: frozenset[str]
    origin: str


def _mirror_versions(source: str) -> list[str]:
    """Versions of ``source`` (``registry.terraform.io/hashicorp/aws``) in the machine's provider mirror."""
    setup = terraform_setup()
    if setup is None or setup.mirror is None:
        return []
    folder = setup.mirror / source
    names = [p.name for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
    return sorted(names, key=lambda v: [int(n) if n.isdigit() else -1 for n in re.split(r"[.+-]", v)])


def _real_schema(source: str, version: str) -> Json | None:
    """``terraform providers schema -json`` of one release in the mirror, or None when it cannot run."""
    setup = terraform_setup()
    if setup is None:
        return None
    _host, namespace, name = source.split("/")
    with tempfile.TemporaryDirectory(prefix="iacf-schema-") as tmp:
        (Path(tmp) / "versions.tf").write_text(
            f'terraform {{\n  required_providers {{\n    {name} = {{\n      source  = "{namespace}/{name}"\n'
            f'      version = "{version}"\n    }}\n  }}\n}}\n', encoding="utf-8")
        if run([setup.executable, "init", "-backend=false", "-input=false", "-no-color"], Path(tmp),
               setup.env).returncode != 0:
            return None
        proc = run([setup.executable, "providers", "schema", "-json"], Path(tmp), setup.env)
        if proc.returncode != 0:
            return None
        try:
            document: Json = json.loads(proc.stdout)
        except json.JSONDecodeError:
            return None
        return document


def resource_types_with(provider: str, source: str, argument: str) -> SchemaAnswer | None:
    """The resource types of ``provider`` (local name, e.g. ``azurerm``; ``source`` its registry address) whose
    schema has ``argument``: from the real provider when the mirror holds it, else from the offline schema
    (built on first use). None when neither is available."""
    # the offline schema package is imported when a gate asks, not when a plugin imports this module
    from .offline.schema import SchemaError, build_schema, types_with_argument

    versions = _mirror_versions(source)
    if versions:
        version = versions[-1]
        cached = cache_dir() / "provider-schemas" / f"real-{source.replace('/', '_')}-{version}-{argument}.json"
        if cached.is_file():
            return SchemaAnswer(frozenset(json.loads(cached.read_text(encoding="utf-8"))),
                                f"{provider} {version} (terraform providers schema)")
        document = _real_schema(source, version)
        if document is not None:
            found = sorted(types_with_argument(document, argument))
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".tmp")
            partial.write_text(json.dumps(found), encoding="utf-8")
            partial.replace(cached)  # atomic: parallel gates share the cache
            return SchemaAnswer(frozenset(found), f"{provider} {version} (terraform providers schema)")
    try:
        schema = build_schema(provider)
    except SchemaError:
        return None
    types = types_with_argument(json.loads(schema.schema_path.read_text(encoding="utf-8")), argument)
    return SchemaAnswer(frozenset(types), f"{provider} {schema.version} (provider schema, offline)")
