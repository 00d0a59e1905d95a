"""The project baseline kind on Google Cloud (added by governance): audit logs, SCC, asset feed, organization
policies, budget."""

from __future__ import annotations

from iacf_core import KindSpec

SPEC = KindSpec(
    name="project_baseline", default_id="governance", description="Project governance baseline: Cloud Audit Logs "
    "to a locked bucket, Security Command Center notifications, asset feed, organization policies, budget.",
    modules=("baseline",), internal=True,
    controls=("audit-trail", "data-access-logging", "log-retention", "threat-detection", "posture-management",
              "config-recording", "budget", "public-access-block"),
)
