"""The NoSQL table kind on Google Cloud: a Firestore database in Native mode (CMEK, backups; point-in-time
recovery and delete protection outside dev), data roles conditioned on the database."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Stack, stated_trigger

from ..params import NoSqlTableParams
from ..sizing import env_defaults
from .object_storage import clients

ROLES: dict[str, str] = {"read": "datastore.viewer", "write": "datastore.user", "read_write": "datastore.user"}


def resolve(stack: Stack) -> None:
    for table in stack.by_kind("nosql_table"):
        _resolve_table(stack, table)


def _resolve_table(stack: Stack, table: Component) -> None:
    stated = dict(table.params)
    size = env_defaults("nosql_table", stack)
    users = clients(stack, table)
    table.params = {**stated, **{k: stated.get(k, v) for k, v in size.items()},
                    "concurrency_mode": stated.get("concurrency_mode", "PESSIMISTIC"), "clients": users}
    table.depends_on = sorted({*table.depends_on, "keys"})
    p = table.params
    protected = p["delete_protection"]
    stack.decide(Decision(
        id=f"gcp.{table.id}.firestore",
        title=f"Firestore Native database in {stack.region}: daily backups kept 7 days"
              + (f", weekly kept {p['weekly_backup_weeks']} weeks" if p["weekly_backup_weeks"] else "")
              + f"; point-in-time recovery {'on' if p['point_in_time_recovery'] else 'off'}, delete protection "
              + ("on" if protected else "off"),
        why=("Point-in-time recovery keeps 7 days of versions readable at any minute and delete protection refuses "
             "the database's deletion (Terraform only forgets it). " if protected else
             "A control deliberately off in dev: no point-in-time recovery and no delete protection, so the "
             "environment can be torn down; staging and prod turn both on. ")
            + "The database is regional (data residency) and App Engine integration is off.",
        rule="default-encryption",
        trigger=stated_trigger(stated, ("weekly_backup_weeks",), stack.env_trigger), components=[table.id],
        alternatives=["a multi-region location (nam5/eur3: data outside the region)", "Bigtable (a cluster)"]))
    stack.decide(Decision(
        id=f"gcp.{table.id}.access",
        title=f"{table.id}: CMEK; " + (", ".join(f"{c} {ROLES[a]}" for c, a in users.items()) or "no workload")
              + ", conditioned on this database",
        why="The database is encrypted with the documents key, which only Firestore's service agent may use "
            "(CIS GCP 1.9). Firestore roles exist at project level only: each grant carries an IAM condition "
            "naming this database, so it opens no other. Firestore has no write-only role: write access gets "
            "datastore.user. Firestore is reached over Google APIs (Private Google Access), with no network "
            "endpoint in the VPC.",
        rule="least-privilege", trigger="the stack's connections", components=[table.id, *users],
        alternatives=["unconditioned datastore.user (every database of the project)"]))


SPEC = KindSpec(
    name="nosql_table", default_id="table",
    description="Firestore database (Native mode): CMEK, daily and weekly backups, PITR and delete protection "
    "outside dev, data roles conditioned on the database.",
    words=("firestore", "cloud firestore", "google firestore", "base firestore", "firestore native"),
    params=NoSqlTableParams, modules=("firestore",), resolve=resolve,
    controls=("default-encryption", "encryption-keys", "least-privilege"), sizing="nosql_table",
)
