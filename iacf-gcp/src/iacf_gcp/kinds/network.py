"""The network kind on Google Cloud: a custom-mode VPC, deny-by-default, with Private Service Access."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Provenance, Stack, stated_trigger

from ..params import NetworkParams
from ..sizing import env_defaults

NEEDED_BY = ("web_app", "function", "worker", "scheduled_job", "relational_database", "cache", "kubernetes_cluster")
# workloads whose egress goes through the VPC (Direct VPC egress, selected by network tag)
WORKLOADS = ("web_app", "function", "worker", "scheduled_job")


def ensure_network(stack: Stack) -> Component:
    """The stack's VPC, added once when a component needs one."""
    users = sorted(c.id for c in stack.components.values() if c.kind in NEEDED_BY)
    return stack.ensure(Component(id="network", kind="network", provenance=Provenance(source="dependency")),
                        Decision(
        id="gcp.network.vpc",
        title="A custom-mode VPC with one regional subnet, Cloud NAT and Private Service Access",
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


def resolve(stack: Stack) -> None:
    for net in stack.by_kind("network"):
        stated = dict(net.params)
        defaults = env_defaults("network", stack)
        net.params = {**defaults, **stated}
        users = [c for c in stack.components.values() if c.kind in NEEDED_BY]
        egress = {}
        for app in (c for c in users if c.kind in WORKLOADS):
            egress[f"{app.id}-https"] = {"app": app.id, "ports": ["443"], "private": False,
                                         "what": f"{app.id} to HTTPS destinations (Google APIs, through Cloud NAT)"}
            for db_id in app.connects_to:
                db = stack.components.get(db_id)
                if db is not None and db.kind == "relational_database":
                    egress[f"{app.id}-{db.id}"] = {"app": app.id, "ports": [CONNECTOR_PORT], "private": True,
                                                   "what": f"{app.id} to {db.id} (Cloud SQL connector, private IP)"}
        for cache in stack.by_kind("cache"):
            for app_id in cache.params.get("clients", []):
                egress[f"{app_id}-{cache.id}"] = {"app": app_id, "ports": ["6378"], "private": True,
                                                  "what": f"{app_id} to {cache.id} (Memorystore, TLS, private IP)"}
        secondary: dict[str, str] = {}
        for cluster in stack.by_kind("kubernetes_cluster"):
            egress[f"{cluster.id}-https"] = {"app": cluster.id, "ports": ["443"], "private": False,
                                             "what": f"{cluster.id} nodes to HTTPS destinations (Google APIs, "
                                                     "image registries, through Cloud NAT)"}
            # the cluster hosts the stack's workloads: its nodes may reach the stack's private data stores on
            # their port (who may log in is still IAM's decision, per workload through Workload Identity)
            for store in stack.by_kind("relational_database"):
                egress[f"{cluster.id}-{store.id}"] = {"app": cluster.id, "ports": [CONNECTOR_PORT],
                                                      "private": True,
                                                      "what": f"{cluster.id} to {store.id} (Cloud SQL connector, "
                                                              "private IP)"}
            for store in stack.by_kind("cache"):
                egress[f"{cluster.id}-{store.id}"] = {"app": cluster.id, "ports": ["6378"], "private": True,
                                                      "what": f"{cluster.id} to {store.id} (Memorystore, TLS, "
                                                              "private IP)"}
            secondary[cluster.params["pods_range"]] = cluster.params["pods_cidr"]
            secondary[cluster.params["services_range"]] = cluster.params["services_cidr"]
        net.params["egress"] = egress
        net.params["secondary_ranges"] = secondary
        stack.decide(Decision(
            id=f"gcp.{net.id}.subnet",
            title=f"Subnet {net.params['cidr']} with flow logs (sampling {net.params['flow_sampling']}) and Private "
                  "Google Access",
            why="Flow logs of every flow's metadata at 5-second aggregation answer CIS GCP 3.8; Private Google "
                "Access lets workloads without external IPs reach Google APIs. Prod samples every flow, other "
                "environments half of them to cut log volume.",
            rule="network-flow-logs", trigger=stated_trigger(stated, ("cidr",), stack.env_trigger),
            components=[net.id], alternatives=["flow logs sampled lower everywhere (cheaper, gaps in forensics)"]))
        stack.decide(Decision(
            id=f"gcp.{net.id}.firewall",
            title="Firewall denies all ingress and all egress; allowed: "
                  + ("; ".join(e["what"] for e in egress.values()) or "nothing"),
            why="Google Cloud's implied rules allow all egress: two priority-65534 deny rules replace them, and "
                "each flow the stack needs is allowed on its port, from the workload's network tag, to its "
                "destination. No ingress is allowed at all: the load balancer reaches Cloud Run through Google's "
                "front end, not the VPC. Every rule logs its matches.",
            rule="private-data-tier", trigger="the stack's connections", components=[net.id],
            alternatives=["the implied allow-all egress rule (exfiltration path)"]))


SPEC = KindSpec(
    name="network", default_id="network", description="Custom-mode VPC: subnet with flow logs and Private Google "
    "Access, Cloud NAT, deny-by-default firewall, Private Service Access.",
    words=("vpc gcp", "google vpc", "cloud nat"), params=NetworkParams, modules=("network",), resolve=resolve,
    controls=("network-flow-logs", "private-data-tier", "least-privilege"), sizing="network",
)
