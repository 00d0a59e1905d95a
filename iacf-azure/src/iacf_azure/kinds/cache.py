"""The cache kind: Azure Managed Redis, private, Entra ID only (access keys off), TLS, its own customer-managed key,
highly available with persistence outside dev, one endpoint any Redis client can use: one unsharded database where
every command works with any keys (the NoCluster policy) up to 25 GB, the Enterprise proxy above, unless the spec
chooses another policy; each client gets a data access policy assignment."""

from __future__ import annotations

from iacf_core import GENERIC_FRAMEWORK, Decision, KindSpec, Stack, frameworks, stated_trigger

from ..params import SHARDED_ONLY_SKUS, AzureCacheParams
from ..references import cis
from ..sizing import env_defaults

CLIENT_KINDS = ("web_app", "function", "worker", "scheduled_job")
PORT = 10000  # Azure Managed Redis' TLS port
# the ports of the shards a cluster-aware client connects to under the OSS policy, besides PORT
SHARD_PORTS = "8500-8599"
# the SKUs that run a single shard (Azure's sharding table), where no command meets a hash slot limit
SINGLE_SHARD_SKUS = ("Balanced_B0", "Balanced_B1")
CROSS_SLOT = "DEL, MSET, MGET, EXISTS, UNLINK and TOUCH"  # the multi-key commands the Enterprise proxy splits
# each policy as an alternative to the one chosen
ALTERNATIVES = {
    "EnterpriseCluster": "one endpoint behind a proxy: any client, multi-key commands other than "
                         f"{CROSS_SLOT} within one hash slot on a SKU with several shards",
    "OSSCluster": "the Redis Cluster protocol: cluster-aware clients only, the most throughput",
    "NoCluster": "unsharded: every command with any keys, 25 GB and below, less throughput",
}


def default_clustering(sku: str) -> str:
    """The policy a cache gets unless its spec states one: no sharding, where every command works with any client,
    on the SKUs that allow it (25 GB and below); the Enterprise proxy, which serves every SKU, above."""
    return "EnterpriseCluster" if sku in SHARDED_ONLY_SKUS else "NoCluster"


def resolve(stack: Stack) -> None:
    for cache in stack.by_kind("cache"):
        stated = dict(cache.params)
        cache.params = {**env_defaults("cache", stack), **stated, "engine": "redis", "port": PORT}
        cache.params.setdefault("clustering_policy", default_clustering(str(cache.params["sku_name"])))
        clients = sorted({c.source for c in stack.users(cache.id)
                          if c.source in stack.components and stack.components[c.source].kind in CLIENT_KINDS})
        cache.params["clients"] = clients
        cache.depends_on = sorted({*cache.depends_on, "network", "keys", "monitoring"})
        p = cache.params
        stack.decide(Decision(
            id=f"azure.{cache.id}.managed-redis",
            title=f"Azure Managed Redis {p['sku_name']}"
                  + (", highly available" if p["high_availability"] else ", no replica")
                  + (f", persisted every {p['backup_frequency']}" if p["backup_frequency"] else ", not persisted"),
            why="Azure Managed Redis is the Redis service with customer-managed keys and Entra ID access (Azure Cache "
                "for Redis Premium encrypts with platform keys only). "
                + ("A replica in another availability zone takes over on failure, and RDB snapshots let the cache "
                   "restart warm." if p["high_availability"] and stack.is_prod else
                   f"{stack.environment.capitalize()} keeps a replica with less frequent snapshots." if
                   p["high_availability"] else
                   f"{stack.environment.capitalize()} runs one node without persistence to cost less: high "
                   "availability is off on purpose (on in prod), and a restart empties the cache."),
            rule="azure.env.ha", trigger=stated_trigger(stated, ("sku_name",), stack.env_trigger),
            components=[cache.id],
            alternatives=["Azure Cache for Redis Premium (platform-managed keys only)",
                          "an in-process cache (lost at each deployment, not shared between instances)"],
        ))
        stack.decide(Decision(
            id=f"azure.{cache.id}.private-entra-cmk",
            title="Private, Entra ID only, TLS, encrypted with its own customer-managed key",
            why="Access keys are off, so no Redis password exists: each client signs in with an Entra ID token of its "
                "identity, holding the default access policy on the cache ("
                + (", ".join(clients) or "no client yet") + "). Public network access is off; clients reach it "
                f"through its private endpoint on {PORT} (TLS only: the encrypted client protocol, TLS 1.2+). The "
                "cache's identity wraps its data and persistence files with its own Key Vault key. Connection "
                "events go to Log Analytics. Checkov has no check for azurerm_managed_redis: the module's mocked "
                "tests assert these settings. " + cis("default-encryption"),
            rule="private-data-tier", trigger="always", components=[cache.id],
            alternatives=["access keys in Key Vault (a shared password to rotate)"],
        ))
        stack.decide(_clustering(stack, cache.id, stated, clients))


def _client_names(stack: Stack, clients: list[str]) -> str:
    """``app (Django), worker``: each client, with the framework it names."""
    named = []
    for source in clients:
        framework = str(stack.components[source].params.get("framework", GENERIC_FRAMEWORK))
        title = frameworks().get(framework, {}).get("title") if framework != GENERIC_FRAMEWORK else None
        named.append(f"{source} ({title})" if title else source)
    return ", ".join(named) or "no client yet"


def _clustering(stack: Stack, cid: str, stated: dict[str, object], clients: list[str]) -> Decision:
    """How clients reach the cache: the clustering policy, why (stated, or the default for the SKU), what it lets each
    client do and what it costs."""
    p = stack.components[cid].params
    policy, sku = str(p["clustering_policy"]), str(p["sku_name"])
    large = sku in SHARDED_ONLY_SKUS
    names = _client_names(stack, clients)
    django = any(stack.components[c].params.get("framework") == "django" for c in clients)
    fixed = "The policy is fixed at creation: changing it recreates the database, which empties the cache."
    slots = ("MULTI/EXEC transactions and Lua scripts need all their keys in one hash slot (a hash tag: "
             "{user:1}:cart, {user:1}:views), or fail with CROSSSLOT")
    set_many = "Django's cache.set_many sends its MSET, and an EXPIRE per key, in one MULTI/EXEC transaction"
    if policy == "OSSCluster":
        title = "The Redis Cluster protocol, for cluster-aware clients only (OSSCluster clustering policy)"
        why = ("Clients connect to each shard directly, the most throughput Azure Managed Redis gives, but only a "
               "cluster-aware client works: it reads the shard map, follows MOVED redirects and connects to every "
               f"shard on the ports the cache announces ({SHARD_PORTS} of the private endpoint, besides {PORT}; the "
               "network opens both from the tiers the clients run in). "
               f"Every client must use one: {names}"
               + ("; Django's RedisCache runs redis-py's non-cluster client, which gets MOVED errors, so a Django "
                  "app needs a cluster-aware cache backend" if django else "")
               + f". Multi-key commands (MGET, MSET and DEL included), {slots}. " + fixed)
    elif policy == "NoCluster":
        title = "One unsharded database on one endpoint that any Redis client can use (NoCluster clustering policy)"
        why = (f"The cache is one Redis database behind one endpoint (its host name on {PORT}): any Redis client "
               f"works as it is ({names}), and every command, MULTI/EXEC transaction and Lua script works with any "
               "keys" + (f" ({set_many}: it works on every size)" if django else "")
               + ". The sharded policies would limit them: EnterpriseCluster refuses transactions and Lua scripts "
               "whose keys span hash slots (CROSSSLOT) on a SKU with several shards (every SKU above Balanced_B1"
               + (f", {sku} included" if sku not in SINGLE_SHARD_SKUS else "")
               + "), and OSSCluster accepts cluster-aware clients only. What it costs: one shard runs the commands "
               "(less throughput than the sharded policies, which spread them over the vCPUs), the SKU stays at "
               f"25 GB or below (this one is {sku}), and a larger SKU needs another policy first. " + fixed)
    else:
        sharded = sku not in SINGLE_SHARD_SKUS
        title = "One endpoint that any Redis client can use (EnterpriseCluster clustering policy)"
        reason = (f"{sku} holds more than 25 GB, which the NoCluster policy (one unsharded database, every command "
                  "with any keys) does not serve, so the cache is sharded. "
                  if large and "clustering_policy" not in stated else "")
        why = (reason + f"Clients reach the cache on one endpoint, its host name on {PORT}: a proxy in the cache "
               "routes each command to the shard holding its key, so a client without Redis Cluster support (a "
               "framework's default cache client, such as Django's RedisCache on redis-py) works as it is: "
               f"{names}. The OSS policy would accept cluster-aware clients only (each must follow MOVED "
               f"redirects and connect to every shard on ports {SHARD_PORTS}). What it costs: every command goes "
               "through the proxy, so the largest SKUs give less throughput than with the OSS policy; on a SKU "
               "with several shards (every SKU above Balanced_B1" + (f", {sku} included" if sharded else "")
               + f") {CROSS_SLOT} work across hash slots, but other multi-key commands, {slots}"
               + (f" ({set_many})" if django else "")
               + (". " if large else ". The NoCluster policy lifts that limit up to 25 GB. ") + fixed)
    alternatives = {**ALTERNATIVES}
    if large:
        alternatives["NoCluster"] += f"; not for {sku}"
    return Decision(
        id=f"azure.{cid}.clustering-policy", title=title, why=why, rule="azure.cache.clustering",
        trigger=stated_trigger(stated, ("clustering_policy",),
                               f"default for {sku} ({'above' if large else 'up to'} 25 GB); clients: {names}"),
        components=[cid],
        alternatives=[f"{other} ({alternatives[other]})" for other in sorted(alternatives) if other != policy],
    )


SPEC = KindSpec(
    name="cache", default_id="cache",
    description="Azure Managed Redis: private, Entra ID only, TLS, CMK, highly available in staging and prod, one "
                "endpoint for any Redis client (clustering_policy: NoCluster up to 25 GB, EnterpriseCluster "
                "above).",
    words=("azure managed redis", "azure cache for redis", "managed redis", "redis azure", "cache redis azure"),
    params=AzureCacheParams, modules=("managed_redis",), resolve=resolve,
    controls=("default-encryption", "private-data-tier", "least-privilege"), sizing="cache",
)
