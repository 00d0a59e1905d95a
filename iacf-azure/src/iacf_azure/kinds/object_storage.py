"""The object storage kind: a private storage account (blob) for the application's files, reached through a
private endpoint with Entra ID only; its clients get a data role on its container only."""

from __future__ import annotations

from pydantic import Field

from iacf_core import Decision, KindParams, KindSpec, Stack, stated_trigger

from ..naming import storage_account_name
from ..references import cis
from ..sizing import env_defaults

# connection access level → the data-plane role its client gets on the container
BLOB_ROLES = {"read_write": "Storage Blob Data Contributor", "write": "Storage Blob Data Contributor",
              "read": "Storage Blob Data Reader"}


class ObjectStorageParams(KindParams):
    """On Azure: a private storage account (blob) with versioning and soft delete."""

    soft_delete_days: int | None = Field(
        default=None, ge=7, le=365,
        description="Days deleted blobs and containers (and replaced versions' change feed) can be recovered "
                    "(7 to 365). Default: dev 7, staging 30, prod 90.")


def resolve(stack: Stack) -> None:
    for storage in stack.by_kind("object_storage"):
        stated = dict(storage.params)
        storage.params = {**env_defaults("object_storage", stack), **stated, "container": "files",
                          "account_name": storage_account_name(storage.id, kept=4)}
        storage.depends_on = sorted({*storage.depends_on, "network", "keys", "monitoring"})
        clients = [(c.source, BLOB_ROLES.get(c.access, "Storage Blob Data Reader"))
                   for c in stack.users(storage.id) if c.source in stack.components]
        storage.params["clients"] = [list(pair) for pair in clients]
        who = "; ".join(f"{source}: {role}" for source, role in clients) or "no client yet"
        stack.decide(Decision(
            id=f"azure.{storage.id}.storage-account",
            title=f"Private storage account with versioning and {storage.params['soft_delete_days']} days of soft "
                  "delete, customer-managed key",
            why="Blobs are reached through a private endpoint with Entra ID only: shared keys, local users, SFTP and "
                "anonymous access are off, TLS 1.2, infrastructure encryption plus the account's own customer-managed "
                "key, GZRS replication, versioning and change feed, every blob operation logged to Log Analytics. "
                f"Each client gets a data role on the container only ({who}). " + cis("public-access-block"),
            rule="public-access-block",
            trigger=stated_trigger(stated, ("soft_delete_days",), stack.env_trigger),
            components=[storage.id],
            alternatives=["SAS tokens (a secret to distribute and rotate)", "a public container behind a CDN"],
        ))


SPEC = KindSpec(
    name="object_storage", default_id="storage",
    description="Private storage account (blob): Entra ID only, CMK, versioning, soft delete, private endpoint.",
    words=("blob storage", "azure blob storage", "stockage blob", "azure storage", "storage account",
           "compte de stockage", "blob", "blobs", "blob container", "blob containers", "conteneur blob",
           "conteneurs blob", "container blob"),
    params=ObjectStorageParams, modules=("storage_account",), resolve=resolve,
    controls=("default-encryption", "public-access-block", "least-privilege"), sizing="object_storage",
)
