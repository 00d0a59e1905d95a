"""The network kind on Google Cloud: a custom-mode VPC, deny-by-default, with Private Service Access."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Provenance, SpecError, Stack, stated_trigger

from ..params import NetworkParams
from ..policy import gcp_policy
from ..sizing import env_defaults

NEEDED_BY = ("web_app", "function", "worker", "scheduled_job", "relational_database", "cache", "kubernetes_cluster")
# workloads whose egress goes through the VPC (Direct VPC egress, selected by network tag)
WORKLOADS = ("web_app", "function", "worker", "scheduled_job")
# what may be given internet egress ([gcp] internet_egress): the workloads and the GKE nodes
EGRESS_KINDS = (*WORKLOADS, "kubernetes_cluster")
# the domains private DNS zones send to private.googleapis.com: Google APIs, container images (Artifact Registry,
# Container Registry), and the URLs of Cloud Run services and functions
GOOGLE_DOMAINS = ("googleapis.com", "pkg.dev", "gcr.io", "run.app", "cloudfunctions.net")
PRIVATE_GOOGLE_APIS = "199.36.153.8/30"


def ensure_network(stack: Stack) -> Component:
    """The stack's VPC, added once when a component needs one."""
    users = sorted(c.id for c in stack.components.values() if c.kind in NEEDED_BY)
    return stack.ensure(Component(id="network", kind="network", provenance=Provenance(source="dependency")),
                        Decision(
        id="gcp.network.vpc",
        title="A custom-mode VPC with one regional subnet, Private Google Access and Private Service Access",
        why="Cloud Run sends its egress through the VPC (Direct VPC egress) and Cloud SQL takes a private IP from "
            "a range peered through Private Service Access: neither is reachable from the internet. A custom-mode "
            "VPC has no default subnets or permissive default rules (CIS GCP 3.1, 3.2).",
        rule="private-data-tier", trigger=f"components needing a network: {', '.join(users)}",
        alternatives=["the default network (auto subnets in every region, permissive default rules)",
                      "Serverless VPC Access connector (extra VMs to size and patch)"],
        components=["network", *users]))


# the Cloud SQL connectors (language connectors, Auth Proxy) reach the instance's server-side proxy on this port,
# never the engine's own (5432, 3306): the only way in with the client certificates the instances require
CONNECTOR_PORT = "3307"


def internet_egress(stack: Stack) -> list[str]:
    """The workloads ``[gcp] internet_egress`` lets reach the internet; a name that is no workload is refused."""
    named = gcp_policy(stack).internet_egress
    workloads = sorted(c.id for c in stack.components.values() if c.kind in EGRESS_KINDS)
    unknown = [n for n in named if n not in workloads]
    if unknown:
        raise SpecError(f"[gcp] internet_egress names {', '.join(unknown)}: no workload of this stack has that id "
                        f"(its web apps, functions, workers, scheduled jobs and GKE clusters: "
                        f"{', '.join(workloads) or 'none'})")
    return list(named)


def _https(egress: dict[str, dict[str, object]], who: str, what: str, internet: bool) -> None:
    """HTTPS from ``who`` to Google APIs (private.googleapis.com), and to the internet when the policy says so."""
    egress[f"{who}-google-apis"] = {"app": who, "ports": ["443"], "to": "google_apis",
                                    "what": f"{what} to Google APIs (private.googleapis.com, Private Google Access)"}
    if internet:
        egress[f"{who}-internet"] = {"app": who, "ports": ["443"], "to": "internet",
                                     "what": f"{what} to any internet address on HTTPS, through Cloud NAT "
                                             "([gcp] internet_egress)"}


def resolve(stack: Stack) -> None:
    for net in stack.by_kind("network"):
        stated = dict(net.params)
        defaults = env_defaults("network", stack)
        net.params = {**defaults, **stated}
        internet = internet_egress(stack)
        users = [c for c in stack.components.values() if c.kind in NEEDED_BY]
        egress: dict[str, dict[str, object]] = {}
        for app in (c for c in users if c.kind in WORKLOADS):
            _https(egress, app.id, app.id, app.id in internet)
            for db_id in app.connects_to:
                db = stack.components.get(db_id)
                if db is not None and db.kind == "relational_database":
                    egress[f"{app.id}-{db.id}"] = {"app": app.id, "ports": [CONNECTOR_PORT], "to": "private_services",
                                                   "what": f"{app.id} to {db.id} (Cloud SQL connector, private IP)"}
        for cache in stack.by_kind("cache"):
            for app_id in cache.params.get("clients", []):
                egress[f"{app_id}-{cache.id}"] = {"app": app_id, "ports": ["6378"], "to": "private_services",
                                                  "what": f"{app_id} to {cache.id} (Memorystore, TLS, private IP)"}
        secondary: dict[str, str] = {}
        for cluster in stack.by_kind("kubernetes_cluster"):
            _https(egress, cluster.id, f"{cluster.id} nodes", cluster.id in internet)
            # the cluster hosts the stack's workloads: its nodes may reach the stack's private data stores on
            # their port (who may log in is still IAM's decision, per workload through Workload Identity)
            for store in stack.by_kind("relational_database"):
                egress[f"{cluster.id}-{store.id}"] = {"app": cluster.id, "ports": [CONNECTOR_PORT],
                                                      "to": "private_services",
                                                      "what": f"{cluster.id} to {store.id} (Cloud SQL connector, "
                                                              "private IP)"}
            for store in stack.by_kind("cache"):
                egress[f"{cluster.id}-{store.id}"] = {"app": cluster.id, "ports": ["6378"], "to": "private_services",
                                                      "what": f"{cluster.id} to {store.id} (Memorystore, TLS, "
                                                              "private IP)"}
            secondary[cluster.params["pods_range"]] = cluster.params["pods_cidr"]
            secondary[cluster.params["services_range"]] = cluster.params["services_cidr"]
        net.params["egress"] = egress
        net.params["secondary_ranges"] = secondary
        net.params["cloud_nat"] = bool(internet)
        net.params["google_domains"] = list(GOOGLE_DOMAINS)
        _decide(stack, net, stated, egress, internet)


def _decide(stack: Stack, net: Component, stated: dict[str, object], egress: dict[str, dict[str, object]],
            internet: list[str]) -> None:
    stack.decide(Decision(
        id=f"gcp.{net.id}.subnet",
        title=f"Subnet {net.params['cidr']} with flow logs (sampling {net.params['flow_sampling']}) and Private "
              "Google Access",
        why="Flow logs of every flow's metadata at 5-second aggregation answer CIS GCP 3.8; Private Google "
            f"Access lets workloads without external IPs reach Google APIs (gcp.{net.id}.egress). Prod samples every "
            "flow, other environments half of them to cut log volume.",
        rule="network-flow-logs", trigger=stated_trigger(stated, ("cidr",), stack.env_trigger),
        components=[net.id], alternatives=["flow logs sampled lower everywhere (cheaper, gaps in forensics)"]))
    stack.decide(Decision(
        id=f"gcp.{net.id}.firewall",
        title="Firewall denies all ingress and all egress; allowed: "
              + ("; ".join(str(e["what"]) for e in egress.values()) or "nothing"),
        why="Google Cloud's implied rules allow all egress: two priority-65534 deny rules replace them, and "
            "each flow the stack needs is allowed on its port, from the workload's network tag, to its "
            "destination. No ingress is allowed at all: the load balancer reaches Cloud Run through Google's "
            "front end, not the VPC. Every rule logs its matches.",
        rule="private-data-tier", trigger="the stack's connections", components=[net.id],
        alternatives=["the implied allow-all egress rule (exfiltration path)"]))
    policy = gcp_policy(stack)
    stack.decide(Decision(
        id=f"gcp.{net.id}.egress",
        title="Google APIs through Private Google Access (private.googleapis.com); "
              + (f"HTTPS to the internet for {', '.join(internet)} only, through Cloud NAT" if internet
                 else "no internet egress, no Cloud NAT"),
        why="Private DNS zones of the VPC answer " + ", ".join(GOOGLE_DOMAINS) + " with the addresses of "
            f"private.googleapis.com ({PRIVATE_GOOGLE_APIS}), routed to Google's front ends without leaving Google's "
            "network, and a workload's only HTTPS rule to Google allows that range: the APIs it calls (the Cloud "
            "SQL connectors' Admin API, Secret Manager, Pub/Sub, Cloud Storage, Firestore...), the images of "
            "Artifact Registry and the stack's functions stay reachable while no internet address is. "
            + (f"{', '.join(internet)} also reach{'es' if len(internet) == 1 else ''} any internet address on port "
               "443 through Cloud NAT, as [gcp] internet_egress states, for the third-party APIs "
               + ("it calls" if len(internet) == 1 else "they call")
               + ": the rule logs every connection and Cloud NAT every translation; every other workload stays "
                 "without. "
               if internet else
               "No workload reaches the internet: there is no Cloud NAT, so even a widened firewall rule finds no "
               "route out; a workload that calls a third-party API is named in [gcp] internet_egress. ")
            + "The VPC's DNS queries are logged (CIS GCP 2.12): each name a workload resolves is on record beside "
              "the firewall's connection logs. private.googleapis.com rather than restricted.googleapis.com: the "
              "restricted range serves only the APIs VPC Service Controls supports and belongs with a service "
              "perimeter, which the organization sets up.",
        rule="private-data-tier",
        trigger=(f"{stack.policy.label} [gcp] internet_egress" if policy.internet_egress
                 else "no workload named in [gcp] internet_egress (the default)"),
        components=[net.id, *internet],
        alternatives=["Secure Web Proxy with an allowlist of host names (egress by name, TLS inspection optional; "
                      "billed per gateway hour and GB)",
                      "Cloud NGFW Standard FQDN objects in a network firewall policy (egress allowed by domain name)",
                      "restricted.googleapis.com with a VPC Service Controls perimeter (an organization access "
                      "policy)",
                      "Cloud NAT with HTTPS open to every address for every workload (any internet endpoint "
                      "reachable: an exfiltration path)"]))


SPEC = KindSpec(
    name="network", default_id="network", description="Custom-mode VPC: subnet with flow logs and Private Google "
    "Access (private.googleapis.com DNS), deny-by-default firewall, Private Service Access, Cloud NAT only for the "
    "workloads the policy lets reach the internet.",
    words=("vpc gcp", "google vpc", "cloud nat"), params=NetworkParams, modules=("network",), resolve=resolve,
    controls=("network-flow-logs", "private-data-tier", "least-privilege"), sizing="network",
)
