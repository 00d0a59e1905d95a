"""AWS dependency rules: what a requested component needs, each addition and default a recorded decision.

The platform pieces (log retention, keys, network) come first, then each kind's rules in :data:`RESOLVE_ORDER`,
then the wiring that needs every component in place (cache users, identities, backups, perimeter)."""

from __future__ import annotations

from iacf_core import Component, Decision, Provenance, SpecError, Stack, run_rules

from . import runtime_agent
from .certificates import certificate_owners
from .identities import resolve_identities
from .kinds import RESOLVE_ORDER
from .kinds.backup import resolve_backup
from .kinds.cache import wire_caches
from .kinds.network import network_perimeter, resolve_network
from .serverless import SERVERLESS_KINDS
from .sizing import retention_days


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
                 else stack.env_trigger),
        alternatives=["never expire (cost, data-retention liability)", "shorter retention (loses evidence)"],
    ))
    stack.ensure(Component(id="keys", kind="encryption_keys", params={"retention_days": logs["retention_days"]},
                           provenance=Provenance(source="dependency")), Decision(
        id="aws.kms.customer-keys",
        title="Customer-managed KMS keys per purpose (logs, data, application)",
        why="Separate keys limit the blast radius of a key policy mistake and let each service principal be "
            "granted only the key it needs; rotation is yearly and automatic.",
        rule="encryption-keys", trigger="always (governance)",
        alternatives=["AWS-managed keys (no key policy control, no cross-account audit)", "one key for everything"],
    ))
    if apps or dbs or caches:
        resolve_network(stack, [*apps, *dbs, *caches], logs["retention_days"])
    run_rules(stack, RESOLVE_ORDER)
    if stack.spec.domain_name and not certificate_owners(stack):  # an API Gateway API has no custom domain yet
        raise SpecError(f"domain_name {stack.spec.domain_name!r}: on AWS a domain is served by a web app's load "
                        "balancer or a static site's CloudFront distribution, and this stack has neither (an HTTP "
                        "API's custom domain is not generated yet): leave the domain out")
    wire_caches(stack)
    resolve_identities(stack)
    resolve_backup(stack)
    runtime_agent.decide(stack)  # before the network's perimeter: the agent's image layers come through it
    if "network" in stack.components:
        network_perimeter(stack)
    _confused_deputy(stack)


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
