"""The relational database kind on Google Cloud: Cloud SQL for PostgreSQL or MySQL on a private IP."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Stack, stated_trigger

from ..params import RelationalDatabaseParams
from ..sizing import env_defaults, sizing
from .network import ensure_network


def resolve(stack: Stack) -> None:
    for db in stack.by_kind("relational_database"):
        stated = dict(db.params)
        size = env_defaults("relational_database", stack)
        engine = str(stated.get("engine", "postgres"))
        table = sizing()["engines"][engine]
        version = str(stated.get("engine_version", table["default"]))
        db.params = {**stated, "engine": engine, "engine_version": version,
                     "database_version": table["versions"][version], "port": table["port"],
                     "tier": stated.get("tier", size["tier"]), "disk_size": stated.get("storage_gb", size["disk_size"]),
                     "disk_limit": stated.get("max_storage_gb", 0),
                     "backup_retention_days": stated.get("backup_retention_days", size["backup_retention_days"]),
                     "availability_type": size["availability_type"], "pitr": size["pitr"],
                     "transaction_log_days": size["transaction_log_days"],
                     "deletion_protection": size["deletion_protection"],
                     "database_name": stated.get("database_name", "app")}
        ensure_network(stack)
        db.depends_on = sorted({*db.depends_on, "network", "keys"})
        p = db.params
        stack.decide(Decision(
            id=f"gcp.{db.id}.cloud-sql",
            title=f"Cloud SQL for {table['title']} {version} ({p['tier']}, {p['disk_size']} GB SSD), "
                  f"{'regional HA' if p['availability_type'] == 'REGIONAL' else 'single zone'}, "
                  f"{p['backup_retention_days']} daily backups, point-in-time recovery, deletion protection "
                  f"{'on' if p['deletion_protection'] else 'off'}",
            why="Prod keeps a standby in another zone with automatic failover, and deletion protection in Terraform "
                "and the Cloud SQL API; dev runs one zone without deletion protection so it can be torn down "
                "(a control deliberately off in dev). Backups stay in the region (data residency).",
            rule="gcp.db.sizing", trigger=stated_trigger(stated, ("tier", "storage_gb", "backup_retention_days"),
                                                   stack.env_trigger),
            components=[db.id], alternatives=["AlloyDB (higher cost floor)", "self-managed database on VMs"]))
        stack.decide(Decision(
            id=f"gcp.{db.id}.private",
            title="Private IP only, TLS with client certificates required, CMEK, IAM database authentication",
            why="No public IP (CIS GCP 6.6; the sql.restrictPublicIp organization policy enforces it too); "
                "connections must present a client certificate (CIS GCP 6.4), which the Cloud SQL connectors do; "
                "the instance, its backups and logs are encrypted with the project's data key; workloads log in "
                "with IAM (short-lived tokens, no password exists); the CIS database flags are set "
                + ("(pgaudit, connection, lock and checkpoint logging, log_statement=ddl, log_min_messages=warning, "
                   "log_min_duration_statement=-1; CIS GCP 6.2)." if engine == "postgres" else
                   "(local_infile=off, skip_show_database=on; CIS GCP 6.1)."),
            rule="private-data-tier", trigger="always (governance)", components=[db.id],
            alternatives=["public IP with authorized networks", "password authentication from Secret Manager"]))


def _modules(db: Component) -> tuple[str, ...]:
    """One module per engine: the CIS flags are literal blocks, which static checkers read."""
    return (f"cloud_sql_{db.params.get('engine', 'postgres')}",)


SPEC = KindSpec(
    name="relational_database", default_id="db", description="Cloud SQL (PostgreSQL or MySQL): private IP, CMEK, "
    "IAM authentication, CIS flags, HA and PITR in prod.",
    words=("cloud sql", "cloudsql", "google cloud sql"), params=RelationalDatabaseParams,
    modules=("cloud_sql_postgres",), modules_for=_modules, resolve=resolve,
    controls=("private-data-tier", "default-encryption", "encryption-keys"),
    sizing="relational_database",
)
