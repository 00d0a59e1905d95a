"""The kubernetes cluster kind: an AKS private cluster with Entra ID RBAC only, Azure CNI Overlay with a network
policy, a system pool for critical add-ons and an autoscaled user pool (across zones in prod), Defender, Azure
Policy, the Key Vault secrets provider, Container Insights, disks encrypted with a customer key, automatic upgrades
in a maintenance window, workload identity, and a private Premium registry its nodes pull from."""

from __future__ import annotations

from iacf_core import Decision, KindSpec, Stack, stated_trigger

from ..params import AKS_VM_SIZES, AzureKubernetesClusterParams
from ..references import cis
from ..sizing import env_defaults, paired_region

DEFAULT_VERSION = "1.33"
POD_CIDR = "192.168.0.0/16"  # overlay: pods take no address of the virtual network
SERVICE_CIDR = "172.16.0.0/16"


def private_dns_zone(stack: Stack) -> str:
    """The private DNS zone of the stack's private API servers (AKS requires the region's suffix)."""
    return f"privatelink.{stack.region}.azmk8s.io"


def resolve(stack: Stack) -> None:
    for cluster in stack.by_kind("kubernetes_cluster"):
        stated = dict(cluster.params)
        size = env_defaults("kubernetes_cluster", stack)
        cluster.params = {**size, **stated,
                          "kubernetes_version": stated.get("kubernetes_version", DEFAULT_VERSION),
                          "network_policy": stated.get("network_policy", "cilium"),
                          "pod_cidr": POD_CIDR, "service_cidr": SERVICE_CIDR,
                          "private_dns_zone": private_dns_zone(stack)}
        p = cluster.params
        p["os_disk_size_gb"] = AKS_VM_SIZES[str(p["vm_size"])]
        p["system_os_disk_size_gb"] = AKS_VM_SIZES[str(p["system_vm_size"])]
        # prod replicates the registry to the paired region, when the region has one
        pair = paired_region(stack.region) if stack.is_prod else None
        p["georeplication_location"] = pair or ""
        cluster.depends_on = sorted({*cluster.depends_on, "network", "keys", "monitoring"})
        _decide(stack, cluster.id, stated, p)


def _decide(stack: Stack, cid: str, stated: dict[str, object], p: dict[str, object]) -> None:
    zoned = bool(p["zones"])
    env = stack.environment.capitalize()
    stack.decide(Decision(
        id=f"azure.{cid}.aks",
        title=f"AKS {p['kubernetes_version']}, {p['sku_tier']} tier; user pool {p['vm_size']} autoscaled "
              f"{p['min_nodes']} to {p['max_nodes']} nodes" + (" across zones 1, 2 and 3" if zoned else ""),
        why=("The Standard tier gives the API server its uptime SLA (99.95 % across zones) and room for more nodes. "
             if p["sku_tier"] == "Standard" else
             f"{env} runs the Free tier (no uptime SLA) on purpose to cost less: prod runs Standard. ")
            + "The system pool (" + f"{p['system_vm_size']}, {p['system_min_nodes']} to {p['system_max_nodes']} "
            "nodes) runs only critical add-ons (CriticalAddonsOnly taint); the workloads run on the user pool, "
            "which the cluster autoscaler grows and shrinks within the environment's range. "
            + ("Both pools spread their nodes over three availability zones, so the loss of one zone stops "
               "nothing." if zoned else
               f"{env} keeps its nodes in any zone (no zone spread) to cost less; prod spreads them over three."),
        rule="azure.env.ha",
        trigger=stated_trigger(stated, ("kubernetes_version", "vm_size", "min_nodes", "max_nodes"), stack.env_trigger),
        components=[cid],
        alternatives=["Azure Container Apps (no cluster to run, less control)",
                      "AKS Automatic (node pools chosen by Azure)"],
    ))
    stack.decide(Decision(
        id=f"azure.{cid}.private-api",
        title="Private cluster: the API server has no public address, its name resolves in "
              f"{p['private_dns_zone']}",
        why="The API server is reached through a private endpoint in the cluster's subnet only (no public FQDN, no "
            "authorized public ranges to maintain); the stack's network links the private DNS zone, and the "
            "cluster's identity may write records in that zone and join that subnet only. Administrators and CI "
            "reach it from a peered network or with `az aks command invoke`. " + cis("private-data-tier"),
        rule="private-data-tier", trigger="always", components=[cid],
        alternatives=["a public API server with authorized IP ranges (an internet-facing control plane)",
                      "API server VNet integration (preview features on some regions)"],
    ))
    stack.decide(Decision(
        id=f"azure.{cid}.entra-rbac",
        title="Entra ID authentication and Azure RBAC for Kubernetes, local accounts disabled",
        why="No static cluster-admin certificate exists: every user and pipeline signs in with Entra ID, and "
            "Kubernetes permissions are Azure role assignments. The group given as cluster_admin_group_object_id "
            "is the cluster's administrator. Workloads get an Entra ID identity through workload identity (OIDC "
            "issuer + federated credentials), never a secret. The kubelet has its own identity, allowed to pull "
            "from the stack's registry (AcrPull on that registry only); the control plane's identity holds Network "
            "Contributor on its subnet, Private DNS Zone Contributor on its zone and Managed Identity Operator on "
            "the kubelet identity, nothing else. " + cis("least-privilege"),
        rule="least-privilege", trigger="always", components=[cid],
        alternatives=["Kubernetes RBAC with Entra ID groups (bindings kept in the cluster)",
                      "local accounts (a static admin credential to guard)"],
    ))
    stack.decide(Decision(
        id=f"azure.{cid}.network",
        title=f"Azure CNI Overlay with the {p['network_policy']} network policy, egress through the NAT gateway",
        why="Nodes take addresses of the cluster's subnet; pods take addresses of a private overlay "
            f"({p['pod_cidr']}), so the virtual network is not exhausted by pods. "
            + ("Cilium (Azure CNI powered by Cilium) enforces Kubernetes network policies in eBPF. "
               if p["network_policy"] == "cilium" else
               "Azure Network Policy Manager enforces Kubernetes network policies. ")
            + "The subnet's security group lets in only the cluster's own nodes and pods and Azure's load "
              "balancer; outbound traffic leaves through the stack's NAT gateway (a static address), never "
              "through a public IP of a node.",
        rule="private-data-tier", trigger=stated_trigger(stated, ("network_policy",), "always"), components=[cid],
        alternatives=["kubenet (retired)", "Azure CNI with pod subnets (more addresses of the network)"],
    ))
    stack.decide(Decision(
        id=f"azure.{cid}.security-addons",
        title="Defender for Containers, Azure Policy add-on, Key Vault secrets provider with rotation, Container "
              "Insights",
        why="Microsoft Defender's sensor reports runtime threats to the stack's Log Analytics workspace; the "
            "Azure Policy add-on enforces the built-in pod security initiatives; the Key Vault secrets provider "
            "mounts Key Vault secrets (refreshed every 2 minutes) instead of Kubernetes secrets; Container Insights "
            "sends node, pod and control plane logs to Log Analytics with managed identity authentication. "
            "Unused images are removed every 48 hours (image cleaner). " + cis("threat-detection"),
        rule="threat-detection", trigger="always", components=[cid],
        alternatives=["a third-party runtime sensor", "Kubernetes secrets (base64 in etcd)"],
    ))
    stack.decide(Decision(
        id=f"azure.{cid}.disks",
        title="Ephemeral OS disks, encryption at host, managed disks encrypted with the cluster's customer key",
        why="Ephemeral OS disks live on the VM's local disk (faster, re-imaged on upgrade, no disk to leak); "
            "encryption at host encrypts them and the temporary disk before they leave the host. The disk "
            "encryption set wraps every managed disk of the cluster (persistent volumes included) with the "
            "cluster's own Key Vault key, rotated automatically. The node sizes have a local disk (a 'd' size) "
            "for this. " + cis("default-encryption"),
        rule="encryption-keys", trigger="always", components=[cid],
        alternatives=["managed OS disks (slower, billed, kept between re-images)", "platform-managed keys"],
    ))
    stack.decide(Decision(
        id=f"azure.{cid}.upgrades",
        title="Automatic patch upgrades and node image upgrades in a Sunday maintenance window",
        why="The patch channel applies Kubernetes patch versions of the pinned minor version; node images (OS "
            "security fixes) are upgraded weekly; both only during the maintenance window (Sunday 02:00 to "
            "06:00 UTC for Kubernetes, Saturday 02:00 to 06:00 UTC for node images). A minor version upgrade "
            "is a deliberate change of kubernetes_version, reviewed in a plan.",
        rule="azure.aks.upgrades", trigger="always", components=[cid],
        alternatives=["the stable channel (minor versions move under Terraform: drift)", "manual upgrades"],
    ))
    stack.decide(Decision(
        id=f"azure.{cid}.registry",
        title="A private Premium container registry: no admin user, customer-managed key, the nodes pull with "
              "their own identity",
        why="Private endpoints and customer-managed keys need the Premium tier, so every environment gets it. The "
            "registry has no public network access, no admin user and no anonymous pull; its identity may use its "
            "own Key Vault key only; untagged manifests are deleted after 7 days; pushes come from the CI "
            "identity (AcrPush granted by the platform team), pulls from the kubelet identity (AcrPull). "
            + "It is zone-redundant (at no extra cost on Premium). "
            + (f"It is replicated to {p['georeplication_location']}, the paired region. "
               if p["georeplication_location"] else
               "It is not geo-replicated (prod replicates it to the paired region). " if not stack.is_prod else
               f"{stack.region} has no paired region to replicate it to. ")
            + cis("public-access-block"),
        rule="least-privilege", trigger="always", components=[cid],
        alternatives=["a shared organisation registry (give its id and grant AcrPull there instead)",
                      "Docker Hub (public, rate-limited)"],
    ))


SPEC = KindSpec(
    name="kubernetes_cluster", default_id="k8s",
    description="AKS private cluster: Entra ID RBAC only, Azure CNI Overlay + network policy, autoscaled system and "
                "user pools (across zones in prod), Defender, Azure Policy, CMK disks, private Premium registry.",
    words=("aks", "azure kubernetes service", "cluster aks", "aks cluster", "clusters aks", "aks clusters",
           "cluster kubernetes azure", "kubernetes azure", "azure kubernetes"),
    param_words={"network_policy": {"azure": ("azure network policy", "azure network policy manager",
                                              "politique reseau azure"),
                                    "cilium": ("cilium", "azure cni powered by cilium")}},
    params=AzureKubernetesClusterParams, modules=("aks",), resolve=resolve,
    controls=("private-data-tier", "default-encryption", "least-privilege", "threat-detection"),
    sizing="kubernetes_cluster",
)
