"""The Container Apps environment: one per stack, shared by its workers and scheduled jobs; workload profiles,
injected in a delegated subnet of the project's network, internal only, zone-redundant in prod, logs to the stack's
Log Analytics workspace. Added for the stack's workers and jobs."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Provenance, Stack

from ..references import cis
from ..sizing import env_defaults

# the kinds that run in the environment
APP_KINDS = ("worker", "scheduled_job")
ENVIRONMENT_ID = "apps"


def container_apps(stack: Stack) -> list[Component]:
    """The stack's workers and jobs, in order."""
    return [c for c in stack.ordered() if c.kind in APP_KINDS]


def ensure_environment(stack: Stack) -> None:
    """Add the environment when the stack holds a worker or a scheduled job."""
    apps = container_apps(stack)
    if not apps:
        return
    size = env_defaults("container_apps", stack)
    names = ", ".join(c.id for c in apps)
    stack.ensure(Component(id=ENVIRONMENT_ID, kind="container_apps_environment", params=size,
                           depends_on=["network", "monitoring"], provenance=Provenance(source="dependency")),
                 Decision(
        id="azure.apps.environment",
        title="One Container Apps environment (workload profiles) for " + names
              + (", zone-redundant" if size["zone_redundant"] else ""),
        why="Workers and jobs share one environment: one delegated subnet, one internal load balancer, one log "
            "stream. Its workload profiles mode runs the Consumption profile (replicas billed while they run, a "
            "queue worker scaled to zero when idle outside prod) and allows dedicated profiles later. "
            + ("Production spreads the environment's replicas over the availability zones (fixed at creation)."
               if size["zone_redundant"] else
               f"{stack.environment.capitalize()} runs without zone redundancy to cost less: it is off on purpose "
               "(on in prod; it can only be set when the environment is created)."),
        rule="azure.env.ha", trigger=f"{names} (worker or scheduled job); {stack.env_trigger}",
        components=[ENVIRONMENT_ID],
        alternatives=["one environment per workload (more subnets, more load balancers)",
                      "Azure Kubernetes Service (a cluster to operate)",
                      "Functions Premium (the function kind: always-ready instances, no scale to zero)"],
    ))
    stack.decide(Decision(
        id="azure.apps.private-environment",
        title="Internal environment in a delegated subnet, no public endpoint, mutual TLS between apps",
        why="The environment is injected in the network's apps subnet (delegated to Microsoft.App/environments, "
            "behind its deny-by-default security group): its load balancer has a private IP only and public network "
            "access is disabled. Workers have no ingress and jobs cannot have one, so nothing in it can be called "
            "from outside. Replicas reach the stack's private endpoints from that subnet and the internet through "
            "the NAT gateway (static IP). Mutual TLS encrypts the traffic between apps. "
            + cis("private-data-tier"),
        rule="private-data-tier", trigger="always", components=[ENVIRONMENT_ID],
        alternatives=["an external environment (a public IP in front of its apps)"],
    ))
    stack.decide(Decision(
        id="azure.apps.logs",
        title="Console and system logs of every worker and job to the stack's Log Analytics workspace",
        why="The environment sends its logs through a diagnostic setting (logs destination azure-monitor) to the "
            "stack's workspace, kept for the environment's retention; the workspace's shared keys stay off (the "
            "log-analytics destination would need one). " + cis("log-retention"),
        rule="log-retention", trigger="always", components=[ENVIRONMENT_ID],
        alternatives=["the log-analytics destination (needs the workspace's shared key)"],
    ))
    stack.decide(Decision(
        id="azure.apps.no-customer-key",
        title="No customer-managed key on the Container Apps environment: Azure does not offer one",
        why="Container Apps encrypts its platform data with Microsoft-managed keys and has no customer-managed key "
            "setting (azurerm 4.x neither). What needs one does not live there: secrets are Key Vault references "
            "(the vault's keys), data goes to the stack's stores, each encrypted with its own customer-managed key; "
            "replicas keep no persistent volume. " + cis("default-encryption"),
        rule="default-encryption", trigger="always (not offered by the service)", components=[ENVIRONMENT_ID],
        alternatives=["Azure Kubernetes Service with a disk encryption set (a cluster to operate)"],
    ))


SPEC = KindSpec(
    name="container_apps_environment", default_id=ENVIRONMENT_ID,
    description="Container Apps environment of the stack's workers and jobs: workload profiles, VNet-injected, "
                "internal, zone-redundant in prod, logs to Log Analytics.",
    modules=("container_apps_environment",), internal=True,
    controls=("private-data-tier", "log-retention"), sizing="container_apps",
)


def _targets(stack: Stack, app: Component, kind: str) -> list[str]:
    return [g.target for g in stack.grants(app.id)
            if g.target in stack.components and stack.components[g.target].kind == kind]


def connections(stack: Stack, app: Component) -> dict[str, list[str]]:
    """What a worker or job is connected to, by kind: the root module grants each on that resource only."""
    return {"databases": _targets(stack, app, "relational_database"),
            "storages": _targets(stack, app, "object_storage"),
            "tables": _targets(stack, app, "nosql_table"),
            "caches": _targets(stack, app, "cache"),
            "messaging": sorted(_targets(stack, app, "queue") + _targets(stack, app, "topic"))}


def secret_references(app: Component, names: list[str]) -> list[dict[str, str]]:
    """Environment variables read from Key Vault: MY_SECRET for the secret my-secret."""
    return [{"setting": name.upper().replace("-", "_"), "name": name} for name in names]


def decide_identity(stack: Stack, app: Component, what: str) -> None:
    """The identity decision of a worker or job: what it reaches, each grant on one resource."""
    p = app.params
    reach = [*(f"{db} (Entra ID token of the identity, no password)" for db in p["databases"]),
             *(f"{s} (blob data role on its container)" for s in p["storages"]),
             *(f"{m} (Service Bus data role on that entity)" for m in p["messaging"]),
             *(f"{t} (Cosmos DB data role on its container)" for t in p["tables"]),
             *(f"{k} (Redis access policy, Entra ID token)" for k in p["caches"])]
    secrets = [ref["name"] for ref in p["secrets"]]
    stack.decide(Decision(
        id=f"azure.{app.id}.identity",
        title=f"A user-assigned identity for the {what}, granted per resource; secrets as Key Vault references",
        why=f"The {what} runs as its own user-assigned identity (created before it, so its roles exist when it "
            "starts); AZURE_CLIENT_ID names it to the SDKs. It pulls its image with that identity (AcrPull on the "
            "registry, when given: no registry password)"
            + (", reads its secrets " + ", ".join(secrets) + " as Key Vault references (Key Vault Secrets User on "
               "each secret only; values are set in the vault, never in Terraform)" if secrets else "")
            + (", and reaches: " + "; ".join(reach) if reach else ", and is granted nothing else")
            + ". " + cis("least-privilege"),
        rule="least-privilege", trigger="always", components=[app.id],
        alternatives=["a system-assigned identity (cannot be granted before the app exists)",
                      "connection strings and keys as secrets (to store and rotate)"],
    ))
