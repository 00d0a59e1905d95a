"""AWS dependency rules: what a requested component needs, each addition and default a recorded decision."""

from __future__ import annotations

from typing import Any

from iacf_core import Component, Decision, Provenance, Stack
from iacf_core.builtin import frameworks
from iacf_core.params import GENERIC_FRAMEWORK, stated_trigger
from iacf_core.text import named

from . import access
from .backup import resolve_backup
from .cache import resolve_cache, wire_caches
from .certificates import certificate_decisions
from .identities import CLIENT_KINDS, resolve_identities
from .params import DEFAULT_ENGINE, engine_major, engine_version, fargate_size
from .serverless import FUNCTION_KINDS, SERVERLESS_KINDS, resolve_serverless
from .sizing import env_defaults, sizing
from .static_site import resolve_static_site

# how decisions name the database engines
ENGINE_TITLES = {"postgres": "PostgreSQL", "mysql": "MySQL", "mariadb": "MariaDB",
                 "aurora-postgresql": "Aurora PostgreSQL-Compatible", "aurora-mysql": "Aurora MySQL-Compatible"}


def retention_days(stack: Stack) -> int:
    """Log retention: the policy's value for the environment, else the product default."""
    days = stack.policy.logs.retention_days.get(stack.environment)
    return int(days or sizing()["logs"][stack.environment]["retention_days"])


def _env_trigger(stack: Stack) -> str:
    return f"environment = {stack.environment}"


def _ensure(stack: Stack, cid: str, kind: str, params: dict[str, Any], decision: Decision) -> Component:
    existing = stack.components.get(cid)
    if existing is not None:
        return existing
    return stack.add(Component(id=cid, kind=kind, params=params, provenance=Provenance(source="dependency")),
                     decision)


def resolve(stack: Stack) -> None:
    """Add the network, keys, entry point and wiring the requested components need."""
    apps = stack.by_kind("web_app")
    dbs = stack.by_kind("relational_database")
    caches = stack.by_kind("cache")
    serverless = [c for c in stack.components.values() if c.kind in SERVERLESS_KINDS]
    sites = stack.by_kind("static_site")
    if not apps and not dbs and not serverless and not caches and not sites:
        return
    env = stack.environment
    logs = {"retention_days": retention_days(stack)}
    policy_days = stack.policy.logs.retention_days.get(env)
    stack.decide(Decision(
        id="aws.logs.retention",
        title=f"Log groups keep {logs['retention_days']} days, KMS-encrypted",
        why="Logs must be kept long enough for investigations and audits without growing forever; "
            f"{logs['retention_days']} days for {env}"
            + (f" ({stack.policy.label})." if policy_days else " (product default)."),
        rule="log-retention",
        trigger=(f"{stack.policy.label} [logs] retention_days.{env} = {policy_days}" if policy_days
                 else _env_trigger(stack)),
        alternatives=["never expire (cost, data-retention liability)", "shorter retention (loses evidence)"],
    ))
    _ensure(stack, "keys", "encryption_keys", {"retention_days": logs["retention_days"]}, Decision(
        id="aws.kms.customer-keys",
        title="Customer-managed KMS keys per purpose (logs, data, application)",
        why="Separate keys limit the blast radius of a key policy mistake and let each service principal be "
            "granted only the key it needs; rotation is yearly and automatic.",
        rule="encryption-keys", trigger="always (governance)",
        alternatives=["AWS-managed keys (no key policy control, no cross-account audit)", "one key for everything"],
    ))
    if apps or dbs or caches:
        _resolve_network(stack, [*apps, *dbs, *caches], logs["retention_days"])
    for cache_ in caches:
        resolve_cache(stack, cache_, logs["retention_days"])
    for db in dbs:
        _resolve_db(stack, db)
        db.params["retention_days"] = logs["retention_days"]
    for app in apps:
        _resolve_app(stack, app)
        app.params["retention_days"] = logs["retention_days"]
    for edge in stack.by_kind("load_balancer"):
        edge.params["retention_days"] = logs["retention_days"]
    resolve_serverless(stack, logs["retention_days"])
    resolve_static_site(stack, logs["retention_days"])
    wire_caches(stack)
    resolve_identities(stack)
    resolve_backup(stack)
    if "network" in stack.components:
        _network_perimeter(stack)
    _confused_deputy(stack)


def _resolve_network(stack: Stack, users: list[Component], retention: int) -> None:
    net = env_defaults("network", stack)
    _ensure(stack, "network", "network", {**net, "flow_log_retention_days": retention}, Decision(
        id="aws.network.vpc",
        title=f"Dedicated VPC over {net['az_count']} AZs with public, private and database subnets",
        why=f"{_tiers(users)} must not sit in the default VPC nor on public subnets; three tiers let security "
            "groups and route tables separate internet, application and data traffic.",
        rule="aws.network.tiers", trigger=f"a component needs a network ({', '.join(c.id for c in users)})",
        alternatives=["default VPC (public subnets, no flow logs)", "two tiers only (database beside the app)"],
    ))
    stack.decide(Decision(
        id="aws.network.az-count", title=f"{net['az_count']} availability zones",
        why="Production survives the loss of one AZ with capacity to spare (3 AZs); "
            f"other environments use 2, the minimum for {_two_az_minimum(users)}.",
        rule="aws.env.ha", trigger=_env_trigger(stack), components=["network"],
        alternatives=["2 AZs in prod (one AZ loss halves capacity)", "1 AZ (not allowed by ALB/RDS)"],
    ))
    stack.decide(Decision(
        id="aws.network.nat",
        title="One NAT gateway per AZ" if not net["single_nat_gateway"] else "A single NAT gateway",
        why="Per-AZ NAT gateways keep egress working when an AZ fails (prod)."
        if not net["single_nat_gateway"]
        else "One NAT gateway halves the fixed cost; an AZ failure only cuts egress in a non-production "
             "environment.",
        rule="aws.env.ha", trigger=_env_trigger(stack), components=["network"],
        alternatives=["NAT instances (patching burden)", "VPC endpoints only (more endpoints, more cost)"],
    ))
    stack.decide(Decision(
        id="aws.network.flow-logs", title="VPC flow logs (ALL traffic) to a KMS-encrypted log group",
        why="Network forensics and CIS 3.7 need the metadata of accepted and rejected traffic.",
        rule="network-flow-logs", trigger="always (governance)", components=["network"],
        alternatives=["flow logs to S3 (cheaper at scale, slower to query)"],
    ))
    stack.decide(Decision(
        id="aws.network.default-sg", title="The default security group has no rules",
        why="Anything launched without an explicit security group must get no access (CIS 5.4).",
        rule="least-privilege", trigger="always", components=["network"],
    ))
    stack.decide(Decision(
        id="aws.network.nacl",
        title="A network ACL per subnet tier; the default network ACL has no rule and no subnet",
        why="The default network ACL allows all traffic in and out, 22 and 3389 included: it is managed with no "
            "rule, and every subnet sits on its tier's ACL instead, so a subnet added without one gets no traffic. "
            "The tier ACLs are stateless, so each flow is allowed both ways: public subnets accept "
            + ("HTTPS/HTTP from the internet for the internet-facing load balancer, "
               if stack.by_kind("load_balancer") else "no new connection from the internet, only ")
            + "the private subnets' HTTPS to the NAT gateways and return traffic; private subnets accept the "
            "workloads' ports from the VPC and return "
            "traffic; database subnets accept the data ports from the VPC but nothing at all from the public "
            "subnets. Return traffic from the internet uses ephemeral ports 1024-65535 without 3389, so no "
            "rule open to the internet covers a remote administration port (CIS AWS Foundations v3.0 5.1). "
            "Security groups still do the fine-grained work (Well-Architected SEC05-BP01, SEC05-BP02).",
        rule="least-privilege", trigger="always", components=["network"],
        alternatives=["the default ACL for every subnet (allows everything, CIS 5.1 fails)",
                      "an ephemeral range including 3389 (a rare NAT reply on that port would pass, but the rule "
                      "covers an administration port)"],
    ))


def _tiers(users: list[Component]) -> str:
    """"The application and the database": the tiers of the stack that need the network, and only those."""
    names = {"web_app": "application", "relational_database": "database", "cache": "cache"}
    found = [names[k] for k in names if any(c.kind == k for c in users)]
    plural = {"application": "applications", "database": "databases", "cache": "caches"}
    words = [plural[n] if sum(names.get(c.kind) == n for c in users) > 1 else n for n in found]
    listed = ", ".join(f"the {w}" for w in words[:-1]) + (" and " if len(words) > 1 else "") + f"the {words[-1]}"
    return listed[0].upper() + listed[1:]


def _two_az_minimum(users: list[Component]) -> str:
    """What needs two AZs in the stack: only services it has are named."""
    needs = {"web_app": "an Application Load Balancer", "relational_database": "a DB subnet group",
             "cache": "an ElastiCache subnet group with a replica"}
    found = [text for kind, text in needs.items() if any(c.kind == kind for c in users)]
    return " and ".join(found) if found else "subnets spread over zones"


def _resolve_db(stack: Stack, db: Component) -> None:
    stated = dict(db.params)
    engine = str(stated.get("engine") or DEFAULT_ENGINE)
    if "engine" not in stated:
        stack.decide(Decision(
            id=f"aws.{db.id}.engine-default", title="PostgreSQL when no engine is named",
            why="The request asks for a relational database without naming an engine; PostgreSQL is the "
                "open-source default with the widest feature set on RDS.",
            rule="core.defaults", trigger="no engine in the request", components=[db.id],
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
    version = engine_version(engine, stated.get("engine_version"))
    db.params = {**stated, **size, "engine": engine, "engine_version": version,
                 "family": engine + engine_major(engine, version), "port": eng["port"],
                 "log_exports": eng["log_exports"], "db_name": stated.get("database_name", "app")}
    db.depends_on = sorted({*db.depends_on, "network", "keys"})
    p = db.params
    if "engine_version" in stated or "database_name" in stated:
        stack.decide(Decision(
            id=f"aws.{db.id}.version",
            title=f"{eng['title']} {version}, database {p['db_name']}",
            why=("The version is stated: a major version takes the minor version the product is tested with; "
                 "minor versions are then upgraded automatically in the maintenance window."
                 if "engine_version" in stated else
                 f"{eng['title']} {version} is the version the product is tested with.")
                + f" The database created on the server is {p['db_name']}"
                + (" (stated)." if "database_name" in stated else "."),
            rule="aws.db.sizing",
            trigger=stated_trigger(stated, ("engine_version", "database_name"), "the tested version"),
            components=[db.id],
            alternatives=[f"{eng['title']} {major}" for major in eng["versions"]
                          if major != engine_major(engine, version)],
        ))
    if aurora:
        stack.decide(Decision(
            id=f"aws.{db.id}.aurora",
            title=f"Amazon {ENGINE_TITLES.get(engine, engine)} {p['engine_version']}: {p['instance_count']} × "
                  f"{p['instance_class']}",
            why="The request names Aurora: storage replicated six ways over three AZs and growing on its own; "
                + ("a reader in another AZ becomes the writer in about 30 seconds." if p["multi_az"] else
                   f"one writer is enough for {stack.environment} (the storage is still replicated over 3 AZs)."),
            rule="aws.db.sizing",
            trigger=stated_trigger(stated, ("instances", "instance_class"),
                                   f"engine = {engine}; {_env_trigger(stack)}"),
            components=[db.id],
            alternatives=["RDS single instance (lower floor cost)", "Aurora Serverless v2 (scales to zero load)"],
        ))
    _db_decisions(stack, db, engine, stated)


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
        rule="aws.db.sizing", trigger=stated_trigger(stated, ("engine", *sized), _env_trigger(stack)),
        components=[db.id],
        alternatives=["Aurora (higher floor cost)", "self-managed on EC2 (patching, backups by hand)"],
    ))
    stack.decide(Decision(
        id=f"aws.{db.id}.multi-az",
        title="Multi-AZ standby" if p["multi_az"] else "Single-AZ instance",
        why="A synchronous standby in another AZ fails over in about a minute (prod)." if p["multi_az"]
        else "A standby doubles the cost; a non-production database can be restored from backups.",
        rule="aws.env.ha", trigger=_env_trigger(stack), components=[db.id],
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
        rule="aws.env.protection", trigger=stated_trigger(stated, ("backup_retention_days",), _env_trigger(stack)),
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
            "(aws:SourceAccount, aws:SourceArn).",
        rule="aws.observability", trigger="always", components=[db.id],
    ))


def _task_role(stack: Stack, app: Component) -> str:
    used = access.summary(stack, app, iam_only=True)
    if used == "none":
        return "The task role (the code's identity) gets no statement: no connection of the application is reached " \
               "through IAM."
    return f"The task role (the code's identity) holds only the statements of its connections ({used})."


def _resolve_app(stack: Stack, app: Component) -> None:
    stated = dict(app.params)
    framework = str(stated.get("framework", GENERIC_FRAMEWORK))
    fw = frameworks()[framework]
    size = env_defaults("web_app", stack)
    cpu, memory = fargate_size(stated.get("cpu"), stated.get("memory"), size["cpu"], size["memory"])
    if "replicas" in stated:
        count = stated["replicas"]
        size.update(desired_count=count, min_capacity=count, max_capacity=count, autoscaling=False)
    elif "min_replicas" in stated:
        size.update(desired_count=stated["min_replicas"], min_capacity=stated["min_replicas"],
                    max_capacity=stated["max_replicas"], autoscaling=True)
    app.params = {
        **stated,
        **size,
        "cpu": cpu,
        "memory": memory,
        "framework": framework,
        "language": fw["language"],
        "port": stated.get("port", fw["port"]),
        "health_check_path": stated.get("health_check_path", fw["health_check_path"]),
        "secret_env": fw["secret_env"],
    }
    app.depends_on = sorted({*app.depends_on, "network", "keys"})
    connected = [t.id for t, _ in access.grants(stack, app) if t.kind == "relational_database"]
    p = app.params
    what = f"{fw['title']} container" if framework != GENERIC_FRAMEWORK else "Container (no framework named)"
    given = {"port", "health_check_path"} & set(stated)
    defaults = f"defaults of {fw['title'] if framework != GENERIC_FRAMEWORK else 'a generic container'}"
    probe = "as stated" if len(given) == 2 else (f"as stated, else the {defaults}" if given else defaults)
    stack.decide(Decision(
        id=f"aws.{app.id}.ecs-fargate",
        title=f"{what} on ECS Fargate ({p['cpu']} CPU units, {p['memory']} MiB, {p['desired_count']} task(s))",
        why="Fargate runs containers without servers to patch; tasks run in private subnets with no public IP. "
            f"The container listens on port {p['port']} and answers health checks on {p['health_check_path']} "
            f"({probe}); each task has {p['cpu']} CPU units and {p['memory']} MiB"
            + (" as stated." if {"cpu", "memory"} & set(stated) else f", sized for {stack.environment}."),
        rule="aws.app.compute",
        trigger=stated_trigger(stated, ("framework", "port", "health_check_path", "cpu", "memory"),
                               _env_trigger(stack)),
        components=[app.id],
        alternatives=["EKS (more to operate for one service)", "App Runner (no WAF association, less network control)",
                      "EC2 (patching)"],
    ))
    stack.decide(Decision(
        id=f"aws.{app.id}.ecr", title="Private ECR repository, scan on push, immutable tags, KMS",
        why="Images come from a registry the account controls; immutable tags make a deployment reproducible.",
        rule="aws.app.supply-chain", trigger="always", components=[app.id],
    ))
    stack.decide(Decision(
        id=f"aws.{app.id}.secrets",
        title=f"The application secret ({p['secret_env']}) is injected from Secrets Manager, readable by the "
              "execution role only",
        why="ECS injects it at start; nothing secret is in the task definition's plain environment, in code or "
            "in state, and Terraform never reads it. The operator sets its value once. A resource policy on the "
            "secret denies GetSecretValue to every principal but the service's execution role (AWS services "
            "and service-linked roles aside) and blocks public policies. Databases and caches need no secret: "
            "the task role authenticates as the application's own users (Well-Architected SEC02-BP03: store "
            "and use secrets securely).",
        rule="secrets-management", trigger="always (governance)", components=[app.id, *connected],
        alternatives=["environment variables (visible to anyone who can describe the task)",
                      "no resource policy (any principal of the account with a broad IAM policy reads it)"],
    ))
    stack.decide(Decision(
        id=f"aws.{app.id}.logs-non-blocking",
        title="Container logs in non-blocking mode (25 MiB buffer)",
        why="With the awslogs driver's default blocking mode, a CloudWatch Logs slowdown stalls the "
            "application's writes to stdout and then its requests; in non-blocking mode the driver buffers up "
            "to 25 MiB and drops lines beyond it instead (Well-Architected REL05-BP01: degrade gracefully). The "
            "log group stays KMS-encrypted with its retention.",
        rule="aws.observability", trigger="always", components=[app.id],
        alternatives=["blocking mode (no log line lost, the application stops when CloudWatch Logs does)"],
    ))
    stack.decide(Decision(
        id=f"aws.{app.id}.iam", title="Execution and task roles scoped to exact resources",
        why="The execution role may pull only this repository's images, write only this log group and read only "
            "these secrets with only these keys; `ecr:GetAuthorizationToken` is the one action AWS defines on `*`. "
            + _task_role(stack, app),
        rule="least-privilege", trigger="always (governance)", components=[app.id],
        alternatives=["AmazonECSTaskExecutionRolePolicy (any repository, any log group)"],
    ))
    scaling = ("replicas", "min_replicas", "max_replicas")
    stack.decide(Decision(
        id=f"aws.{app.id}.autoscaling",
        title=(f"Target-tracking autoscaling on CPU ({p['min_capacity']}–{p['max_capacity']} tasks)"
               if p["autoscaling"] else f"Fixed count of {p['desired_count']} task(s), no autoscaling"),
        why=(("Autoscaling between the stated bounds; tasks spread over the availability zones."
              if "min_replicas" in stated else "Production absorbs load peaks and AZ loss.")
             if p["autoscaling"] else
             (f"{p['desired_count']} tasks as stated, always running; tasks spread over the availability "
              "zones." if "replicas" in stated else "A fixed count keeps non-production cost predictable.")),
        rule="aws.env.ha", trigger=stated_trigger(stated, tuple(k for k in scaling if k in stated) or ("replicas",),
                                                  _env_trigger(stack)),
        components=[app.id],
        alternatives=["autoscaling (min_replicas, max_replicas)" if not p["autoscaling"]
                      else "a fixed count (replicas)"],
    ))
    lb = env_defaults("load_balancer", stack)
    edge_id = "edge" if len(stack.by_kind("web_app")) == 1 else f"{app.id}_edge"
    edge = _ensure(stack, edge_id, "load_balancer",
                   {**lb, "internet_facing": True, "waf": True, "target": app.id}, Decision(
        id=f"aws.{edge_id}.alb", title="Internet-facing Application Load Balancer, HTTPS only",
        why="A web application needs a public entry point; TLS 1.2/1.3 policy, HTTP redirected to HTTPS, "
            "invalid headers dropped, access logs to S3"
            + (", deletion protection on." if lb["deletion_protection"] else "."),
        rule="aws.app.entry", trigger=named("web application", app.id),
        alternatives=["API Gateway (HTTP APIs only)", "CloudFront in front (add when serving static assets)"],
    ))
    edge.connects_to = sorted({*edge.connects_to, app.id})
    edge.depends_on = sorted({*edge.depends_on, "network", "keys"})
    stack.decide(Decision(
        id=f"aws.{edge_id}.waf", title="AWS WAF with managed rule groups on the load balancer",
        why="Internet-facing: Common rule set (OWASP), Known bad inputs (Log4j), IP reputation, SQL injection, "
            "and a per-IP rate limit; requests are logged (Authorization and Cookie redacted).",
        rule="web-application-firewall", trigger="entry point is internet-facing", components=[edge_id],
        alternatives=["no WAF (exposed to common exploits)", "Shield Advanced (cost)"],
    ))
    stack.decide(Decision(
        id=f"aws.{edge_id}.ingress", title="Only 80/443 open to the internet, on the load balancer alone",
        why="Security groups are chained: internet → ALB (80, 443) → application (its port) → database (its "
            "port). Nothing else accepts traffic from 0.0.0.0/0 or ::/0.",
        rule="least-privilege", trigger="always", components=[edge_id, app.id, *connected],
    ))
    certificate_decisions(stack, edge, "the HTTPS listener")


def _network_perimeter(stack: Stack) -> None:
    """The S3 gateway endpoint's policy: what the private subnets read and write, once everything is wired."""
    vpc = [c for c in stack.ordered() if c.kind == "web_app" or (c.kind in CLIENT_KINDS and c.params.get("vpc"))]
    buckets = sorted({b for c in vpc for b in c.connects_to if stack.components[b].kind == "object_storage"})
    apps = [c.id for c in vpc if c.kind == "web_app"]
    if not apps and not buckets:
        stack.decide(Decision(
            id="aws.network.s3-endpoint", title="No S3 gateway endpoint: nothing in the private subnets uses S3",
            why="No container image is pulled and no bucket is read or written from the VPC, so no endpoint (and "
                "no route to S3 that bypasses the NAT gateway) is created.",
            rule="least-privilege", trigger="no S3 use from the VPC", components=["network"],
        ))
        return
    allowed = ([f"the buckets {', '.join(buckets)} (this account's principals on this account's buckets: "
                "aws:PrincipalAccount and aws:ResourceAccount)"] if buckets else []) + (
        ["ECR's image layer bucket (prod-<region>-starport-layer-bucket, GetObject only)"] if apps else [])
    stack.decide(Decision(
        id="aws.network.s3-endpoint",
        title="The S3 gateway endpoint's policy allows only what the workloads use",
        why="The default endpoint policy allows any action on any bucket of any account. Here the private "
            f"subnets reach, through the endpoint, only {' and '.join(allowed)}; any other bucket in the region, "
            "including another account's, is refused on the way out (a data perimeter against exfiltration). "
            "Terraform's state bucket is not listed: Terraform runs outside the VPC. Well-Architected "
            "SEC05-BP02 (control traffic flow), SEC03-BP02.",
        rule="least-privilege", trigger="S3 use from the VPC", components=["network", *apps, *buckets],
        alternatives=["the default full-access policy", "interface endpoints for every AWS API (cost per AZ)"],
    ))


def _confused_deputy(stack: Stack) -> None:
    """Which service roles carry which confused-deputy conditions, and why the others do not."""
    kinds = {c.kind for c in stack.components.values()}
    lines = []
    if "network" in kinds:
        lines.append("VPC Flow Logs: aws:SourceAccount and aws:SourceArn (this account's flow logs)")
    if "relational_database" in kinds:
        lines.append("RDS enhanced monitoring: aws:SourceAccount and aws:SourceArn (the database's instances)")
    if kinds & {"web_app", "relational_database"}:
        lines.append("ECS task and execution roles: aws:SourceAccount and aws:SourceArn (this account's ECS)")
    if kinds & {"function", "worker", "scheduled_job"}:
        lines.append("Lambda execution roles: aws:SourceAccount (Lambda documents no source ARN for execution "
                     "roles; iam:PassRole binds a role to its function); invoke permissions name the source ARN "
                     "and account")
    if "scheduled_job" in kinds:
        lines.append("EventBridge Scheduler: aws:SourceAccount and aws:SourceArn (the schedule group)")
    if "backup" in kinds:
        lines.append("AWS Backup: none on its role (AWS Backup documents the keys only for the resource policies "
                     "it is named in, which carry them)")
    if not lines:
        return
    users = sorted(c.id for c in stack.components.values()
                   if c.kind in {"network", "relational_database", "web_app", "function", "worker",
                                 "scheduled_job", "backup"})
    stack.decide(Decision(
        id="aws.iam.confused-deputy",
        title="Service roles trust their service only on behalf of this account's resources",
        why="A service principal in a trust policy, alone, lets that service assume the role for any account's "
            "resource (the confused deputy). Conditions per role: " + "; ".join(lines) + ". KMS key and SNS "
            "topic policies that name a service add aws:SourceAccount too (Well-Architected SEC03-BP02; IAM "
            "cross-service confused deputy prevention).",
        rule="least-privilege", trigger="service roles in the stack", components=users,
        alternatives=["the service principal alone (any account's resource could use the role)"],
    ))
