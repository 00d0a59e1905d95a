"""AWS rules for the static site kind: private S3 origin behind CloudFront, certificate and WAF in us-east-1.
Each default and each skipped Checkov check is a recorded decision."""

from __future__ import annotations

from typing import Any

from iacf_core import Component, Decision, KindSpec, Stack, named, stated_trigger

from ..certificates import certificate_decisions
from ..params import StaticSiteParams
from ..sizing import env_defaults, retention_days


def resolve(stack: Stack) -> None:
    resolve_static_site(stack, retention_days(stack))


def resolve_static_site(stack: Stack, retention: int) -> None:
    """Set the static sites' parameters and record their decisions; called once keys exist."""
    for site in stack.by_kind("static_site"):
        stated = dict(site.params)
        site.params = {**env_defaults("static_site", stack), **stated, "retention_days": retention,
                       "internet_facing": True}
        site.depends_on = sorted({*site.depends_on, "keys"})
        _decisions(stack, site, stated)


def _decisions(stack: Stack, site: Component, stated: dict[str, Any]) -> None:
    p, sid = site.params, site.id
    stack.decide(Decision(
        id=f"aws.{sid}.cloudfront",
        title="CloudFront distribution in front of a private S3 bucket (origin access control)",
        why="The files are served by CloudFront only: the bucket stays private (public access block, ACLs "
            "disabled) and its policy lets cloudfront.amazonaws.com read objects only when the request comes from "
            "this distribution (condition AWS:SourceArn = the distribution's ARN); CloudFront signs its requests "
            "with SigV4 (origin access control, the successor of origin access identities). index.html is the "
            f"default root object; price class {p['price_class']}"
            + (" as stated." if "price_class" in stated else f" for {stack.environment}."),
        rule="public-access-block", trigger=stated_trigger(stated, ("price_class",), named("static site", sid)),
        components=[sid],
        alternatives=["S3 static website hosting (public bucket, HTTP only)", "origin access identity (legacy)",
                      "Amplify Hosting (less control over headers, logging and WAF)"],
    ))
    stack.decide(Decision(
        id=f"aws.{sid}.encryption",
        title="Site bucket encrypted with SSE-S3, not the customer-managed data key",
        why="The files are published to everyone through CloudFront, so a customer key protects nothing more; "
            "with SSE-KMS the data key's policy would have to grant cloudfront.amazonaws.com kms:Decrypt "
            "conditioned on the distribution's ARN, which exists only after the key (a dependency cycle between "
            "the key policy and the distribution). SSE-S3 keeps every object encrypted at rest; versioning and "
            "TLS-only access stay on.",
        rule="default-encryption", trigger=named("static site", sid), components=[sid],
        alternatives=["SSE-KMS with the data key and a key policy statement for CloudFront (two-step apply)"],
    ))
    stack.decide(Decision(
        id=f"aws.{sid}.tls",
        title="HTTPS only: HTTP redirected, TLSv1.2_2021 minimum, ACM certificate in us-east-1",
        why="Viewers are redirected from HTTP to HTTPS; the security policy TLSv1.2_2021 accepts only TLS 1.2+ "
            "with strong ciphers; SNI only (no dedicated-IP cost). CloudFront only accepts certificates from "
            "us-east-1: the project declares a second aws provider (alias us_east_1, same default tags) for the "
            "certificate, the WAF web ACL and its log key. How the certificate is validated and when the "
            "distribution is created: the certificate decisions below.",
        rule="aws.app.entry", trigger=named("static site", sid), components=[sid],
        alternatives=["the default *.cloudfront.net certificate (no custom domain; Checkov CKV2_AWS_42)"],
    ))
    certificate_decisions(stack, site, "the CloudFront distribution")
    stack.decide(Decision(
        id=f"aws.{sid}.security-headers",
        title="Response headers policy: HSTS, Content-Security-Policy, nosniff, frame DENY, referrer policy",
        why="Every response carries Strict-Transport-Security (1 year, subdomains, preload), a restrictive "
            "default Content-Security-Policy (same origin only; variable "
            f"{sid}_content_security_policy to widen it), X-Content-Type-Options nosniff, X-Frame-Options DENY "
            "and Referrer-Policy strict-origin-when-cross-origin. Preload only takes effect once the domain is "
            "submitted to the browsers' preload list.",
        rule="aws.app.entry", trigger=named("static site", sid), components=[sid],
        alternatives=["Managed-SecurityHeadersPolicy (no Content-Security-Policy)",
                      "headers set by a CloudFront Function (code to maintain)"],
    ))
    stack.decide(Decision(
        id=f"aws.{sid}.waf",
        title="AWS WAF web ACL (CLOUDFRONT scope, us-east-1) in every environment",
        why="The site is an internet entry point: managed rule groups (IP reputation, Common rule set, Known bad "
            "inputs incl. Log4j, SQL injection) and a per-IP rate limit, logged to a KMS-encrypted log group in "
            "us-east-1 (its own key there: CloudWatch Logs only uses keys of its region). Checkov asks for a WAF "
            "on every distribution (CKV_AWS_68) and a development site is reachable from the internet too, so "
            "dev keeps it rather than skipping the check.",
        rule="web-application-firewall", trigger="entry point is internet-facing", components=[sid],
        alternatives=["WAF in prod only (a dev site exposed without protection; Checkov CKV_AWS_68 skipped)",
                      "Shield Advanced (cost)"],
    ))
    stack.decide(Decision(
        id=f"aws.{sid}.logging",
        title="CloudFront standard logs and S3 server access logs to a log bucket",
        why="CloudFront standard (legacy) logging writes to an S3 bucket through an ACL grant, so the log bucket "
            "alone has ACLs enabled (BucketOwnerPreferred; public ACLs blocked; Checkov CKV2_AWS_65 skipped "
            f"there); objects expire after {365 if p['retention_days'] >= 365 else 180} days. Provider 5.100 does "
            "support CloudFront logging v2 (CloudWatch Logs delivery source, destination and delivery), but those "
            "resources live in us-east-1 and Checkov does not recognise them as distribution logging (CKV_AWS_86 "
            "would be skipped), and the local emulator does not implement the distribution's side of them.",
        rule="aws.observability", trigger=named("static site", sid), components=[sid],
        alternatives=["CloudFront logging v2 through CloudWatch Logs delivery (ACLs off, Parquet/JSON, us-east-1)",
                      "real-time logs to Kinesis (cost)"],
    ))
    stack.decide(Decision(
        id=f"aws.{sid}.spa",
        title=("Unknown paths serve index.html (single-page application routing)" if p["spa"] else
               "Unknown paths answer 403/404 (multi-page site, no single-page routing)"),
        why=("React, Vue and Angular applications route in the browser: a deep link such as /account is not a "
             "file, so the private bucket answers 403 (404 once listing is allowed); the distribution maps both to "
             "/index.html with status 200, cached 10 seconds." if p["spa"] else
             "The site is stated to be no single-page application: every page is a file, and a path that is no "
             "file answers the bucket's error (403 from the private origin) instead of a page with status 200."),
        rule="aws.app.entry", trigger=stated_trigger(stated, ("spa",), named("static site", sid)), components=[sid],
        alternatives=["real 404 pages (multi-page static sites)" if p["spa"] else
                      "index.html for unknown paths (single-page applications)",
                      "a CloudFront Function rewriting paths"],
    ))
    stack.decide(Decision(
        id=f"aws.{sid}.no-failover",
        title="No origin failover group, no geo restriction",
        why="Origin failover (Checkov CKV_AWS_310) needs a replica bucket in a second region kept in sync; the "
            "files are rebuilt and redeployed by the pipeline, S3 is designed for 99.99 % availability and "
            "CloudFront serves cached copies, so a second origin is not worth its cost here. No geo restriction "
            "(CKV_AWS_374): the policy names no country to refuse and one would turn away legitimate visitors. "
            "Both checks are skipped inline.",
        rule="aws.env.ha", trigger=stack.env_trigger, components=[sid],
        alternatives=["a replica bucket in another region with an origin group", "an allow-list of countries"],
    ))
    stack.decide(Decision(
        id=f"aws.{sid}.force-destroy",
        title="Destroy empties the site buckets" if p["force_destroy"] else "Destroy refuses non-empty site buckets",
        why="A disposable environment must be easy to tear down." if p["force_destroy"]
        else "The published files and logs must survive a mistaken destroy.",
        rule="aws.env.protection", trigger=stack.env_trigger, components=[sid],
    ))


SPEC = KindSpec(
    name="static_site", default_id="site",
    description="Private S3 bucket behind CloudFront (origin access control, ACM and WAF in us-east-1, security "
                "headers, logs).",
    words=("cloudfront", "amazon cloudfront", "distribution cloudfront", "cloudfront distribution"),
    params=StaticSiteParams, modules=("s3_bucket", "kms_key", "waf", "acm_certificate"), resolve=resolve,
    controls=("default-encryption", "log-retention", "secrets-management", "least-privilege", "public-access-block",
              "web-application-firewall"),
    emulator_unsupported={
        "aws_cloudfront_response_headers_policy": "moto lacks CloudFront response headers policies",
    },
    sizing="static_site",
)
