"""The subscription baseline kind: activity log to Log Analytics, Defender for Cloud plans and security contact,
the Microsoft cloud security benchmark as Azure Policy (added by governance, unless provided)."""

from __future__ import annotations

from iacf_core import KindSpec

SPEC = KindSpec(
    name="subscription_baseline", default_id="subscription",
    description="Activity log, Defender for Cloud plans and contact, benchmark policy (added by governance).",
    modules=("subscription_baseline",),
    controls=("audit-trail", "threat-detection", "posture-management", "config-recording"),
    internal=True,
)
