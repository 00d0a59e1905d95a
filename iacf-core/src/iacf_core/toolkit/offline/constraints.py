"""Provider version constraints of a configuration, and pinning them to the version of a schema-only provider.

A schema package may bind a release the configuration excludes (the last aws 5.x binding is 5.99.1, generated
AWS code asks for >= 5.100.0). For the run only, an override file (``*_override.tf``, merged by Terraform per
provider) pins the constraint to the stub's version, and the report says so.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..hcl import HclError, load_file, tf_files

OVERRIDE_FILE = "iacf_offline_override.tf"
_CLAUSE = re.compile(r"^\s*(=|!=|>=|<=|>|<|~>)?\s*v?([0-9]+(?:\.[0-9]+){0,2})(?:[-+][0-9A-Za-z.-]*)?\s*$")


def _parts(version: str) -> tuple[int, int, int]:
    """``major, minor, patch`` of a version (missing parts are 0; pre-release and build suffixes ignored)."""
    nums = [int(x) for x in re.findall(r"[0-9]+", re.split(r"[-+]", version)[0])][:3] + [0, 0, 0]
    return nums[0], nums[1], nums[2]


def allows(constraint: str, version: str) -> bool:
    """Whether a Terraform version constraint (``">= 5.100.0, < 6.0.0"``, ``"~> 4.0"``) admits ``version``."""
    have = _parts(version)
    for clause in (c for c in constraint.split(",") if c.strip()):
        match = _CLAUSE.match(clause)
        if match is None:
            raise ValueError(f"unreadable version constraint {constraint!r}")
        op, want_text = match.group(1) or "=", match.group(2)
        want = _parts(want_text)
        if op == "~>":
            depth = want_text.count(".")
            upper = (want[0] + 1, 0, 0) if depth <= 1 else (want[0], want[1] + 1, 0)
            ok = want <= have < upper
        else:
            ok = {"=": have == want, "!=": have != want, ">": have > want, ">=": have >= want,
                  "<": have < want, "<=": have <= want}[op]
        if not ok:
            return False
    return True


def _requirements(folder: Path) -> dict[str, dict[str, Any]]:
    """``local name → {source, version}`` of the ``required_providers`` of one module folder."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.tf")):
        try:
            data = load_file(path)
        except HclError:
            continue  # terraform reports unparsable files itself
        for terraform in data.get("terraform", []):
            for block in terraform.get("required_providers", []):
                for name, req in block.items():
                    if isinstance(req, dict):
                        found[name] = req
    return found


def _address(local_name: str, source: str | None) -> str:
    parts = (source or f"hashicorp/{local_name}").lower().split("/")
    if len(parts) == 2:
        parts = ["registry.terraform.io", *parts]
    return "/".join(parts)


def pin_versions(root: Path, versions: dict[str, str]) -> list[str]:
    """Write override files pinning every constraint that excludes a stub's version (``versions``: provider
    address → version) in every module folder under ``root``. Returns one note per pinned constraint."""
    notes = []
    folders = sorted({p.parent for p in tf_files(root)})
    for folder in folders:
        pins = []
        for name, req in sorted(_requirements(folder).items()):
            address = _address(name, req.get("source"))
            constraint = req.get("version")
            if address not in versions or not isinstance(constraint, str):
                continue
            if allows(constraint, versions[address]):
                continue
            pins.append((name, req.get("source") or f"hashicorp/{name}", versions[address]))
            rel = folder.relative_to(root).as_posix()
            notes.append(f"{rel}: {name} constraint {constraint!r} excludes the schema's {versions[address]}; "
                         f"pinned to {versions[address]} for this run")
        if pins:
            body = "".join(f'    {n} = {{\n      source  = "{s}"\n      version = "{v}"\n    }}\n' for n, s, v in pins)
            text = "terraform {\n  required_providers {\n" + body + "  }\n}\n"
            (folder / OVERRIDE_FILE).write_text(text, encoding="utf-8")
    return notes
