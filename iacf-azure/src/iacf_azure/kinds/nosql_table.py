"""The NoSQL table kind: a Cosmos DB for NoSQL account (one database, one container), private, Entra ID only on the
data plane, encrypted with its own customer-managed key, continuous backups per environment; each client gets a
Cosmos DB data role on its container only."""

from __future__ import annotations

from iacf_core import Decision, KindSpec, Stack, stated_trigger

from ..params import AzureNosqlTableParams
from ..references import cis
from ..sizing import env_defaults

# Cosmos DB's built-in data-plane roles (SQL role definitions of every account)
DATA_READER = "00000000-0000-0000-0000-000000000001"
DATA_CONTRIBUTOR = "00000000-0000-0000-0000-000000000002"
ROLES = {"read": ("Cosmos DB Built-in Data Reader", DATA_READER)}
CONTRIBUTOR = ("Cosmos DB Built-in Data Contributor", DATA_CONTRIBUTOR)
CLIENT_KINDS = ("web_app", "function", "worker", "scheduled_job")


def resolve(stack: Stack) -> None:
    for table in stack.by_kind("nosql_table"):
        stated = dict(table.params)
        table.params = {**env_defaults("nosql_table", stack), "partition_key": "pk", "ttl_seconds": 0, **stated,
                        "database": "app", "container": table.id.replace("_", "-")}
        clients = [(c.source, *ROLES.get(c.access, CONTRIBUTOR)) for c in stack.users(table.id)
                   if c.source in stack.components and stack.components[c.source].kind in CLIENT_KINDS]
        table.params["clients"] = [list(client) for client in clients]
        table.depends_on = sorted({*table.depends_on, "network", "keys", "monitoring"})
        p = table.params
        who = "; ".join(f"{source}: {role}" for source, role, _ in clients) or "no client yet"
        stack.decide(Decision(
            id=f"azure.{table.id}.cosmos-db",
            title=f"Cosmos DB for NoSQL, container {p['container']} partitioned by /{p['partition_key']}, autoscale "
                  f"up to {p['max_throughput']} RU/s" + (", zone-redundant" if p["zone_redundant"] else ""),
            why="Cosmos DB serves the key-value and document access of the application without servers; autoscale "
                "throughput follows the load between a tenth of the ceiling and the ceiling. "
                + ("Production replicates across the availability zones." if p["zone_redundant"] else
                   f"{stack.environment.capitalize()} runs in one zone to cost less: zone redundancy is off on "
                   "purpose (on in prod).")
                + (f" Items expire {p['ttl_seconds']} seconds after their last write." if p["ttl_seconds"] else ""),
            rule="azure.nosql.engine",
            trigger=stated_trigger(stated, ("partition_key", "max_throughput", "ttl_seconds"), stack.env_trigger),
            components=[table.id],
            alternatives=["serverless capacity (no zone redundancy, 1 TB limit)", "Table Storage (no private "
                          "Entra ID-only data plane with customer-managed keys per table)"],
        ))
        stack.decide(Decision(
            id=f"azure.{table.id}.private-entra-cmk",
            title="Private, Entra ID only on the data plane, encrypted with its own customer-managed key",
            why="Local (key) authentication is off and keys cannot change the account's metadata, so no account key "
                "or connection string is usable: each client holds a Cosmos DB data role on its container only "
                f"({who}). Public network access is off: clients reach the account through its private endpoint "
                "in gateway mode (HTTPS 443). TLS 1.2 minimum. The account's identity wraps the data with its own "
                "Key Vault key. Data-plane and control-plane requests are logged to Log Analytics. "
                + cis("default-encryption"),
            rule="private-data-tier", trigger="always", components=[table.id],
            alternatives=["primary keys in Key Vault (a secret to rotate, valid for every container)"],
        ))
        days = 30 if p["backup_tier"] == "Continuous30Days" else 7
        stack.decide(Decision(
            id=f"azure.{table.id}.backup",
            title=f"Continuous backup: point-in-time restore over the last {days} days",
            why="Continuous backup restores the account as it was at any second of the window, to a new account. "
                + ("Production keeps 30 days." if stack.is_prod else
                   f"{stack.environment.capitalize()} keeps 7 days, which costs nothing extra (30 in prod)."),
            rule="azure.env.backup", trigger=stack.env_trigger, components=[table.id],
            alternatives=["periodic backup (restore by a support request, fixed intervals)"],
        ))


SPEC = KindSpec(
    name="nosql_table", default_id="table",
    description="Cosmos DB for NoSQL: private, Entra ID data plane only, CMK, continuous backup, zone-redundant "
                "in prod.",
    words=("cosmos db", "cosmosdb", "azure cosmos db", "cosmos db nosql", "base cosmos db"),
    params=AzureNosqlTableParams, modules=("cosmos_db",), resolve=resolve,
    controls=("default-encryption", "private-data-tier", "least-privilege"), sizing="nosql_table",
)
