"""The network kind: a dedicated VPC over two or three AZs, added for the components that need one, and the S3
gateway endpoint's data perimeter once everything is wired."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Provenance, Stack

from ..identities import CLIENT_KINDS
from ..sizing import env_defaults


def resolve_network(stack: Stack, users: list[Component], retention: int) -> None:
    net = env_defaults("network", stack)
    stack.ensure(Component(id="network", kind="network", params={**net, "flow_log_retention_days": retention},
                           provenance=Provenance(source="dependency")), Decision(
        id="aws.network.vpc",
        title=f"Dedicated VPC over {net['az_count']} AZs with public, private and database subnets",
        why=f"{_tiers(users)} must not sit in the default VPC nor on public subnets; three tiers let security "
            "groups and route tables separate internet, application and data traffic.",
        rule="aws.network.tiers", trigger=f"a component needs a network ({', '.join(c.id for c in users)})",
        alternatives=["default VPC (public subnets, no flow logs)", "two tiers only (database beside the app)"],
    ))
    stack.decide(Decision(
        id="aws.network.az-count", title=f"{net['az_count']} availability zones",
        why="Production survives the loss of one AZ with capacity to spare (3 AZs); "
            f"other environments use 2, the minimum for {_two_az_minimum(users)}.",
        rule="aws.env.ha", trigger=stack.env_trigger, components=["network"],
        alternatives=["2 AZs in prod (one AZ loss halves capacity)", "1 AZ (not allowed by ALB/RDS)"],
    ))
    stack.decide(Decision(
        id="aws.network.nat",
        title="One NAT gateway per AZ" if not net["single_nat_gateway"] else "A single NAT gateway",
        why="Per-AZ NAT gateways keep egress working when an AZ fails (prod)."
        if not net["single_nat_gateway"]
        else "One NAT gateway halves the fixed cost; an AZ failure only cuts egress in a non-production "
             "environment.",
        rule="aws.env.ha", trigger=stack.env_trigger, components=["network"],
        alternatives=["NAT instances (patching burden)", "VPC endpoints only (more endpoints, more cost)"],
    ))
    stack.decide(Decision(
        id="aws.network.flow-logs", title="VPC flow logs (ALL traffic) to a KMS-encrypted log group",
        why="Network forensics and CIS 3.7 need the metadata of accepted and rejected traffic.",
        rule="network-flow-logs", trigger="always (governance)", components=["network"],
        alternatives=["flow logs to S3 (cheaper at scale, slower to query)"],
    ))
    stack.decide(Decision(
        id="aws.network.default-sg", title="The default security group has no rules",
        why="Anything launched without an explicit security group must get no access (CIS 5.4).",
        rule="least-privilege", trigger="always", components=["network"],
    ))
    stack.decide(Decision(
        id="aws.network.nacl",
        title="A network ACL per subnet tier; the default network ACL has no rule and no subnet",
        why="The default network ACL allows all traffic in and out, 22 and 3389 included: it is managed with no "
            "rule, and every subnet sits on its tier's ACL instead, so a subnet added without one gets no traffic. "
            "The tier ACLs are stateless, so each flow is allowed both ways: public subnets accept "
            + ("HTTPS/HTTP from the internet for the internet-facing load balancer, "
               if stack.by_kind("load_balancer") else "no new connection from the internet, only ")
            + "the private subnets' HTTPS to the NAT gateways and return traffic; private subnets accept the "
            "workloads' ports from the VPC and return "
            "traffic; database subnets accept the data ports from the VPC but nothing at all from the public "
            "subnets. Return traffic from the internet uses ephemeral ports 1024-65535 without 3389, so no "
            "rule open to the internet covers a remote administration port (CIS AWS Foundations v3.0 5.1). "
            "Security groups still do the fine-grained work (Well-Architected SEC05-BP01, SEC05-BP02).",
        rule="least-privilege", trigger="always", components=["network"],
        alternatives=["the default ACL for every subnet (allows everything, CIS 5.1 fails)",
                      "an ephemeral range including 3389 (a rare NAT reply on that port would pass, but the rule "
                      "covers an administration port)"],
    ))


def _tiers(users: list[Component]) -> str:
    """"The application and the database": the tiers of the stack that need the network, and only those."""
    names = {"web_app": "application", "relational_database": "database", "cache": "cache"}
    found = [names[k] for k in names if any(c.kind == k for c in users)]
    plural = {"application": "applications", "database": "databases", "cache": "caches"}
    words = [plural[n] if sum(names.get(c.kind) == n for c in users) > 1 else n for n in found]
    listed = ", ".join(f"the {w}" for w in words[:-1]) + (" and " if len(words) > 1 else "") + f"the {words[-1]}"
    return listed[0].upper() + listed[1:]


def _two_az_minimum(users: list[Component]) -> str:
    """What needs two AZs in the stack: only services it has are named."""
    needs = {"web_app": "an Application Load Balancer", "relational_database": "a DB subnet group",
             "cache": "an ElastiCache subnet group with a replica"}
    found = [text for kind, text in needs.items() if any(c.kind == kind for c in users)]
    return " and ".join(found) if found else "subnets spread over zones"


def network_perimeter(stack: Stack) -> None:
    """The S3 gateway endpoint's policy: what the private subnets read and write, once everything is wired."""
    vpc = [c for c in stack.ordered() if c.kind == "web_app" or (c.kind in CLIENT_KINDS and c.params.get("vpc"))]
    buckets = sorted({b for c in vpc for b in c.connects_to if stack.components[b].kind == "object_storage"})
    apps = [c.id for c in vpc if c.kind == "web_app"]
    # the database-users tasks pull GuardDuty's agent image when GuardDuty adds it (aws.guardduty.fargate-agent)
    agents = [c.id for c in stack.ordered() if c.kind == "relational_database" and c.params.get("guardduty_agent")]
    stack.components["network"].params["ecr_image_layers"] = bool(apps or agents) and bool(apps or buckets)
    if not apps and not buckets:
        stack.decide(Decision(
            id="aws.network.s3-endpoint", title="No S3 gateway endpoint: nothing in the private subnets uses S3",
            why="No bucket is read or written from the VPC and no service runs container images there, so no "
                "endpoint (and no route to S3 that bypasses the NAT gateway) is created"
                + ("; the one-off database-users task pulls its images through the NAT gateway." if agents
                   else "."),
            rule="least-privilege", trigger="no S3 use from the VPC", components=["network"],
        ))
        return
    layers = "ECR's image layer bucket (prod-<region>-starport-layer-bucket, GetObject only" + (
        ": the GuardDuty agent of the database-users task)" if not apps else ")")
    allowed = ([f"the buckets {', '.join(buckets)} (this account's principals on this account's buckets: "
                "aws:PrincipalAccount and aws:ResourceAccount)"] if buckets else []) + (
        [layers] if apps or agents else [])
    stack.decide(Decision(
        id="aws.network.s3-endpoint",
        title="The S3 gateway endpoint's policy allows only what the workloads use",
        why="The default endpoint policy allows any action on any bucket of any account. Here the private "
            f"subnets reach, through the endpoint, only {' and '.join(allowed)}; any other bucket in the region, "
            "including another account's, is refused on the way out (a data perimeter against exfiltration). "
            "Terraform's state bucket is not listed: Terraform runs outside the VPC. Well-Architected "
            "SEC05-BP02 (control traffic flow), SEC03-BP02.",
        rule="least-privilege", trigger="S3 use from the VPC",
        components=["network", *apps, *(agents if not apps else []), *buckets],
        alternatives=["the default full-access policy", "interface endpoints for every AWS API (cost per AZ)"],
    ))


SPEC = KindSpec(
    name="network", default_id="network",
    description="VPC, subnets over 2-3 AZs, NAT, flow logs (added when needed).",
    modules=("network",),
    controls=("default-encryption", "log-retention", "network-flow-logs", "least-privilege"),
    internal=True, sizing="network",
)
