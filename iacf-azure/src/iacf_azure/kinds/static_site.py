"""The static site kind: a storage account static website served only through Azure Front Door Premium, reached
over Private Link, under a WAF policy in prevention mode, HTTPS only; each default is a recorded decision."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from iacf_core import Component, Decision, KindParams, KindSpec, Stack, named, problem, stated_trigger

from ..naming import storage_account_name
from ..references import cis
from ..sizing import described, env_defaults, retention_days

WEB_CONTAINER = "$web"


class AzureStaticSiteParams(KindParams):
    """On Azure: a storage account static website behind Front Door Premium with a WAF policy."""

    spa: bool | None = Field(
        default=None, description="Single-page application: paths without a file extension serve /index.html "
                                  "with status 200 (false: a missing file answers 404.html with status 404). "
                                  + described("static_site", "spa"))
    rate_limit_per_minute: int | None = Field(
        default=None, ge=10, le=100000,
        description="Requests a client address may send per minute before the WAF blocks it (10 to 100000). "
                    + described("static_site", "rate_limit_per_minute"))
    soft_delete_days: int | None = Field(
        default=None, ge=7, le=365,
        description="Days deleted or overwritten files of the site can be recovered (7 to 365). "
                    + described("static_site", "soft_delete_days"))
    price_class: str | None = Field(
        default=None, description="Not on Azure: Front Door serves from every edge location, with no price class.")

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.price_class is not None:
            problems.append(problem("price_class", self.price_class, "Azure Front Door serves from every edge "
                                                                     "location and has no price class"))
        return problems


def resolve(stack: Stack) -> None:
    for site in stack.by_kind("static_site"):
        stated = dict(site.params)
        site.params = {**env_defaults("static_site", stack), **stated, "internet_facing": True,
                       "domain_name": stack.spec.domain_name or "", "container": WEB_CONTAINER,
                       "retention_days": retention_days(stack),
                       "account_name": storage_account_name(site.id, kept=3)}
        site.depends_on = sorted({*site.depends_on, "network", "keys", "monitoring"})
        _decisions(stack, site, stated)


def _decisions(stack: Stack, site: Component, stated: dict[str, Any]) -> None:
    p, sid = site.params, site.id
    trigger = named("static site", sid)
    stack.decide(Decision(
        id=f"azure.{sid}.front-door",
        title="Azure Front Door Premium in front of a storage account static website, reached over Private Link",
        why="The files are served by Front Door only: the storage account's public network access is off, and Front "
            "Door reaches its web endpoint through Private Link (the Premium tier is the one with Private Link "
            "origins and managed WAF rule sets), so no request can go around the WAF. Private Link is used in every "
            "environment: without it the web endpoint would have to be public, because the storage firewall cannot "
            "admit Front Door alone. Azure creates the private endpoint connection pending on the account; it is "
            "approved once after the first apply (README), and Front Door answers 502 until then. The origin is "
            "checked against its certificate and called in HTTPS only. " + cis("web-application-firewall"),
        rule="web-application-firewall", trigger=trigger, components=[sid],
        alternatives=["Front Door Standard (no Private Link origin, no managed WAF rules: the account would be "
                      "public)", "Azure Static Web Apps (no customer-managed key, no WAF of its own)",
                      "Application Gateway (regional, no edge caching)"],
    ))
    stack.decide(Decision(
        id=f"azure.{sid}.storage",
        title=f"Site files in a private, customer-key-encrypted account, {p['soft_delete_days']} days of soft delete",
        why="The account is made like every project account: Entra ID only (shared keys, local users and SFTP off), "
            "TLS 1.2, HTTPS only, infrastructure encryption plus its own customer-managed key, GZRS, versioning, "
            "change feed and soft delete, every blob operation logged to Log Analytics. A static website answers "
            "anonymous reads of the $web container on its web endpoint by design (no blob is made public: anonymous "
            "blob access stays off); the compensating controls are that the web endpoint is reachable only through "
            "Front Door's Private Link connection, behind the WAF, and that only the site's publishers hold a data "
            "role, on the $web container alone. The static website setting and the files go through the blob data "
            "plane: the applying runner and the publisher reach the account through its blob private endpoint (a "
            "runner with a route to the virtual network). " + cis("public-access-block")
            + "; 3.2 infrastructure encryption; 3.12 storage encrypted with customer-managed keys",
        rule="default-encryption", trigger=stated_trigger(stated, ("soft_delete_days",), stack.env_trigger),
        components=[sid],
        alternatives=["a private container read by Front Door with the account key (a secret on the edge)",
                      "platform-managed keys (no revocation, no key audit)"],
    ))
    domain = p["domain_name"]
    stack.decide(Decision(
        id=f"azure.{sid}.tls",
        title="HTTPS only: HTTP redirected, TLS 1.2 minimum"
              + (f", Front Door managed certificate for {domain}" if domain else ", the endpoint's azurefd.net name"),
        why="The route accepts HTTP only to redirect it to HTTPS, and calls the origin in HTTPS. "
            + (f"The custom domain {domain} gets a certificate Front Door issues and renews itself (no key to "
               "store or rotate), with TLS 1.2 minimum and the TLS12_2023 cipher suite (ECDHE with AES-GCM only). "
               "Azure validates it through a TXT record _dnsauth." + domain + " (output "
               f"{sid}_domain_validation_token) and serves it once a CNAME points at the endpoint (README)."
               if domain else
               "No domain is named (spec domain_name), so the site is served on the endpoint's *.azurefd.net name "
               "with Microsoft's certificate (TLS 1.2 minimum on that domain).")
            + " " + cis("web-application-firewall"),
        rule="web-application-firewall", trigger=f"domain_name = {domain}" if domain else trigger,
        components=[sid],
        alternatives=["a Key Vault certificate (azurerm_cdn_frontdoor_secret: a certificate to buy, import and "
                      "rotate; for an organisation CA or EV certificate)", "HTTP served as is"],
    ))
    stack.decide(Decision(
        id=f"azure.{sid}.waf",
        title=f"Front Door WAF policy in prevention mode: default rule set 2.1, bot manager 1.1, "
              f"{p['rate_limit_per_minute']} requests per minute per client address",
        why="The site is an internet entry point in every environment, so dev keeps the WAF too. The policy "
            "blocks (prevention mode) what the Microsoft default rule set 2.1 (OWASP top ten, anomaly scoring) and "
            "the bot manager rule set 1.1 (known bad bots) detect, inspects request bodies, and blocks a client "
            f"address sending more than {p['rate_limit_per_minute']} requests a minute. It is associated with every "
            "domain of the profile. " + cis("web-application-firewall"),
        rule="web-application-firewall",
        trigger=stated_trigger(stated, ("rate_limit_per_minute",), "entry point is internet-facing"),
        components=[sid],
        alternatives=["detection mode (logs attacks without blocking them)", "no rate limit (a single client can "
                      "exhaust the origin's budget)"],
    ))
    stack.decide(Decision(
        id=f"azure.{sid}.security-headers",
        title="Rule set adding HSTS, Content-Security-Policy, nosniff, frame DENY and a referrer policy",
        why="Every response carries Strict-Transport-Security (1 year, subdomains, preload), a restrictive default "
            f"Content-Security-Policy (same origin only; variable {sid}_content_security_policy to widen it), "
            "X-Content-Type-Options nosniff, X-Frame-Options DENY and Referrer-Policy "
            "strict-origin-when-cross-origin.",
        rule="azure.app.entry", trigger=trigger, components=[sid],
        alternatives=["headers set by the site's own pages (meta tags cannot set HSTS)"],
    ))
    stack.decide(Decision(
        id=f"azure.{sid}.spa",
        title=("Paths without a file extension serve /index.html (single-page application routing)" if p["spa"]
               else "A missing file answers 404.html with status 404 (multi-page site)"),
        why=("React, Vue and Angular applications route in the browser: a deep link such as /account is no file, "
             "so a Front Door rule rewrites every path without a file extension to /index.html (status 200); "
             "missing assets still answer 404." if p["spa"] else
             "The site is stated to be no single-page application: every page is a file, and the web endpoint "
             "answers a missing one with 404.html and status 404."),
        rule="azure.app.entry", trigger=stated_trigger(stated, ("spa",), trigger), components=[sid],
        alternatives=["error_404_document = index.html (every route answers with status 404)"
                      if p["spa"] else "index.html for unknown paths (single-page applications)"],
    ))
    stack.decide(Decision(
        id=f"azure.{sid}.logging",
        title="Front Door access, health probe and WAF logs to Log Analytics, client addresses scrubbed",
        why="Every request Front Door serves or blocks is logged to the project's Log Analytics workspace (kept "
            f"{p['retention_days']} days) with the WAF's verdicts; the client address and the query string's names "
            "are masked in the logs (personal data). The blob service's reads and writes are logged too. "
            + cis("log-retention"),
        rule="log-retention", trigger=trigger, components=[sid],
        alternatives=["logs to a storage account (no query)", "no scrubbing (client addresses kept)"],
    ))
    stack.decide(Decision(
        id=f"azure.{sid}.checkov-gap",
        title="Front Door checked by the product's frontdoor gate (Checkov reads no azurerm_cdn_frontdoor_* type)",
        why="Checkov's Front Door checks (CKV_AZURE_121, CKV_AZURE_123, CKV_AZURE_133) cover only the classic "
            "azurerm_frontdoor resources, retired by Azure. The frontdoor gate checks the output instead: every "
            "route redirects HTTP and calls its origin in HTTPS, every profile is Premium with a security policy, "
            "every WAF policy is enabled in prevention mode with the default and bot manager rule sets, every "
            "custom domain requires TLS 1.2.",
        rule="web-application-firewall", trigger=trigger, components=[sid],
    ))
    stack.decide(Decision(
        id=f"azure.{sid}.publishers",
        title="The publisher gets a data role on the $web container only",
        why="Writing the site's files needs a blob data role: the identity of the pipeline that publishes them is "
            "granted Storage Blob Data Contributor on the $web container only (variable "
            f"{sid}_publisher_principal_id), never on the account; nothing else may write. Front Door reads through "
            "the web endpoint and holds no role. " + cis("least-privilege"),
        rule="least-privilege", trigger=trigger, components=[sid],
        alternatives=["Storage Account Contributor (control of the whole account)", "a SAS token (a secret)"],
    ))


SPEC = KindSpec(
    name="static_site", default_id="site",
    description="Storage account static website behind Front Door Premium (Private Link origin, WAF policy, HTTPS "
                "only, managed certificate, security headers, logs).",
    words=("front door", "azure front door", "front door premium", "static website azure",
           "site statique azure", "storage static website", "static web app", "azure static web apps"),
    params=AzureStaticSiteParams, modules=("front_door_site",), resolve=resolve,
    controls=("web-application-firewall", "default-encryption", "public-access-block", "least-privilege",
              "log-retention"),
    sizing="static_site",
)
