"""The network kind: a dedicated virtual network with one subnet per tier, a deny-by-default security group on each,
a NAT gateway, private DNS zones for the private endpoints and VNet flow logs; added for the components that need
one."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Provenance, SpecError, Stack

from ..policy import azure_policy
from ..references import cis
from ..sizing import env_defaults, retention_days, sizing
from .cache import PORT as CACHE_PORT
from .cache import SHARD_PORTS
from .kubernetes_cluster import private_dns_zone

# CIS Azure 6.5: flow logs are kept at least 90 days, whatever the environment's log retention
FLOW_LOG_MIN_DAYS = 90


def _zones(stack: Stack) -> list[str]:
    zones = ["privatelink.blob.core.windows.net", "privatelink.vaultcore.azure.net"]
    if stack.by_kind("web_app") or stack.by_kind("function") or stack.by_kind("http_api"):
        zones.append("privatelink.azurewebsites.net")
    if stack.by_kind("cache"):
        zones.append("privatelink.redis.azure.net")
    if stack.by_kind("kubernetes_cluster"):
        zones.extend([private_dns_zone(stack), "privatelink.azurecr.io"])
    if stack.by_kind("nosql_table"):
        zones.append("privatelink.documents.azure.com")
    if stack.by_kind("queue") or stack.by_kind("topic"):
        zones.append("privatelink.servicebus.windows.net")
    for engine in sorted({str(db.params.get("engine", "postgres")) for db in stack.by_kind("relational_database")}):
        zones.append(SQL_ZONE if engine == "sqlserver" else database_zone(stack, engine))
    return sorted(zones)


def _extra_ports(stack: Stack) -> list[str]:
    """Ports beyond HTTPS the private endpoints answer from the application tier: AMQP over TLS (Service Bus),
    TDS (Azure SQL), Redis over TLS (Azure Managed Redis) and, for a cache under the OSS clustering policy, the
    ports of its shards."""
    ports = ["5671"] if stack.by_kind("queue") or stack.by_kind("topic") else []
    if any(db.params.get("engine") == "sqlserver" for db in stack.by_kind("relational_database")):
        ports.append("1433")  # TDS to Azure SQL's private endpoint
    if stack.by_kind("cache"):
        ports.append(str(CACHE_PORT))
    if _oss_caches(stack):
        ports.append(SHARD_PORTS)  # cluster-aware clients connect to each shard
    return ports


def _oss_caches(stack: Stack) -> list[str]:
    """The caches whose clients speak the Redis Cluster protocol (OSSCluster, stated in the spec)."""
    return [c.id for c in stack.by_kind("cache") if c.params.get("clustering_policy") == "OSSCluster"]


def _published_apis(stack: Stack) -> list[Component]:
    return [api for api in stack.by_kind("http_api") if api.params.get("internet_facing", True)]
# Azure SQL's private endpoints resolve in Azure's fixed private link zone
SQL_ZONE = "privatelink.database.windows.net"


def database_zone(stack: Stack, engine: str) -> str:
    """The private DNS zone of the stack's Flexible Servers of ``engine`` (Azure requires the service's suffix)."""
    return f"{stack.spec.project}-{stack.environment}.private.{engine}.database.azure.com"


def resolve(stack: Stack) -> None:
    users = [c for c in stack.ordered() if c.kind in ("web_app", "function", "relational_database", "object_storage",
                                                   "nosql_table", "cache", "queue", "topic", "worker",
                                                   "scheduled_job", "static_site", "http_api", "kubernetes_cluster")]
    net = stack.components.get("network")
    if net is None and not users:
        return
    defaults = env_defaults("network", stack)
    flow_days = max(FLOW_LOG_MIN_DAYS, retention_days(stack))
    dbs = stack.by_kind("relational_database")
    # Azure SQL is reached through a private endpoint: only Flexible Servers take the data subnet
    engines = sorted({str(db.params.get("engine", "postgres")) for db in dbs} - {"sqlserver"})
    dbs = [db for db in dbs if db.params.get("engine") != "sqlserver"]
    if len(engines) > 1:
        raise SpecError(f"databases {', '.join(db.id for db in dbs)} use {' and '.join(engines)}: the data subnet is "
                        "delegated to one Flexible Server service, so one stack holds databases of one engine")
    engine = sizing()["engines"][engines[0]] if engines else {}
    watcher = azure_policy(stack).network_watcher
    params = {**defaults, "gateway_subnet": bool(stack.by_kind("web_app") or _published_apis(stack)),
              "apim_subnet": bool(stack.by_kind("http_api")),
              # the Container Apps environment's own delegated subnet
              "apps_subnet": bool(stack.by_kind("worker") or stack.by_kind("scheduled_job")),
              "data_delegation": engine.get("delegation", ""), "data_port": engine.get("port", 0),
              "private_dns_zones": _zones(stack), "flow_log_retention_days": flow_days,
              "traffic_analytics_interval": 10 if stack.is_prod else 60, "network_watcher": watcher,
              # AMQP over TLS to the Service Bus private endpoint
              "endpoint_extra_ports": _extra_ports(stack),
              # AKS nodes get their own tier
              "cluster_subnet": bool(stack.by_kind("kubernetes_cluster"))}
    if net is None:
        stack.ensure(Component(id="network", kind="network", params=params,
                               provenance=Provenance(source="dependency")), Decision(
            id="azure.network.vnet",
            title=f"Dedicated virtual network {params['address_space']} with one subnet per tier",
            why=f"{', '.join(c.id for c in users)} must not share a network with other workloads: a gateway tier "
                "(when an application is served), an application tier (App Service VNet integration), a data tier "
                "(delegated to the database service) and a private endpoint tier. No subnet has default outbound "
                "access; the application tier leaves through a NAT gateway with a static IP.",
            rule="azure.network.tiers", trigger=f"a component needs a network ({', '.join(c.id for c in users)})",
            alternatives=["a hub-and-spoke landing zone network (peer this VNet to the hub)",
                          "service endpoints instead of private endpoints (public IPs stay reachable)"],
        ))
    else:
        net.params = {**params, **net.params}
    oss = _oss_caches(stack)
    stack.decide(Decision(
        id="azure.network.nsg", title="A network security group on every subnet, denying every inbound flow it "
                                      "does not name",
        why="Azure's default rules let any address of the virtual network in; each group ends with a deny-all "
            "inbound rule (priority 4096) and allows only: HTTPS from the internet and the platform's ports "
            "(GatewayManager, AzureLoadBalancer) on the gateway tier, the database port from the application tier on "
            "the data tier, HTTPS from the application tier on the private endpoints"
            + (f", and {SHARD_PORTS} besides Redis' {CACHE_PORT} for {', '.join(oss)} (the OSS clustering policy: "
               "cluster-aware clients connect to each shard on those ports)" if oss else "")
            + ". No SSH or RDP anywhere. "
            "A subnet is handed to what is made in it only once its security group, every rule of it and its NAT "
            "gateway are attached, and a private DNS zone once it is linked to the network: on a first apply the "
            "deny-all rule is never in force without the rules that let the runners and the Application Gateway "
            "reach Key Vault's endpoint. "
            "CIS Microsoft Azure Foundations 2.0.0: 6.1 RDP, 6.2 SSH, 6.4 HTTP(S) from the internet restricted.",
        rule="private-data-tier", trigger="always", components=["network"],
        alternatives=["Azure Firewall in a hub (central egress filtering, about 900 USD a month)"],
    ))
    if params["apps_subnet"]:
        stack.decide(Decision(
            id="azure.network.apps-tier",
            title="A Container Apps tier: its own subnet delegated to Microsoft.App/environments",
            why="The Container Apps environment needs a subnet of its own, delegated to its service (the app tier's "
                "is delegated to App Service). Its security group lets in only the tier itself (replicas of the "
                "environment) and the platform's load balancer, then denies everything; the endpoints tier answers "
                "it on HTTPS and the service ports, the data tier on the database port. It leaves through the NAT "
                "gateway. CIS Microsoft Azure Foundations 2.0.0: 6.1 RDP, 6.2 SSH, 6.4 HTTP(S) from the internet "
                "restricted.",
            rule="private-data-tier", trigger="a worker or scheduled job (Container Apps environment)",
            components=["network"],
            alternatives=["sharing the app tier (delegated to App Service: refused by Azure)"],
        ))
    where = ("the region's existing Network Watcher (NetworkWatcherRG)" if watcher == "existing"
             else "a Network Watcher created in the project")
    stated = (f" ({stack.policy.label} [azure] network_watcher)" if stack.policy.states("azure.network_watcher")
              else "")
    stack.decide(Decision(
        id="azure.network.flow-logs",
        title=f"VNet flow logs kept {flow_days} days, with traffic analytics every "
              f"{params['traffic_analytics_interval']} minutes",
        why="Network forensics need the metadata of allowed and denied flows: VNet flow logs (NSG flow logs are "
            "retired) go to a storage account encrypted with a customer-managed key (its firewall denies every address "
            "and lets Network Watcher in as a trusted service) and to Log Analytics traffic "
            f"analytics, {'every 10 minutes in prod' if stack.is_prod else 'hourly outside prod'}; kept at least 90 "
            f"days. They run on {where}{stated}. " + cis("network-flow-logs"),
        rule="network-flow-logs", trigger="always (governance)", components=["network"],
        alternatives=["NSG flow logs (retired by Azure)", "flow logs without traffic analytics (no query)"],
    ))
    stack.decide(Decision(
        id="azure.network.private-dns",
        title="Private DNS zones for the private endpoints: " + ", ".join(params["private_dns_zones"]),
        why="Key Vault, storage, the web app and the database resolve to private addresses inside the network; "
            "their public endpoints are disabled.",
        rule="azure.network.private-endpoints", trigger="always", components=["network"],
        alternatives=["central private DNS zones of a landing zone hub (link this VNet to them instead)"],
    ))


SPEC = KindSpec(
    name="network", default_id="network",
    description="Virtual network, subnets per tier with NSGs, NAT gateway, private DNS zones, VNet flow logs.",
    modules=("network", "storage_account"), internal=True,
    controls=("network-flow-logs", "private-data-tier", "default-encryption", "public-access-block"),
)
