"""``iacf preflight DIR``: find the project's cloud, hand the read-only account check to that cloud's plugin, print.

Core knows no cloud: the ``iacf_preflight`` hook of the cloud plugin reads the target account and returns a
:class:`~iacf_core.models.PreflightReport`; this module only renders it (text, or the ``--json`` document).
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from .models import PreflightReport, Singleton


def policy_toml(report: PreflightReport) -> str:
    """The ``[account_baseline]`` section that leaves the colliding controls to their owner, or ``""``."""
    if not report.collisions or not any(s.provided for s in report.collisions):
        return ""
    listed = ", ".join(json.dumps(p) for p in report.provided)
    return f"[account_baseline]\nmode = \"project\"\nprovided = [{listed}]\n"


def to_json(report: PreflightReport, directory: str) -> dict[str, Any]:
    code = 0 if report.ok else 1
    return {"ok": report.ok, "exit_code": code, "directory": directory,
            **report.model_dump(mode="json"), "imports_hcl": report.imports_hcl(),
            "policy_toml": policy_toml(report)}


def _status(s: Singleton) -> str:
    if s.collides:
        return "COLLIDES"
    if s.status == "exists":
        return "exists" if s.created_by_project else "provided"
    if s.status == "unknown":
        return "unknown"
    return "absent" if s.created_by_project else "MISSING"


def print_report(report: PreflightReport, out: TextIO) -> None:
    w = out.write
    where = f" on {report.endpoint}" if report.endpoint else ""
    owner = "created by this project" if report.baseline == "project" else "provided by the account's owner"
    w(f"Preflight of account {report.account}, region {report.region}{where} (cloud {report.cloud}); "
      f"account baseline {owner}\n")
    for s in report.singletons:
        found = f": {', '.join(s.found)}" if s.found else ""
        w(f"  {_status(s):<9} {s.title} ({s.scope}, control {s.control}){found}\n")
        if s.collides and s.effect:
            w(f"            {s.effect}\n")
        if s.note and (s.collides or s.status == "unknown" or not s.created_by_project):
            w(f"            {s.note}\n")
    missing = [s for s in report.singletons if not s.created_by_project and s.status == "absent"]
    if missing:
        w(f"Warning: {len(missing)} singleton(s) the project leaves to the account's owner do not exist: "
          "their controls are implemented by nobody.\n")
    if report.ok:
        w("Result: nothing collides (exit code 0)\n")
        return
    w(f"\n{len(report.collisions)} singleton(s) already exist. Adopt them: add these blocks to imports.tf, then "
      "`terraform plan` must show them imported and updated in place, never replaced:\n\n")
    w(report.imports_hcl())
    toml = policy_toml(report)
    if toml:
        w("\nor leave them to their owner: in iacf.toml, then regenerate the project:\n\n")
        w(toml)
    w(f"\nResult: {len(report.collisions)} collision(s) (exit code 1)\n")
