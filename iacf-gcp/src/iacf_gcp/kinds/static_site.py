"""The static site kind on Google Cloud: a Cloud Storage bucket published by Cloud CDN through a backend bucket,
behind the global external HTTPS load balancer and a Cloud Armor edge security policy; each default is a recorded
decision.

A backend bucket serves only publicly readable objects, so the site bucket is the one public bucket of the stack;
the project then cannot enforce ``storage.publicAccessPrevention`` itself, and every other bucket enforces it at
bucket level (gate ``gcp-public-buckets``).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from pydantic import Field

from iacf_core import Component, Decision, KindParams, KindSpec, Stack, named, problem, stated_trigger

from ..sizing import described, env_defaults, retention_days

FILE_NAME = r"^[A-Za-z0-9._-]{1,100}$"


class GcpStaticSiteParams(KindParams):
    """On Google Cloud: a Cloud Storage bucket served by Cloud CDN behind the HTTPS load balancer."""

    spa: bool | None = Field(
        default=None, description="Single-page application: an unknown path serves index_document with status 200 "
                                  "(false: a missing file answers error_document with status 404). "
                                  + described("static_site", "spa"))
    index_document: str | None = Field(
        default=None, pattern=FILE_NAME, description="File served for a directory path. Default: index.html.")
    error_document: str | None = Field(
        default=None, pattern=FILE_NAME, description="File served with status 404 for a missing file. "
                                                     "Default: 404.html.")
    cache_ttl_seconds: int | None = Field(
        default=None, ge=0, le=86400,
        description="Seconds Cloud CDN and browsers keep a file that sets no Cache-Control (0 to 86400). "
                    + described("static_site", "default_ttl"))
    blocked_countries: list[str] | None = Field(
        default=None, max_length=5,
        description="Two-letter region codes (ISO 3166-1) the edge security policy answers with 403 (at most 5).")
    blocked_ip_ranges: list[str] | None = Field(
        default=None, max_length=10,
        description="Address ranges (CIDR) the edge security policy answers with 403 (at most 10).")
    price_class: str | None = Field(
        default=None, description="Not on Google Cloud: Cloud CDN serves from every edge location, with no price "
                                  "class.")
    rate_limit_per_minute: int | None = Field(
        default=None, description="Not for a static site on Google Cloud: Cloud Armor edge security policies, the "
                                  "ones a backend bucket takes, have no rate limiting.")

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.price_class is not None:
            problems.append(problem("price_class", self.price_class, "Cloud CDN serves from every edge location "
                                                                     "and has no price class"))
        if self.rate_limit_per_minute is not None:
            problems.append(problem("rate_limit_per_minute", self.rate_limit_per_minute,
                                    "Cloud Armor edge security policies (the ones a backend bucket takes) have no "
                                    "rate limiting"))
        for code in self.blocked_countries or []:
            if len(code) != 2 or not code.isalpha() or not code.isupper():
                problems.append(problem("blocked_countries", code, "a region code is two uppercase letters (FR)"))
        for cidr in self.blocked_ip_ranges or []:
            try:
                ipaddress.ip_network(cidr, strict=True)
            except ValueError:
                problems.append(problem("blocked_ip_ranges", cidr, "expected a CIDR range such as 203.0.113.0/24"))
        return problems


def resolve(stack: Stack) -> None:
    for site in stack.by_kind("static_site"):
        _resolve_site(stack, site)


def _resolve_site(stack: Stack, site: Component) -> None:
    stated = dict(site.params)
    size = env_defaults("static_site", stack)
    domain = stack.spec.domain_name or f"{stack.spec.project}.example.com"
    site.params = {
        "spa": stated.get("spa", size["spa"]), "index_document": stated.get("index_document", "index.html"),
        "error_document": stated.get("error_document", "404.html"),
        "default_ttl": stated.get("cache_ttl_seconds", size["default_ttl"]),
        "max_ttl": max(size["max_ttl"], stated.get("cache_ttl_seconds", 0)),
        "blocked_countries": list(stated.get("blocked_countries", [])),
        "blocked_ip_ranges": list(stated.get("blocked_ip_ranges", [])),
        "noncurrent_version_days": size["noncurrent_version_days"], "soft_delete_days": size["soft_delete_days"],
        "force_destroy": size["force_destroy"], "access_log_days": retention_days(stack), "domains": [domain],
        "placeholder_domain": stack.spec.domain_name is None, "internet_facing": True}
    site.depends_on = sorted({*site.depends_on, "keys"})
    _decisions(stack, site, stated)


def _decisions(stack: Stack, site: Component, stated: dict[str, Any]) -> None:
    p, sid = site.params, site.id
    trigger = named("static site", sid)
    stack.decide(Decision(
        id=f"gcp.{sid}.cdn",
        title=f"Cloud CDN backend bucket behind the global external HTTPS load balancer ({p['default_ttl']} s "
              "default cache, negative caching, no signed-URL key)",
        why="Google's documented pattern for a static website: the files are served from a Cloud Storage bucket "
            "through a backend bucket with Cloud CDN (CACHE_ALL_STATIC, request coalescing, stale content served "
            "while the bucket is unreachable, 404s cached 60 s, automatic compression, HSTS and nosniff/frame "
            "headers). A backend bucket reads only publicly readable objects; its private alternatives (signed "
            "URLs or signed cookies with a CDN key, or an HMAC key for a private origin) would put a secret in the "
            "Terraform state, so none is used. "
            + ("Unknown paths serve the index with status 200 (a URL map custom error response)." if p["spa"] else
               f"A missing file answers {p['error_document']} with status 404.")
            + " Well-Architected Framework: performance (edge caching).",
        rule="default-encryption",
        trigger=stated_trigger(stated, ("spa", "cache_ttl_seconds"), stack.env_trigger),
        components=[sid], alternatives=["signed URLs or cookies (a key in the state)",
                                        "Cloud Run serving the files (a server to run for static content)",
                                        "Firebase Hosting (outside the project's governance)"]))
    stack.decide(Decision(
        id=f"gcp.{sid}.public-bucket",
        title=f"The site bucket of {sid} is the only public bucket: allUsers may read its objects, nothing else",
        why="allUsers holds roles/storage.objectViewer on the site bucket alone: it can read objects, not list "
            "them through IAM on other buckets, write, or change any setting. The bucket keeps uniform bucket-level "
            "access (CIS GCP 5.2), versioning, soft delete "
            f"({p['soft_delete_days']} days), CMEK with the stack's storage key (Cloud CDN serves CMEK objects: "
            "Cloud Storage decrypts them for the reader) and usage logs to a private log bucket kept "
            f"{p['access_log_days']} days. CIS GCP 5.1 (no anonymous or public bucket) is deliberately not met for "
            "this bucket only: Checkov CKV_GCP_28 (public IAM member) and CKV_GCP_114 (public access prevention) "
            "are skipped inline there with that reason (and CKV_GCP_62 on its log bucket: logging it into itself "
            "would loop); every other bucket of the stack enforces public access prevention, and the gate "
            "gcp-public-buckets fails the output otherwise. An organization or folder policy enforcing public "
            "access prevention needs an exception for this project (README).",
        rule="public-access-block", trigger=trigger, components=[sid],
        alternatives=["a private bucket behind a Cloud Run proxy (a server for static files)",
                      "public access prevention on the site bucket (the backend bucket would answer 403)"]))
    stack.decide(Decision(
        id=f"gcp.{sid}.edge-policy",
        title="Cloud Armor edge security policy on the backend bucket"
              + (f": {len(p['blocked_countries'])} region(s) and {len(p['blocked_ip_ranges'])} range(s) blocked"
                 if p["blocked_countries"] or p["blocked_ip_ranges"] else ""),
        why="The edge policy runs at Google's edge before the cache, on every request including cache hits; it "
            "takes IP ranges and region codes (blocked_ip_ranges, blocked_countries); with none stated it holds "
            "only its default rule, ready for an incident's blocks. Preconfigured WAF rules "
            "(OWASP CRS), rate limiting and adaptive protection are features of backend security policies, which "
            "only backend services take: a static site has no server-side code for them to protect, and Google's "
            "edge absorbs volumetric attacks (the L3/L4 DDoS protection of every external load balancer). CIS GCP "
            "has no control on this; Well-Architected Framework: security (defense at the edge). Checkov CKV_GCP_73 "
            "(the Log4j preconfigured rule) is skipped inline on this policy: an edge policy cannot evaluate "
            "preconfigured expressions, and static files run no Log4j.",
        rule="web-application-firewall",
        trigger=stated_trigger(stated, ("blocked_countries", "blocked_ip_ranges"), trigger),
        components=[sid], alternatives=["a backend service with a Cloud Run or VM origin to get WAF rules",
                                        "no security policy"]))
    stack.decide(Decision(
        id=f"gcp.{sid}.tls",
        title=f"Google-managed certificate for {', '.join(p['domains'])}, TLS 1.2+ (MODERN), HTTP redirected to "
              "HTTPS",
        why="The certificate renews itself; it is issued once the domain's A record points at the load balancer's "
            "address (README). Port 80 only answers a redirect to HTTPS. The provider has no logging setting on a "
            "backend bucket (google 7.x): requests the CDN sends to the origin are in the bucket's usage logs. "
            "CIS GCP 3.9 (no weak TLS cipher)."
            + (" The domain is a placeholder: set the real one in iacf.auto.tfvars." if p["placeholder_domain"]
               else ""),
        rule="default-encryption", trigger="spec domain_name" if stack.spec.domain_name else "no domain stated",
        components=[sid], alternatives=["a self-managed certificate (renewals by hand)"]))
    stack.decide(Decision(
        id=f"gcp.{sid}.publishers",
        title=f"Publishers of {sid} ({sid}_publishers): objectAdmin on the site bucket only",
        why="Whoever publishes the files (the CI's publishing identity, listed in the root variable "
            f"{sid}_publishers) gets roles/storage.objectAdmin on the site bucket, never a project-wide storage role "
            "and never one that can change the bucket's settings or IAM policy (CIS GCP 1.5). The module accepts "
            "serviceAccount: and group: members only, so the list can never make the bucket writable by the public.",
        rule="least-privilege", trigger="always (governance)", components=[sid],
        alternatives=["roles/storage.admin on the project (every bucket, every setting)"]))

SPEC = KindSpec(
    name="static_site", default_id="site",
    description="Static website: Cloud Storage bucket served by Cloud CDN through a backend bucket behind the "
    "global external HTTPS load balancer, with a Cloud Armor edge security policy.",
    words=("cloud cdn", "google cloud cdn", "backend bucket", "bucket backend", "site statique gcp",
           "static website gcp", "static site gcp"),
    params=GcpStaticSiteParams, modules=("cdn_site",), resolve=resolve,
    controls=("web-application-firewall", "default-encryption", "public-access-block", "least-privilege"),
    sizing="static_site",
)
