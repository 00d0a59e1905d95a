"""Certificates of the internet entry points (load balancers, static sites): who validates them, and when HTTPS
is turned on. Each choice is a recorded decision; the templates read the helpers below."""

from __future__ import annotations

from iacf_core import Component, Decision, Stack

from .policy import aws_policy

# kinds whose root piece requests an ACM certificate
CERTIFICATE_KINDS = ("load_balancer", "static_site")


def dns_zone(stack: Stack) -> str | None:
    """The Route 53 hosted zone ID that validates certificates: the spec's, else the policy's, else none."""
    return stack.spec.dns_zone or aws_policy(stack).dns_zone


def certificate_owners(stack: Stack) -> list[Component]:
    """Components that request a certificate, in rendering order (the first one declares ``dns_zone_id``)."""
    return [c for c in stack.ordered() if c.kind in CERTIFICATE_KINDS]


def prefix(component: Component) -> str:
    """Prefix of a certificate owner's root names: none for the single load balancer ``edge``."""
    return "" if component.id == "edge" else f"{component.id}_"


def certificate_decisions(stack: Stack, owner: Component, serves: str) -> None:
    """Record how ``owner``'s certificate is validated and how HTTPS is turned on. ``serves`` names what the
    certificate is attached to (the HTTPS listener, the CloudFront distribution)."""
    zone = dns_zone(stack)
    n = prefix(owner)
    switch = f"{n}https_enabled"
    domain = f"{n}domain_name"
    source = "the spec's dns_zone" if stack.spec.dns_zone else f"{stack.policy.label}"
    site = owner.kind == "static_site"
    refused = ("CloudFront refuses a distribution whose certificate is not issued (InvalidViewerCertificate)"
               if site else "AWS refuses an HTTPS listener on a certificate that is still PENDING_VALIDATION "
               "(UnsupportedCertificate)")
    if zone:
        stack.decide(Decision(
            id=f"aws.{owner.id}.certificate",
            title=f"ACM certificate validated in Route 53 zone {zone}: HTTPS from the first apply",
            why=f"The domain (variable {domain}) is in a public hosted zone of the deployment account ({source}; "
                "variable dns_zone_id), so Terraform creates the DNS validation records there and waits for ACM "
                f"to issue the certificate (aws_acm_certificate_validation, timeout 30 minutes) before {serves} "
                "uses it; the records stay for automatic renewal. Terraform also creates the alias record of the "
                "domain once HTTPS is on (an existing record of that name stops the apply instead of being "
                "taken over). Plan checks that the zone is public and holds the domain "
                "(Well-Architected SEC09-BP01: automated certificate management).",
            rule="aws.tls.certificate", trigger=f"dns_zone = {zone}", components=[owner.id],
            alternatives=["validation records created by hand (two-step first deployment)",
                          "a provider alias assuming a role in the DNS account (cross-account zone)"],
        ))
    else:
        stack.decide(Decision(
            id=f"aws.{owner.id}.certificate",
            title="ACM certificate validated by DNS records the operator creates: two-step first deployment",
            why="No Route 53 zone of the deployment account is named (dns_zone in the spec, [aws] dns_zone in the "
                "policy, or the variable dns_zone_id): the zone may be in another account or at another DNS "
                f"provider, so Terraform lists the validation records (output {n}acm_certificate_validation_records)"
                " instead of creating them. The records stay for automatic renewal "
                "(Well-Architected SEC09-BP01).",
            rule="aws.tls.certificate", trigger="no dns_zone", components=[owner.id],
            alternatives=["dns_zone / dns_zone_id: Terraform creates the records, HTTPS in one apply",
                          "a provider alias assuming a role in the DNS account (cross-account zone)"],
        ))
    stack.decide(Decision(
        id=f"aws.{owner.id}.https-switch",
        title=f"{serves[0].upper()}{serves[1:]} is created only once the certificate is issued "
              f"(variable {switch})",
        why=f"{refused}, so {serves} takes the certificate ARN from aws_acm_certificate_validation: the dependency "
            "is real, and the gate iacf.tls.validated-certificate refuses any other reference. "
            + (f"{switch} = true from the start: the validation waits for the records Terraform creates."
               if zone else
               f"{switch} (committed in iacf.auto.tfvars) starts false: step 1 creates the certificate and lists "
               f"its records; once ACM shows ISSUED, set {switch} = true and apply again (step 2). Turned on "
               "early, plan stops at once with the records to create (a precondition on the certificate's "
               "status) instead of waiting for hours; the validation itself then times out after 5 minutes."),
        rule="aws.tls.certificate", trigger="no dns_zone" if not zone else f"dns_zone = {zone}",
        components=[owner.id],
        alternatives=["one apply that waits up to hours for records nobody has created yet",
                      "`terraform apply -target` on the certificate first (easy to get wrong, not in CI)"],
    ))
    if zone:
        return
    if site:
        before = ("the distribution does not exist: nothing serves the site. The bucket stays private (its "
                  "policy names no distribution yet), and the CLOUDFRONT web ACL is created, attached to the "
                  "distribution when it is created")
    else:
        before = ("the load balancer exists with its WAF web ACL attached, but its port-80 listener only "
                  "redirects to HTTPS, where nothing listens yet, and there is no ECS service (ECS refuses a target "
                  "group no listener uses): nothing is served, in clear text or otherwise")
    stack.decide(Decision(
        id=f"aws.{owner.id}.before-https",
        title="Before HTTPS is on: nothing served, WAF in place, outputs say what to do",
        why=f"While {switch} is false, {before}. The outputs {n}acm_certificate_validation_records, "
            f"{n}acm_certificate_status and {n}https_next_step say which records to create and what comes next"
            + "; pointing the domain at the entry point is the operator's last step (Well-Architected SEC09-BP02: "
              "encryption in transit enforced).",
        rule="aws.tls.certificate", trigger=f"{switch} = false", components=[owner.id],
        alternatives=["an HTTP listener forwarding to the application until HTTPS works (clear text)",
                      "a fixed 503 on port 80 until HTTPS is on (Checkov CKV_AWS_2 and CKV2_AWS_20 skipped)"],
    ))
