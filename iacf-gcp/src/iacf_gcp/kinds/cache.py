"""The cache kind on Google Cloud: Memorystore for Redis on a private IP (Private Service Access), AUTH, TLS in
transit, CMEK; a replica and snapshots in prod."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Stack, stated_trigger

from ..params import CacheParams
from ..sizing import env_defaults, sizing
from .network import ensure_network


def clients(stack: Stack, cache: Component) -> list[str]:
    """The web applications connected to ``cache``: they get the firewall path and the AUTH secret."""
    ids = {conn.source for conn in stack.users(cache.id)}
    ids |= {app.id for app in stack.by_kind("web_app") if cache.id in app.connects_to}
    return sorted(i for i in ids if i in stack.components and stack.components[i].kind == "web_app")


def resolve(stack: Stack) -> None:
    for cache in stack.by_kind("cache"):
        _resolve_cache(stack, cache)


def _resolve_cache(stack: Stack, cache: Component) -> None:
    stated = dict(cache.params)
    size = env_defaults("cache", stack)
    version = str(stated.get("engine_version", "7.2"))
    users = clients(stack, cache)
    cache.params = {**stated, **{k: stated.get(k, v) for k, v in size.items()}, "engine": "redis",
                    "engine_version": version, "redis_version": sizing()["redis_versions"][version],
                    "clients": users, "auth_env": f"{cache.id.upper()}_AUTH"}
    ensure_network(stack)
    cache.depends_on = sorted({*cache.depends_on, "network", "keys"})
    p = cache.params
    ha = p["tier"] == "STANDARD_HA"
    stack.decide(Decision(
        id=f"gcp.{cache.id}.memorystore",
        title=f"Memorystore for Redis {version}, {p['tier']} ({p['memory_size_gb']} GB)"
              + (f", {p['replica_count']} replica" if ha else "") + (", RDB snapshots every 12 h" if p["snapshots"]
                                                                     else ", no snapshots"),
        why=("Prod runs the standard tier: a replica in another zone with automatic failover, and RDB snapshots, "
             "so a zone loss or a restart keeps the cache warm. " if ha else
             "One node (basic tier), a control deliberately off outside prod: no replica or failover "
             f"({stack.environment} accepts a cold cache after a zone loss). ")
            + "Eviction allkeys-lru; maintenance on Sundays at 03:00 UTC.",
        rule="private-data-tier",
        trigger=stated_trigger(stated, ("memory_size_gb", "replica_count", "engine_version"), stack.env_trigger),
        components=[cache.id], alternatives=["Memorystore for Valkey", "Redis on Compute Engine (servers to patch)"]))
    stack.decide(Decision(
        id=f"gcp.{cache.id}.private",
        title=f"{cache.id}: private IP only, AUTH required, TLS in transit, CMEK; reached by "
              + (", ".join(users) or "no workload"),
        why="The instance takes an address in the Private Service Access range: nothing outside the VPC reaches "
            "it, and the firewall allows port 6378 only from the connected web applications' network tags. AUTH "
            "is required and traffic is TLS (clients verify the server with the output CA certificate). The AUTH "
            f"string goes into the Secret Manager secret {p['auth_env']} of each client, added out of band by the "
            "operator (README), never written by Terraform; the provider does keep it in the state, which is "
            "CMEK-encrypted in a bucket only the CI identities read. Data is encrypted with the cache key, which "
            "only Memorystore's service agent may use (CIS GCP 1.9). Only web applications are wired as clients.",
        rule="private-data-tier", trigger="always (governance)", components=[cache.id, "network", *users],
        alternatives=["DIRECT_PEERING (no shared private range)", "no AUTH (any VPC workload could connect)"]))


SPEC = KindSpec(
    name="cache", default_id="cache",
    description="Memorystore for Redis: private IP (Private Service Access), AUTH, TLS in transit, CMEK; standard "
    "tier with a replica and snapshots in prod.",
    words=("memorystore", "memorystore redis", "memorystore for redis", "cache memorystore", "google memorystore"),
    params=CacheParams, modules=("memorystore_redis",), resolve=resolve,
    controls=("private-data-tier", "default-encryption", "encryption-keys"), sizing="cache",
)
