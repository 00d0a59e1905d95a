"""Each workload's own identity on the data tier: an IAM-authenticated database user per client of a database,
an IAM-authenticated ElastiCache user per client of a cache. No shared secret, no master credentials in an
application. Each user and each rule is a recorded decision."""

from __future__ import annotations

import re

from iacf_core import Component, Decision, Stack

# kinds that run the stack's code and connect to its data tier
CLIENT_KINDS = ("web_app", "function", "worker", "scheduled_job")

# public images of the engines' official clients (Docker official images mirrored on ECR Public)
CLIENT_IMAGE = "public.ecr.aws/docker/library/{image}"


def clients_of(stack: Stack, target: Component) -> list[Component]:
    return [c for c in stack.ordered() if c.kind in CLIENT_KINDS and target.id in c.connects_to]


def db_user_name(client: Component) -> str:
    """The database user of a workload: its id, lowercase, as an identifier PostgreSQL and MySQL both accept."""
    base = re.sub(r"[^a-z0-9_]", "_", client.id.lower())
    if not base[:1].isalpha():
        base = f"w_{base}"
    return f"{base[:27]}_user"


def client_image(engine: str, version: str) -> str:
    """The engine's official client image, on the engine's major version."""
    parts = version.split(".")
    if engine in ("postgres", "aurora-postgresql"):
        return CLIENT_IMAGE.format(image=f"postgres:{parts[0]}-alpine")
    if engine == "aurora-mysql" or version.startswith("8.0"):
        return CLIENT_IMAGE.format(image="mysql:8.0")
    name = "mariadb" if engine == "mariadb" else "mysql"
    return CLIENT_IMAGE.format(image=f"{name}:{'.'.join(parts[:2])}")


def resolve_identities(stack: Stack) -> None:
    """Give every client of every database and cache its own IAM-authenticated user; called once wired."""
    for db in stack.by_kind("relational_database"):
        _db_users(stack, db)
    for cache in stack.by_kind("cache"):
        _cache_users(stack, cache)


def _db_users(stack: Stack, db: Component) -> None:
    clients = clients_of(stack, db)
    users = {c.id: db_user_name(c) for c in clients}
    engine, version = str(db.params["engine"]), str(db.params["engine_version"])
    db.params["users"] = users
    db.params["client_image"] = client_image(engine, version)
    listed = ", ".join(f"{u} ({cid})" for cid, u in users.items()) or "none yet"
    stack.decide(Decision(
        id=f"aws.{db.id}.app-identity",
        title=f"Each workload has its own IAM-authenticated database user on {db.id}; the master user is "
              "break-glass only",
        why=f"Users: {listed}. Each workload connects with a 15-minute token signed by its own IAM role "
            "(rds-db:connect on its user only, TLS required): no password exists, so none can leak, none "
            "reaches the state or the task definition, and nothing needs rotating. The users get the rights "
            "an application needs on the `app` database (tables, indexes, views; PostgreSQL users share one "
            "group role that owns the tables) and nothing else: no superuser, no user or database "
            "management. A one-off ECS task running the engine's official client "
            f"(`{db.params['client_image']}`, a variable) creates them with the master credentials, which ECS "
            "injects from the RDS-managed secret; the operator runs it once after the database exists (README, "
            f"output `{db.id}_create_users_command`). The master secret's resource policy lets only that task "
            "and the break-glass roles read it (Well-Architected SEC02-BP02, SEC03-BP02; AWS Foundational "
            "Security Best Practices RDS.10 / RDS.12).",
        rule="least-privilege", trigger=f"database {db.id} with clients" if users else f"database {db.id}",
        components=[db.id, *users],
        alternatives=["application user with a password generated ephemerally into Secrets Manager (write-only) "
                      "and rotated by a Lambda function (a database driver to ship and patch)",
                      "the master user in the application (no least privilege; forbidden)",
                      "RDS Proxy with IAM authentication (connection pooling; add when concurrency grows)"],
    ))
    stack.decide(Decision(
        id=f"aws.{db.id}.master-break-glass",
        title="The master secret is for break-glass and the user task only",
        why="RDS generates, stores and rotates the master password; no application reads it. A resource policy "
            "on the secret denies GetSecretValue to every principal but the database-users task's execution "
            f"role and the roles in `{db.id}_break_glass_role_arns` (empty by default), and blocks public "
            "policies. To use it in an incident, add your break-glass role to that variable and apply, or have "
            "an administrator change the policy (CloudTrail records both), read the secret, and rotate it "
            "afterwards (`aws secretsmanager rotate-secret`) (Well-Architected SEC10-BP05: pre-provision "
            "access; SEC02-BP03).",
        rule="secrets-management", trigger="always (governance)", components=[db.id],
        alternatives=["no resource policy (any principal of the account with a broad IAM policy reads it)"],
    ))


def _cache_users(stack: Stack, cache: Component) -> None:
    clients = clients_of(stack, cache)
    users = {c.id: c.id.lower().replace("_", "-") for c in clients}
    cache.params["users"] = users
    stack.decide(Decision(
        id=f"aws.{cache.id}.iam-auth",
        title="Role-based access with IAM authentication: one ElastiCache user per workload, no shared token",
        why="A user group replaces the shared AUTH token: its default user is switched off, and each client ("
            + (", ".join(users) or "none yet")
            + ") has its own user, authenticated by a 15-minute token signed with the client's IAM role "
            "(elasticache:Connect on the replication group and its own user only). No secret exists, so none "
            "reaches the state; nothing needs rotating. Users may run every command except the dangerous "
            "ones (FLUSHALL, KEYS, CONFIG...). Clients re-authenticate within 12 hours (ElastiCache closes "
            "IAM-authenticated connections after 12 h). Needs Valkey 7.2+ or Redis OSS 7+ and TLS "
            "(Well-Architected SEC02-BP02, SEC03-BP02).",
        rule="secrets-management", trigger="always (governance)", components=[cache.id, *users],
        alternatives=["AUTH token generated into Secrets Manager (a shared secret every client holds; the "
                      "replication group stores it in the state)", "RBAC users with passwords (passwords are "
                                                                   "arguments, stored in the state)"],
    ))
