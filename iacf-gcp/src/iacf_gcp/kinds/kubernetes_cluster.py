"""The kubernetes_cluster kind on Google Cloud: a private, VPC-native GKE Standard cluster (Dataplane V2,
Workload Identity, Binary Authorization, CMEK secrets encryption) with one separately managed, shielded node
pool; each default is a recorded decision."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Stack, stated_trigger

from ..params import KubernetesClusterParams
from ..sizing import env_defaults
from .network import ensure_network

# the pods' and services' alias ranges come from the shared address space (RFC 6598), which no stated subnet
# (10.x) and no Private Service Access allocation (RFC 1918) can overlap; cluster N takes the Nth block
PODS_BLOCK = "100.{}.0.0/14"  # 100.64.0.0/14, 100.68.0.0/14... (up to 8 clusters)
SERVICES_BLOCK = "100.96.{}.0/20"  # 100.96.0.0/20, 100.96.16.0/20...
MAX_CLUSTERS = 8
NODE_ROLES = ("roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/stackdriver.resourceMetadata.writer")


def resolve(stack: Stack) -> None:
    for index, cluster in enumerate(stack.by_kind("kubernetes_cluster")[:MAX_CLUSTERS]):
        _resolve_cluster(stack, cluster, index)


def _resolve_cluster(stack: Stack, cluster: Component, index: int) -> None:
    stated = dict(cluster.params)
    size = env_defaults("kubernetes_cluster", stack)
    name = cluster.id.replace("_", "-")
    cluster.params = {**size, **stated, "deletion_protection": size["deletion_protection"],
                      "private_endpoint": size["private_endpoint"],
                      "zone": f"{stack.region}-b",
                      "pods_range": f"{name}-pods", "pods_cidr": PODS_BLOCK.format(64 + 4 * index),
                      "services_range": f"{name}-services", "services_cidr": SERVICES_BLOCK.format(16 * index),
                      "node_roles": list(NODE_ROLES)}
    ensure_network(stack)
    cluster.depends_on = sorted({*cluster.depends_on, "network", "keys"})
    _decisions(stack, cluster, stated)


def _decisions(stack: Stack, cluster: Component, stated: dict[str, object]) -> None:
    p, cid = cluster.params, cluster.id
    where = (f"regional ({stack.region}, three zones)" if p["regional"] else f"zonal ({p['zone']})")
    stack.decide(Decision(
        id=f"gcp.{cid}.gke",
        title=f"GKE Standard cluster, {where}: {p['machine_type']} nodes, {p['min_nodes']}-{p['max_nodes']} per "
              f"zone, release channel {p['release_channel']}",
        why=("A regional cluster replicates the control plane and spreads the nodes over three zones, so a zone "
             "loss or a control plane upgrade stops nothing. " if p["regional"] else
             f"One zone, a control deliberately off outside prod: {stack.environment} accepts that a zone loss or "
             "a control plane upgrade interrupts the cluster (a zonal control plane costs nothing extra). ")
            + "The default node pool is removed once the cluster exists; the nodes live in a separately managed "
              "pool that Terraform can replace without touching the cluster, with auto-repair, auto-upgrade, surge "
              "upgrades (one extra node, none unavailable) and the cluster autoscaler between the bounds above. "
            + (f"The {p['release_channel']} channel is the one prod follows: {stack.environment} tests the "
               "versions prod will get. " if p["release_channel"] != "RAPID" else
               "The RAPID channel, as stated: new versions first, without SLA (refused in prod). ")
            + "Maintenance windows on weekends, 02:00-08:00 UTC. "
            + ("Deletion protection is on: Terraform refuses to destroy the cluster." if p["deletion_protection"]
               else "Deletion protection is off so the environment can be torn down."),
        rule="private-data-tier",
        trigger=stated_trigger(stated, ("machine_type", "min_nodes", "max_nodes", "disk_size_gb",
                                        "release_channel", "regional"), stack.env_trigger),
        components=[cid],
        alternatives=["GKE Autopilot (nodes managed by Google, less control over node hardening)",
                      "the STABLE channel (older versions, slower security fixes)"]))
    endpoint = ("The control plane has a private endpoint only: it is reached from the VPC (a bastion through "
                "IAP, a VPN or an interconnect), never from the internet. " if p["private_endpoint"] else
                "The control plane keeps its public endpoint in this environment, a control deliberately off "
                "outside prod and staging, so operators can run kubectl from the networks they list in the "
                f"variable {cid}_admin_networks (empty by default: then only the VPC reaches it). ")
    stack.decide(Decision(
        id=f"gcp.{cid}.private",
        title=f"{cid}: private nodes, "
              + ("private control plane endpoint" if p["private_endpoint"] else "public endpoint behind "
                 "authorized networks") + ", control plane reachable from the stack's VPC ranges only",
        why="The nodes have no external IP (CIS GKE Benchmark 5.6.5): they reach Google APIs, Artifact Registry "
            "and Container Registry through Private Google Access, and the internet only if [gcp] internet_egress "
            "names the cluster (gcp.network.egress); images from elsewhere come through an Artifact Registry "
            "remote repository. " + endpoint
            + "Master authorized networks list the subnet and the pod range only, Google Cloud's public ranges "
              "are excluded and global access is off (5.6.3; 5.6.4 for the private endpoint). The cluster is "
              f"VPC-native (5.6.2): pods and services take alias IPs from the subnet's secondary ranges "
              f"{p['pods_cidr']} and {p['services_cidr']} (shared address space, so they overlap neither the "
              "subnet nor the Private Service Access range). Dataplane V2 enforces Kubernetes network policies "
              "(5.6.7) and intranode visibility sends pod-to-pod flows through the VPC, where flow logs see them "
              "(5.6.1). The VPC's deny-all egress stays: the nodes may reach the cluster's own ranges, Google APIs and "
              "registries (private.googleapis.com) on HTTPS and the stack's Cloud SQL and Memorystore instances on "
              "their port only (logging in to them is granted per workload through Workload Identity). GKE "
              "creates and owns the ingress firewall rules its control plane and load balancers need.",
        rule="private-data-tier", trigger=stack.env_trigger, components=[cid, "network"],
        alternatives=["a public endpoint open to 0.0.0.0/0 (CIS GKE Benchmark 5.6.3)",
                      "routes-based networking (no alias IPs, no Dataplane V2)"]))
    stack.decide(Decision(
        id=f"gcp.{cid}.nodes",
        title="Shielded COS_CONTAINERD nodes behind the GKE metadata server, own least-privilege service account",
        why="Shielded nodes with secure boot and integrity monitoring (CIS GKE Benchmark 5.5.5-5.5.7); the "
            "Container-Optimized OS image with containerd (5.5.1); auto-repair and auto-upgrade (5.5.2, 5.5.3); "
            "the GKE metadata server hides the node's credentials and the legacy metadata endpoints are off "
            "(5.4.1, 5.4.2); the kubelet's read-only port is closed. The nodes run as their own service account "
            "holding only " + ", ".join(r.removeprefix("roles/") for r in p["node_roles"])
            + " on the project, never the Compute Engine default account (Editor; CIS GCP Foundations 4.1, CIS "
              "GKE Benchmark 5.2.1). Pulling private images from Artifact Registry needs artifactregistry.reader "
              "on the repository, granted where the repository is managed. Boot disks are encrypted with the "
              "stack's disks key (5.9.1).",
        rule="least-privilege", trigger="always (governance)", components=[cid],
        alternatives=["the Compute Engine default service account", "Ubuntu node images (more to patch)"]))
    stack.decide(Decision(
        id=f"gcp.{cid}.workloads",
        title="Workload Identity, Binary Authorization (project policy enforced), Secrets encrypted with CMEK",
        why="Pods authenticate to Google APIs as the Google service account their Kubernetes service account is "
            "bound to (Workload Identity, CIS GKE Benchmark 5.2.2): no key file, no node credentials; each workload's "
            "service account and its grants are created with the workload. Binary Authorization enforces the "
            "project's singleton policy (5.10.5): the project's security team sets its attestors; Google's "
            "default policy admits every image until they do. Kubernetes Secrets are encrypted in etcd with the "
            "stack's cluster key, which only GKE's service agent may use (application-layer secrets encryption, "
            "5.3.1). No client certificate, no legacy ABAC (5.8.1, 5.8.3); the security posture "
            "dashboard scans workloads for vulnerabilities.",
        rule="secrets-management", trigger="always (governance)", components=[cid],
        alternatives=["node service account credentials shared by every pod", "Secrets encrypted with Google's "
                                                                               "keys only"]))
    stack.decide(Decision(
        id=f"gcp.{cid}.rbac",
        title=f"Google Groups for RBAC off until var.{cid}_rbac_security_group names the organization's group "
              "(Checkov CKV_GCP_65 skipped inline)",
        why="Google Groups for RBAC lets Kubernetes role bindings name Google Groups, which must be nested in the "
            "organization's gke-security-groups@DOMAIN group (CIS GKE Benchmark 5.8.2); the stack cannot know that "
            "Cloud Identity domain, so the check is skipped inline and the group is one variable away. Meanwhile "
            "role bindings name IAM principals, and access to the cluster is granted through IAM "
            "(roles/container.developer or narrower) to people and groups, never to allUsers.",
        rule="least-privilege", trigger="always (governance)", components=[cid],
        alternatives=["a guessed group name (the cluster creation fails if it does not exist)"]))
    stack.decide(Decision(
        id=f"gcp.{cid}.observability",
        title="System and workload logs to Cloud Logging, system metrics and Managed Service for Prometheus",
        why="Container logs and the control plane's system logs go to Cloud Logging (CIS GKE Benchmark 5.7.1); "
            "the Kubernetes API's admin activity is in the audit logs the baseline exports to its locked log "
            "bucket.",
        rule="log-retention", trigger="always (governance)", components=[cid],
        alternatives=["a self-managed log agent"]))


SPEC = KindSpec(
    name="kubernetes_cluster", default_id="k8s",
    description="Private GKE Standard cluster: VPC-native, Dataplane V2, Workload Identity, Binary Authorization, "
    "CMEK secrets encryption, shielded COS nodes in an autoscaled pool with a least-privilege service account.",
    words=("gke", "google kubernetes engine", "cluster gke", "gke cluster", "clusters gke", "gke clusters",
           "cluster kubernetes gke", "kubernetes engine"),
    params=KubernetesClusterParams, modules=("gke",), resolve=resolve,
    controls=("private-data-tier", "least-privilege", "encryption-keys", "secrets-management"),
    sizing="kubernetes_cluster",
)
