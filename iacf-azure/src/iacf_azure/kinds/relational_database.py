"""The relational database kind: PostgreSQL or MySQL Flexible Server, private, Entra ID authentication only,
customer-managed key, zone-redundant high availability and geo-redundant backups in prod; each default is a
recorded decision."""

from __future__ import annotations

from typing import Any

from iacf_core import Component, Decision, KindSpec, Stack, stated_trigger

from ..params import AzureRelationalDatabaseParams
from ..references import cis
from ..sizing import env_defaults, paired_region, restricted_region, sizing


def resolve(stack: Stack) -> None:
    for db in stack.by_kind("relational_database"):
        _resolve_db(stack, db)


def engine_of(component: Component) -> dict[str, Any]:
    """The engine entry (``data/sizing.yaml``) of a database component."""
    engines: dict[str, dict[str, Any]] = sizing()["engines"]
    return engines[str(component.params.get("engine", "postgres"))]


def _version(stated: dict[str, object], engine: dict[str, Any], name: str) -> str:
    """PostgreSQL: the major version; MySQL: the version as offered (the parameters model refused the others)."""
    wanted = str(stated.get("engine_version", engine["default"]))
    return wanted if name == "mysql" else wanted.split(".")[0]


def _resolve_db(stack: Stack, db: Component) -> None:
    stated = dict(db.params)
    name = str(stated.get("engine", "postgres"))
    engine = sizing()["engines"][name]
    size = env_defaults("relational_database", stack)
    pair = paired_region(stack.region)
    geo = bool(stated.get("geo_redundant_backup", size["geo_redundant_backup"])) and pair is not None
    size["sku_name"] = stated.get("sku_name", engine["skus"][stack.environment])
    db.params = {
        **stated, **size,
        "engine": name,
        "engine_title": engine["title"],
        "module": engine["module"],
        "engine_version": _version(stated, engine, name),
        "storage_gb": stated.get("storage_gb", size["storage_gb"]),
        "backup_retention_days": stated.get("backup_retention_days", size["backup_retention_days"]),
        "database_name": stated.get("database_name", "app"),
        "geo_redundant_backup": geo,
        "paired_region": pair or "",
        # geo-redundant backups of PostgreSQL and MySQL need a vault and an identity of the project in the pair
        "paired_region_restricted": geo and name != "sqlserver" and restricted_region(pair or ""),
        "port": engine["port"],
    }
    db.depends_on = sorted({*db.depends_on, "network", "keys", "monitoring"})
    p = db.params
    if name == "sqlserver":
        _resolve_sql(stack, db, stated)
        return
    stack.decide(Decision(
        id=f"azure.{db.id}.flexible-server",
        title=f"{p['engine_title']} {p['engine_version']} Flexible Server {p['sku_name']}, {p['storage_gb']} GiB "
              f"(grows automatically), backups kept {p['backup_retention_days']} days",
        why=f"Flexible Server is Azure's managed {p['engine_title']} (Single Server is retired); Azure applies minor "
            "versions in the maintenance window (Sunday 02:00). "
            + ("Production uses a General Purpose SKU for zone-redundant high availability."
               if p["high_availability"] else
               f"{stack.environment.capitalize()} uses a smaller SKU without a standby."),
        rule="azure.db.engine",
        trigger=stated_trigger(stated, ("engine", "engine_version", "sku_name", "storage_gb", "backup_retention_days"),
                               stack.env_trigger),
        components=[db.id],
        alternatives=["Azure SQL Database (another engine)", "PostgreSQL on a VM (patching, backups by hand)"],
    ))
    stack.decide(Decision(
        id=f"azure.{db.id}.private-access",
        title="Private access only: a delegated subnet and a private DNS zone, no public network",
        why=f"The server lives in the data subnet, whose security group lets only the application tier in on "
            f"{p['port']}; it has no public endpoint and no 'allow Azure services' rule. TLS 1.2+ is required "
            "(require_secure_transport); "
            + ("connections, disconnections and checkpoints are logged" if name == "postgres" else
               "the audit log records connections, DCL and DDL") + " to Log Analytics. " + cis("private-data-tier"),
        rule="private-data-tier", trigger="always", components=[db.id],
        alternatives=["public access with firewall rules (an internet-reachable endpoint)"],
    ))
    stack.decide(Decision(
        id=f"azure.{db.id}.entra-auth",
        title="Entra ID authentication only: no password exists",
        why=("Password authentication is off, so no administrator password is generated, stored or rotated. "
             if name == "postgres" else
             "aad_auth_only is on. MySQL requires an administrator password at creation: it is an ephemeral input "
             "written with a write-only argument (Terraform >= 1.11), never in the plan or the state, and unusable "
             "once Entra ID only is on. The server's identity needs the Microsoft Graph permissions "
             "User.Read.All, GroupMember.Read.All and Application.Read.All to resolve Entra ID principals "
             "(granted once by a directory administrator, README). ")
            + "The Entra ID administrator is the group given as database_admin_object_id; it creates the "
            "application's role for its managed identity (README). " + cis("least-privilege"),
        rule="secrets-management", trigger="always", components=[db.id],
        alternatives=["password and Entra ID (a password to keep in Key Vault and rotate)"],
    ))
    stack.decide(Decision(
        id=f"azure.{db.id}.cmk",
        title="Encrypted with its own customer-managed key"
              + (f" (and one in {p['paired_region']} for geo-redundant backups)" if geo else ""),
        why="The server's user-assigned identity may wrap and unwrap with its key only. "
            + ("Geo-redundant backups are encrypted in the paired region by a key of a vault there, which Azure "
               "requires. " if geo else "")
            + (f"The paired region {p['paired_region']} is one Azure opens to a subscription on request only: the "
               "subscription needs that access before the first apply creates the vault and the identity there "
               "(README). "
               if p["paired_region_restricted"]
               else "") + cis("default-encryption"),
        rule="encryption-keys", trigger="always", components=[db.id],
    ))
    ha_why = ("A standby in another availability zone takes over in about a minute, and backups are copied to the "
              f"paired region ({p['paired_region']}) to survive the loss of the region."
              if p["high_availability"] and geo else
              "A standby in another availability zone takes over in about a minute. Geo-redundant backup is off: "
              f"{stack.region} has no paired region to copy backups to." if p["high_availability"] else
              f"{stack.environment.capitalize()} has no standby and keeps backups in the region: high availability and "
              "geo-redundant backup are off on purpose to cost less (on in prod).")
    stack.decide(Decision(
        id=f"azure.{db.id}.availability",
        title=("Zone-redundant high availability" if p["high_availability"] else "Single zone, no standby")
              + (", geo-redundant backups" if geo else ", backups in the region"),
        why=ha_why, rule="azure.env.ha", trigger=stack.env_trigger, components=[db.id],
        alternatives=["same-zone high availability", "a read replica in the paired region"],
    ))
    stack.decide(Decision(
        id=f"azure.{db.id}.prevent-destroy", title="prevent_destroy on the server and its database",
        why="A plan that would delete the data fails instead; deleting the database is a deliberate edit.",
        rule="azure.db.protection", trigger="always", components=[db.id],
    ))


def _resolve_sql(stack: Stack, db: Component, stated: dict[str, object]) -> None:
    """Azure SQL Database: a logical server with Entra ID only, a private endpoint, TDE with the customer key,
    auditing and Defender for SQL; the database zone-redundant with geo-redundant backups and long-term retention
    in prod."""
    p = db.params
    p["zone_redundant"] = bool(p["high_availability"])
    p["backup_storage"] = ("GeoZone" if p["zone_redundant"] else "Geo") if p["geo_redundant_backup"] else \
        ("Zone" if p["zone_redundant"] else "Local")
    p["long_term_retention"] = stack.is_prod
    p["engine_version"] = "12.0"
    stack.decide(Decision(
        id=f"azure.{db.id}.azure-sql",
        title=f"Azure SQL Database {p['sku_name']} (vCore), at most {p['storage_gb']} GiB, point-in-time restore "
              f"{p['backup_retention_days']} days" + (", long-term retention 12 weeks / 12 months / 5 years"
                                                      if p["long_term_retention"] else ""),
        why="Azure SQL Database is the managed SQL Server engine Azure keeps current (no version to patch). "
            + ("Production is zone-redundant (replicas in three zones), stores its backups geo-zone-redundantly "
               "and keeps weekly, monthly and yearly full backups (long-term retention) for audits and restores "
               "beyond the point-in-time window." if p["zone_redundant"] else
               f"{stack.environment.capitalize()} is neither zone-redundant nor keeps long-term backups, on purpose "
               "to cost less (both on in prod); backups are "
               + ("geo-redundant." if p["geo_redundant_backup"] else "kept in the region.")),
        rule="azure.env.ha",
        trigger=stated_trigger(stated, ("sku_name", "storage_gb", "backup_retention_days"), stack.env_trigger),
        components=[db.id],
        alternatives=["Azure SQL Managed Instance (instance features, a dedicated subnet)",
                      "the serverless tier (auto-pause; slower first connection)"],
    ))
    stack.decide(Decision(
        id=f"azure.{db.id}.private-access",
        title="Private endpoint only, no public network access, TLS 1.2",
        why="The server's public network access is off and it has no firewall rule: the application tier reaches "
            "it on 1433 through its private endpoint (privatelink.database.windows.net) only. TLS 1.2 is the "
            "minimum version; outbound network access of the server is restricted. " + cis("private-data-tier"),
        rule="private-data-tier", trigger="always", components=[db.id],
        alternatives=["public access with firewall rules (an internet-reachable endpoint)"],
    ))
    stack.decide(Decision(
        id=f"azure.{db.id}.entra-auth",
        title="Entra ID authentication only: no SQL login, no password exists",
        why="azuread_authentication_only is on, so no SQL administrator password is generated, stored or rotated: "
            "there is no secret to keep. The Entra ID administrator is the group given as database_admin_object_id; "
            "it creates the application's contained user for its managed identity (README). "
            + cis("least-privilege"),
        rule="secrets-management", trigger="always", components=[db.id],
        alternatives=["a SQL administrator login with its password in Key Vault (a secret to rotate)"],
    ))
    stack.decide(Decision(
        id=f"azure.{db.id}.cmk",
        title="Transparent data encryption with its own customer-managed key",
        why="The server's system identity may wrap and unwrap with its key only; the TDE protector follows the "
            "key's new versions automatically. Geo-redundant backups stay encrypted by the same protector. "
            + cis("default-encryption"),
        rule="encryption-keys", trigger="always", components=[db.id],
    ))
    stack.decide(Decision(
        id=f"azure.{db.id}.audit-defender",
        title="Auditing to Log Analytics, Microsoft Defender for SQL alerts, vulnerability assessment",
        why="Server auditing (every database) writes SQLSecurityAuditEvents to the stack's Log Analytics workspace, "
            "kept as long as the workspace's retention. The security alert policy (Defender for SQL threat "
            "protection) e-mails the alert contacts and the subscription's administrators. Vulnerability "
            "assessment runs in its express configuration, which Defender for SQL turns on by itself with no "
            "storage account: the provider's azurerm_mssql_server_vulnerability_assessment serves only the classic "
            "configuration (a storage account with a SAS or a shared key), so it is not generated and Checkov's "
            "classic-configuration checks are skipped inline. " + cis("threat-detection"),
        rule="threat-detection", trigger="always", components=[db.id],
        alternatives=["classic vulnerability assessment (a storage account the server writes scan results to)"],
    ))
    stack.decide(Decision(
        id=f"azure.{db.id}.prevent-destroy", title="prevent_destroy on the server and its database",
        why="A plan that would delete the data fails instead; deleting the database is a deliberate edit.",
        rule="azure.db.protection", trigger="always", components=[db.id],
    ))


def modules_for(component: Component) -> tuple[str, ...]:
    """The vendored module of the database's engine."""
    return (str(engine_of(component)["module"]),)


SPEC = KindSpec(
    name="relational_database", default_id="db",
    description="PostgreSQL or MySQL Flexible Server, or Azure SQL Database: private, Entra ID only, "
                "customer-managed key, zone-redundant in prod.",
    words=("azure database for postgresql", "postgresql flexible server", "flexible server"),
    param_words={"engine": {"mysql": ("azure database for mysql", "mysql flexible server"),
                            "sqlserver": ("azure sql", "azure sql database", "sql server", "mssql",
                                          "base azure sql", "base sql server")}},
    params=AzureRelationalDatabaseParams, modules=("postgresql",), modules_for=modules_for, resolve=resolve,
    controls=("private-data-tier", "default-encryption"), sizing="relational_database",
)
