"""``iacf preflight DIR``: find the project's cloud, hand the read-only account check to that cloud's plugin, print.

Core knows no cloud: the ``iacf_preflight`` hook of the cloud plugin reads the target account and returns a
:class:`~iacf_core.PreflightReport`; this module derives the policy section from it. The text is printed by
:func:`iacf_core.app.human.print_preflight`, the ``--json`` document is :class:`iacf_core.app.outputs.PreflightOutput`.
"""

from __future__ import annotations

import json

from ..kernel.reports import PreflightReport


def policy_toml(report: PreflightReport) -> str:
    """The ``[account_baseline]`` section that leaves the colliding controls to their owner, or ``""``."""
    if not report.collisions or not any(s.provided for s in report.collisions):
        return ""
    listed = ", ".join(json.dumps(p) for p in report.provided)
    return f"[account_baseline]\nmode = \"project\"\nprovided = [{listed}]\n"
