"""The cache kind: Azure Managed Redis, private, Entra ID only (access keys off), TLS, its own customer-managed key,
highly available with persistence outside dev; each client gets a data access policy assignment."""

from __future__ import annotations

from iacf_core import Decision, KindSpec, Stack, stated_trigger

from ..params import AzureCacheParams
from ..references import cis
from ..sizing import env_defaults

CLIENT_KINDS = ("web_app", "function", "worker", "scheduled_job")
PORT = 10000  # Azure Managed Redis' TLS port


def resolve(stack: Stack) -> None:
    for cache in stack.by_kind("cache"):
        stated = dict(cache.params)
        cache.params = {**env_defaults("cache", stack), **stated, "engine": "redis", "port": PORT}
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


SPEC = KindSpec(
    name="cache", default_id="cache",
    description="Azure Managed Redis: private, Entra ID only, TLS, CMK, highly available in staging and prod.",
    words=("azure managed redis", "azure cache for redis", "managed redis", "redis azure", "cache redis azure"),
    params=AzureCacheParams, modules=("managed_redis",), resolve=resolve,
    controls=("default-encryption", "private-data-tier", "least-privilege"), sizing="cache",
)
