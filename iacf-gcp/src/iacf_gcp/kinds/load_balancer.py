"""The load balancer kind on Google Cloud (added by web applications): HTTPS, managed certificate, Cloud Armor."""

from __future__ import annotations

from iacf_core import Decision, KindSpec, Stack

from ..sizing import env_defaults


def resolve(stack: Stack) -> None:
    for lb in stack.by_kind("load_balancer"):
        size = env_defaults("load_balancer", stack)
        domain = stack.spec.domain_name or f"{stack.spec.project}.example.com"
        lb.params = {**size, **lb.params, "domains": [domain], "internet_facing": True,
                     "placeholder_domain": stack.spec.domain_name is None}
        stack.decide(Decision(
            id=f"gcp.{lb.id}.armor",
            title=f"Cloud Armor: OWASP CRS 3.3 rules, CVE canary, {size['rate_limit_per_minute']} requests per "
                  "minute per client IP, adaptive protection",
            why="The preconfigured WAF rule sets block SQL injection, XSS, file inclusion, code execution, scanners "
                "and protocol attacks at sensitivity 1 (few false positives); the CVE canary blocks Log4Shell; a "
                "client above the rate is answered 429 and banned five minutes; adaptive protection flags L7 "
                "floods. Request logs are kept at 100 %.",
            rule="web-application-firewall", trigger=stack.env_trigger, components=[lb.id],
            alternatives=["no WAF", "rules in preview only (logs without blocking)"]))
        stack.decide(Decision(
            id=f"gcp.{lb.id}.tls",
            title=f"Google-managed certificate for {domain}, TLS 1.2+ (MODERN), HTTP redirected to HTTPS",
            why="The certificate renews itself; it is issued once the domain's A record points at the load "
                "balancer's address (README)." + (" The domain is a placeholder: set the real one in "
                                                  "iacf.auto.tfvars." if lb.params["placeholder_domain"] else ""),
            rule="default-encryption", trigger="spec domain_name" if stack.spec.domain_name else "no domain stated",
            components=[lb.id], alternatives=["a self-managed certificate (renewals by hand)"]))


SPEC = KindSpec(
    name="load_balancer", default_id="lb", description="Global external HTTPS load balancer with Cloud Armor.",
    words=("cloud load balancing",), modules=("https_lb",), resolve=resolve,
    controls=("web-application-firewall",), internal=True, sizing="load_balancer",
)
