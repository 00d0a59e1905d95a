"""The relational database kind: Amazon RDS (PostgreSQL, MySQL, MariaDB) or Aurora, private, encrypted, with a
managed master secret; each default is a recorded decision."""

from __future__ import annotations

from typing import Any

from iacf_core import Component, Decision, KindSpec, Stack, stated_source, stated_trigger

from ..params import DEFAULT_ENGINE, RelationalDatabaseParams, engine_major, engine_version
from ..serverless import FUNCTION_KINDS
from ..sizing import env_defaults, retention_days, sizing

# how decisions name the database engines
ENGINE_TITLES = {"postgres": "PostgreSQL", "mysql": "MySQL", "mariadb": "MariaDB",
                 "aurora-postgresql": "Aurora PostgreSQL-Compatible", "aurora-mysql": "Aurora MySQL-Compatible"}


def resolve(stack: Stack) -> None:
    retention = retention_days(stack)
    for db in stack.by_kind("relational_database"):
        _resolve_db(stack, db)
        db.params["retention_days"] = retention


def _resolve_db(stack: Stack, db: Component) -> None:
    stated = dict(db.params)
    engine = str(stated.get("engine") or DEFAULT_ENGINE)
    if "engine" not in stated:
        stack.decide(Decision(
            id=f"aws.{db.id}.engine-default", title="PostgreSQL when no engine is named",
            why=f"The {stated_source()} asks for a relational database without naming an engine; PostgreSQL is the "
                "open-source default with the widest feature set on RDS.",
            rule="core.defaults", trigger=f"no engine in the {stated_source()}", components=[db.id],
            alternatives=["MySQL", "MariaDB"],
        ))
    eng = sizing()["engines"][engine]
    aurora = engine.startswith("aurora")
    size = env_defaults("aurora" if aurora else "relational_database", stack)
    renamed = {"instance_class": "instance_class", "backup_retention_days": "backup_retention_period",
               "storage_gb": "allocated_storage", "max_storage_gb": "max_allocated_storage",
               "instances": "instance_count"}
    size.update({target: stated[key] for key, target in renamed.items() if key in stated})
    if "storage_gb" in stated and "max_storage_gb" not in stated:
        # autoscaling keeps headroom above a stated size (at least 10 %, as RDS requires)
        size["max_allocated_storage"] = max(size["max_allocated_storage"], -(-stated["storage_gb"] * 11 // 10))
    if aurora:
        size["multi_az"] = size["instance_count"] > 1
    version, pinned = _version(engine, stated.get("engine_version"))
    db.params = {**stated, **size, "engine": engine, "engine_version": version,
                 "family": engine + engine_major(engine, version), "auto_minor_version_upgrade": not pinned,
                 "version_pin": pinned, "port": eng["port"],
                 "log_exports": list(eng["log_exports"]),
                 "db_name": stated.get("database_name", "app")}
    db.depends_on = sorted({*db.depends_on, "network", "keys"})
    p = db.params
    _version_decision(stack, db, eng, stated)
    if aurora:
        stack.decide(Decision(
            id=f"aws.{db.id}.aurora",
            title=f"Amazon {ENGINE_TITLES.get(engine, engine)} {p['engine_version']}: {p['instance_count']} × "
                  f"{p['instance_class']}",
            why="The request names Aurora: storage replicated six ways over three AZs and growing on its own; "
                + ("a reader in another AZ becomes the writer in about 30 seconds." if p["multi_az"] else
                   f"one writer is enough for {stack.environment} (the storage is still replicated over 3 AZs).")
                + (" The request says serverless, but iacf generates provisioned instances only: Aurora Serverless v2 "
                   "(capacity in ACUs) is not generated, so this cluster bills its instance class around the clock."
                   if "serverless" in db.provenance.words else ""),
            rule="aws.db.sizing",
            trigger=stated_trigger(stated, ("instances", "instance_class"),
                                   f"engine = {engine}; {stack.env_trigger}"),
            components=[db.id],
            alternatives=["RDS single instance (lower floor cost)", "Aurora Serverless v2 (scales to zero load)"],
        ))
    _db_decisions(stack, db, engine, stated)


def _version(engine: str, stated: str | None) -> tuple[str, str | None]:
    """The engine_version to generate and, when it pins a full version (automatic minor upgrades then off), why.

    A major version (stated, or the default) is generated as a major-version prefix ("16", "8.0"): AWS creates its
    default minor version and upgrades minors in the maintenance window, and the provider keeps the prefix in the
    state, so an upgrade never shows as drift. An engine with no documented prefix (Aurora MySQL) takes the tested
    full version; a stated full version is used as given."""
    table = sizing()["engines"][engine]
    major = stated or str(table["default"])
    if major not in table["versions"]:
        return major, "stated"
    if table.get("major_prefix", True):
        return major, None
    return engine_version(engine, major), "engine"


def _version_decision(stack: Stack, db: Component, eng: dict[str, Any], stated: dict[str, Any]) -> None:
    p = db.params
    version, engine, title = p["engine_version"], p["engine"], eng["title"]
    major = engine_major(engine, version)
    tested = eng["versions"][major]
    database = f" The database created on the server is {p['db_name']}" + (
        " (stated)." if "database_name" in stated else ".")
    downgrade = (f"Automatic minor upgrades are off (Checkov CKV_AWS_226 skipped): once AWS upgraded the minor "
                 f"version, every plan would try to go back to {version}, which RDS refuses, and the project could "
                 "no longer be applied.")
    if p["version_pin"] == "stated":
        heading = f"{title} {version} pinned as stated, no automatic minor upgrades"
        prefix = eng.get("major_prefix", True)
        why = (f"A full version is stated: the database is created on {version} and stays on it. {downgrade} A "
               "newer minor version is installed by stating it in engine_version"
               + (f" (or the major version {major}, whose minor versions AWS then upgrades automatically)."
                  if prefix else "."))
        alternatives = [f"{title} {major} (AWS's default minor version, upgraded automatically)"] if prefix else []
    elif p["version_pin"] == "engine":
        heading = f"{title} {version} pinned, no automatic minor upgrades"
        why = (f"{'The major version ' + major + ' is stated; ' if 'engine_version' in stated else ''}"
               f"{title} names its versions in full and AWS documents no major-version prefix for them, so the "
               f"full version the product is tested with, {version}, is kept. {downgrade} A newer minor version "
               "is installed by stating it in full in engine_version.")
        alternatives = [f"{title} {major} as a version prefix with automatic minor upgrades (undocumented for "
                        f"{title})", f"{version} with automatic minor upgrades (drifts once AWS upgrades it)"]
    else:
        heading = f"{title} {version}, minor versions upgraded automatically by AWS"
        why = (("The major version is stated" if "engine_version" in stated else
                f"{version} is the default major version")
               + f": Terraform names the major version {version} only, so AWS creates its default minor version of "
                 f"{version} and upgrades minor versions automatically in the maintenance window; the version "
                 "running is the `engine_version_actual` attribute, and an upgrade never shows as a change in "
                 f"`terraform plan` (the product is tested with {tested}).")
        alternatives = [f"{title} {tested} pinned (no automatic minor upgrades)"]
    stack.decide(Decision(
        id=f"aws.{db.id}.version", title=f"{heading}; database {p['db_name']}", why=why + database,
        rule="aws.db.sizing",
        trigger=stated_trigger(stated, ("engine_version", "database_name"), f"default version of {engine}"),
        components=[db.id],
        alternatives=[*alternatives, *(f"{title} {other}" for other in eng["versions"] if other != major)],
    ))


def _db_decisions(stack: Stack, db: Component, engine: str, stated: dict[str, Any]) -> None:
    p = db.params
    if engine.startswith("aurora"):
        _db_common(stack, db, stated)
        return
    sized = ("instance_class", "storage_gb", "max_storage_gb")
    stack.decide(Decision(
        id=f"aws.{db.id}.rds", title=f"Amazon RDS for {ENGINE_TITLES.get(engine, engine)} {p['engine_version']} on "
              f"{p['instance_class']}",
        why="A managed engine gives automated backups, patching and failover; the instance class and storage ("
            f"{p['allocated_storage']} GiB gp3, autoscaling to {p['max_allocated_storage']}) are "
            + ("as stated." if all(k in stated for k in sized) else f"sized for {stack.environment}"
               + (f" unless stated ({', '.join(k for k in sized if k in stated)})." if any(k in stated for k in sized)
                  else ".")),
        rule="aws.db.sizing", trigger=stated_trigger(stated, ("engine", *sized), stack.env_trigger),
        components=[db.id],
        alternatives=["Aurora (higher floor cost)", "self-managed on EC2 (patching, backups by hand)"],
    ))
    stack.decide(Decision(
        id=f"aws.{db.id}.multi-az",
        title="Multi-AZ standby" if p["multi_az"] else "Single-AZ instance",
        why="A synchronous standby in another AZ fails over in about a minute (prod)." if p["multi_az"]
        else "A standby doubles the cost; a non-production database can be restored from backups.",
        rule="aws.env.ha", trigger=stack.env_trigger, components=[db.id],
        alternatives=["read replicas (no automatic failover)"],
    ))
    _db_common(stack, db, stated)


def _db_common(stack: Stack, db: Component, stated: dict[str, Any]) -> None:
    p = db.params
    clients = [c.id for c in stack.ordered() if c.kind in ("web_app", *FUNCTION_KINDS)]
    stack.decide(Decision(
        id=f"aws.{db.id}.protection",
        title=(f"Deletion protection on, final snapshot, {p['backup_retention_period']}-day backups"
               if p["deletion_protection"] else f"No deletion protection, {p['backup_retention_period']}-day backups"),
        why=("Production data must survive a mistaken destroy." if p["deletion_protection"]
             else "A development database must be easy to tear down; backups still cover mistakes.")
            + (" Backups are kept as long as stated." if "backup_retention_days" in stated else ""),
        rule="aws.env.protection", trigger=stated_trigger(stated, ("backup_retention_days",), stack.env_trigger),
        components=[db.id],
    ))
    stack.decide(Decision(
        id=f"aws.{db.id}.events",
        title="RDS event notifications to the project topic",
        why=("Instance availability, failures and failovers, low storage, maintenance, recovery and restoration, "
             "and configuration changes of the instance and of its parameter group"
             if not db.params["engine"].startswith("aurora") else
             "Cluster failures, failovers, maintenance and deletion, and availability, failures and maintenance of "
             "each instance")
            + " are published to the notifications topic (`local.notifications_topic_arn`), which the operators "
              "subscribe to (AWS Foundational Security Best Practices RDS.19, RDS.20, RDS.21; Well-Architected "
              "REL06-BP01, OPS08-BP01).",
        rule="aws.observability", trigger="always", components=[db.id],
        alternatives=["the RDS console's event list only (nobody is told)"],
    ))
    stack.decide(Decision(
        id=f"aws.{db.id}.master-secret", title="Master password generated and stored by RDS in Secrets Manager",
        why="`manage_master_user_password` keeps the password out of code, variables and state, and rotates it; "
            "no workload uses it (each has its own IAM-authenticated user).",
        rule="secrets-management", trigger="always (governance)", components=[db.id],
        alternatives=["password variable (ends up in state)", "password in code (forbidden)"],
    ))
    stack.decide(Decision(
        id=f"aws.{db.id}.private",
        title="Database in isolated subnets, "
              + (f"reachable only from {', '.join(clients)}" if clients else "with no client admitted"),
        why="Not publicly accessible, database subnets with no internet route, a security group that only "
            + (f"admits the security groups of {', '.join(clients)}" if clients else
               "admits the security groups it is given (no application or function in this stack)")
            + ", TLS forced by a parameter group, IAM authentication on.",
        rule="private-data-tier", trigger="always", components=[db.id],
    ))
    stack.decide(Decision(
        id=f"aws.{db.id}.observability",
        title="Performance Insights, enhanced monitoring (60 s) and log exports",
        why="Query-level diagnosis and OS metrics are needed to operate a database; logs go to CloudWatch. The "
            "monitoring role can be assumed by RDS only for this account's instances of this database "
            "(aws:SourceAccount, aws:SourceArn)." + _logs(str(p["engine"]), list(p["log_exports"])),
        rule="aws.observability", trigger="always", components=[db.id],
        alternatives=_log_alternatives(str(p["engine"])),
    ))


# The logs each engine exports are engines.<engine>.log_exports in data/sizing.yaml (what the rds and aurora modules
# export by default; the general log is added only when the module's general_log_enabled turns it on).
MYSQL_FAMILY = ("mysql", "mariadb")
# the events the aurora module's Advanced Auditing records (server_audit_events)
AURORA_MYSQL_AUDIT_EVENTS = "CONNECT,QUERY_DCL,QUERY_DDL"
LOG_TITLES = {"audit": "the audit log", "error": "the error log",
              "slowquery": "the slow query log (statements over 1 s)"}
GENERAL_LOG = ("The general log, which records every statement with its data literals, is off (log volume and cost, "
               "personal data in the logs): the {module} module's general_log_enabled turns it on and exports it.")


def _exported(exports: list[str]) -> str:
    titles = [LOG_TITLES.get(name, f"the {name} log") for name in exports]
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def _logs(engine: str, exports: list[str]) -> str:
    """What the exported logs record, and what no database log records (who read which data)."""
    if engine in MYSQL_FAMILY:
        return (f" Exported: {_exported(exports)}, written to files (log_output = FILE, the only output RDS "
                "exports). " + GENERAL_LOG.format(module="rds") + " No audit log is produced: it needs the "
                "MARIADB_AUDIT_PLUGIN option group, which is not generated, so the database itself records no trail "
                "of who read or changed which data; CloudTrail records the RDS API calls, not SQL.")
    if engine == "aurora-mysql":
        return (f" Exported: {_exported(exports)}. The audit log (Advanced Auditing, server_audit_events = "
                f"{AURORA_MYSQL_AUDIT_EVENTS}) records connections, disconnections and failed logins (CONNECT), "
                "grants, revokes and user changes (QUERY_DCL) and schema changes (QUERY_DDL), each with the database "
                "user and client host. It does not record reads or changes of data: statements on data (QUERY_DML) "
                "are not audited, since each would be logged with its data literals, so the database records who "
                "connected and who changed privileges or the schema, not who read or changed which rows; "
                "CloudTrail records the RDS API calls, not SQL. " + GENERAL_LOG.format(module="aurora"))
    return ""


def _log_alternatives(engine: str) -> list[str]:
    general = "the general log in every environment (every statement and its data literals in CloudWatch)"
    if engine in MYSQL_FAMILY:
        return [general, "an option group with MARIADB_AUDIT_PLUGIN and the audit log exported (connections, queries "
                         "and tables accessed per user)"]
    if engine == "aurora-mysql":
        return ["QUERY_DML audited (every statement and its data literals)",
                "TABLE audited (the tables each statement reads or writes, a record per table and statement)",
                general]
    return []


def modules(component: Component) -> tuple[str, ...]:
    """Aurora engines use the cluster module."""
    if str(component.params.get("engine", "")).startswith("aurora"):
        return ("aurora", "db_users")
    return ("rds", "db_users")


SPEC = KindSpec(
    name="relational_database", default_id="db",
    description="Amazon RDS (PostgreSQL, MySQL, MariaDB) or Aurora (PostgreSQL, MySQL), private, encrypted, "
                "managed secret.",
    words=("rds", "amazon rds"),
    param_words={"engine": {
        "aurora-postgresql": ("aurora postgresql", "aurora postgres", "aurora", "amazon aurora",
                              "aurora postgresql-compatible", "aurora serverless", "aurora serverless v2",
                              "aurora postgresql serverless", "aurora postgresql serverless v2",
                              "aurora postgres serverless", "aurora postgres serverless v2"),
        "aurora-mysql": ("aurora mysql", "aurora mysql-compatible", "aurora mysql serverless",
                         "aurora mysql serverless v2"),
    }},
    params=RelationalDatabaseParams, modules=("rds", "db_users"), modules_for=modules,
    resolve=resolve,
    controls=("default-encryption", "log-retention", "secrets-management", "least-privilege", "private-data-tier"),
    sizing="relational_database",
)
