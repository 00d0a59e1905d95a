"""The load balancer kind: the internet-facing ALB a web application gets (added by its rules)."""

from __future__ import annotations

from iacf_core import KindSpec, Stack

from ..sizing import retention_days


def resolve(stack: Stack) -> None:
    """Load balancers keep their logs as long as the other log groups."""
    for edge in stack.by_kind("load_balancer"):
        edge.params["retention_days"] = retention_days(stack)


SPEC = KindSpec(
    name="load_balancer", default_id="edge",
    description="Application Load Balancer with HTTPS, WAF and access logs (added for web apps).",
    modules=("alb", "acm_certificate", "waf", "s3_bucket"), resolve=resolve,
    controls=("default-encryption", "log-retention", "least-privilege", "public-access-block",
              "web-application-firewall"),
    internal=True, sizing="load_balancer",
)
