"""The encryption keys kind: the project's Key Vault (RBAC, purge protection, private endpoint) holding the
customer-managed keys, the application's secrets and its TLS certificates; added to every stack."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Provenance, Stack

from ..references import cis
from ..sizing import env_defaults


def key_names(stack: Stack) -> list[str]:
    """One key per encrypted service: the flow logs' storage, each database, each storage account (a function's
    own included), each cluster's disks and registry, the Service Bus namespace."""
    names = ["flow-logs"] if "network" in stack.components else []
    for c in stack.ordered():
        if c.kind in ("relational_database", "object_storage", "nosql_table", "cache", "static_site"):
            names.append(key_name(c.id))
        elif c.kind == "function":
            names.append(f"{key_name(c.id)}-storage")
        elif c.kind == "kubernetes_cluster":
            names.extend([key_name(c.id), f"{key_name(c.id)}-registry"])
    if any(c.kind in ("queue", "topic") for c in stack.components.values()):
        names.append("service-bus")
    return names


def key_name(component_id: str) -> str:
    """A component's key name: Key Vault names take letters, digits and hyphens."""
    return component_id.replace("_", "-")


def geo_key_names(stack: Stack) -> list[str]:
    """Keys of the paired region: the databases whose backups are geo-redundant."""
    # Azure SQL's geo-redundant backups stay encrypted by the server's TDE protector: no key in the paired region
    return [key_name(db.id) for db in stack.by_kind("relational_database")
            if db.params.get("geo_redundant_backup") and db.params.get("engine") != "sqlserver"]


def ensure_keys(stack: Stack) -> Component:
    vault = env_defaults("key_vault", stack)
    return stack.ensure(Component(id="keys", kind="encryption_keys", params=vault,
                                  provenance=Provenance(source="governance")), Decision(
        id="azure.keyvault.customer-keys",
        title="A premium Key Vault with HSM-backed keys, one per encrypted service, rotated automatically",
        why="Customer-managed keys let the organisation revoke access to the data and audit every use of a key; one "
            "key per service limits what a leaked role assignment opens, and each service's identity gets the "
            "encryption-user role on its key only. The vault uses Azure RBAC (no access policies), purge protection "
            f"and {vault['soft_delete_retention_days']} days of soft delete, and is reached through a private "
            "endpoint (its firewall denies every other network). Keys are RSA 3072 in the HSM; each version expires "
            "after 90 days and is rotated 30 days before. The identity applying Terraform holds Key Vault Crypto "
            "Officer and Certificates Officer on this vault only. Azure RBAC is eventually consistent, so on a first "
            "apply no data-plane call races those roles: the private endpoint is made after them (its creation gives "
            "them time to propagate), keys wait for both, and the vault is handed to the rest of the project "
            "(certificates, roles on its secrets) only once both exist. " + cis("encryption-keys"),
        rule="encryption-keys", trigger="always (governance)",
        alternatives=["platform-managed keys (no revocation, no key audit)", "one key for every service",
                      "Managed HSM (single-tenant, for FIPS 140-3 level 3 mandates)"],
    ))


SPEC = KindSpec(
    name="encryption_keys", default_id="keys",
    description="Key Vault with customer-managed keys, secrets and certificates (added by governance).",
    modules=("key_vault",), controls=("encryption-keys", "secrets-management", "default-encryption"),
    internal=True,
)
