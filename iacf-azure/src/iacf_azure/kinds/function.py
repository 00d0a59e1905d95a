"""The function kind: a Linux Function App (container) on a Functions Premium plan, private and VNet-integrated,
its own storage account reached with its managed identity, telemetry in Application Insights with Entra ID only;
each default is a recorded decision."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Stack, stated_trigger

from ..params import AzureFunctionParams
from ..references import cis
from ..sizing import env_defaults

# the Functions host's own containers (locks, keys, timers): its identity gets a data role on these only
HOST_CONTAINERS = ("azure-webjobs-hosts", "azure-webjobs-secrets")


def storage_key(component_id: str) -> str:
    """The Key Vault key of a function's storage account."""
    return f"{component_id.replace('_', '-')}-storage"


def resolve(stack: Stack) -> None:
    for fn in stack.by_kind("function"):
        _resolve_function(stack, fn)


def _targets(stack: Stack, fn: Component, kind: str) -> list[str]:
    return [g.target for g in stack.grants(fn.id)
            if g.target in stack.components and stack.components[g.target].kind == kind]


def _resolve_function(stack: Stack, fn: Component) -> None:
    stated = dict(fn.params)
    size = env_defaults("function", stack)
    fn.params = {
        **size, **stated,
        "host_containers": list(HOST_CONTAINERS),
        "storage_key": storage_key(fn.id),
        "databases": _targets(stack, fn, "relational_database"),
        "storages": _targets(stack, fn, "object_storage"),
        "tables": _targets(stack, fn, "nosql_table"),
        "caches": _targets(stack, fn, "cache"),
        "messaging": sorted(_targets(stack, fn, "queue") + _targets(stack, fn, "topic")),
    }
    fn.depends_on = sorted({*fn.depends_on, "network", "keys", "monitoring"})
    p = fn.params
    stack.decide(Decision(
        id=f"azure.{fn.id}.function-app",
        title=f"Linux Function App (container) on Functions Premium {p['sku_name']}, {p['min_instances']} to "
              f"{p['max_instances']} instances" + (", zone-redundant" if p["zone_redundant"] else ""),
        why="The Premium plan is the Functions tier with VNet integration, private endpoints and always-ready "
            "instances (no cold start); the code ships as a container image, pulled with the function's identity "
            "(no registry password, no file share). "
            + ("Production keeps three always-ready instances spread over the availability zones."
               if p["zone_redundant"] else
               f"{stack.environment.capitalize()} runs in one zone to cost less: zone redundancy is off on purpose "
               "(on in prod)."),
        rule="azure.function.compute",
        trigger=stated_trigger(stated, ("sku_name", "min_instances", "max_instances"), stack.env_trigger),
        components=[fn.id],
        alternatives=["Flex Consumption (scales to zero; its VNet integration needs a subnet delegated to "
                      "Microsoft.App/environments)", "Consumption (no VNet integration, no private endpoint)",
                      "Container Apps (another platform to operate)"],
    ))
    stack.decide(Decision(
        id=f"azure.{fn.id}.private-function",
        title="No public network access to the function; outbound through the VNet",
        why="The Function App's public endpoint is disabled: callers inside the network reach it through a "
            "private endpoint (privatelink.azurewebsites.net). VNet integration routes all outbound traffic (image "
            "pulls and storage included) through the application subnet and its NAT gateway; the scale controller "
            "reads the triggers through the VNet (runtime scale monitoring). HTTPS only, TLS 1.2 minimum, FTP and "
            "basic-auth publishing off, remote debugging off. Internet clients need a gateway in front (Application "
            "Gateway WAF_v2 or API Management). " + cis("web-application-firewall"),
        rule="private-data-tier", trigger="always", components=[fn.id],
        alternatives=["public endpoint with access restrictions (an internet-reachable host name)"],
    ))
    stack.decide(Decision(
        id=f"azure.{fn.id}.storage",
        title="Its own private storage account, reached with the function's identity (no account key)",
        why="The Functions host keeps its locks, keys and timers in blob containers of a storage account of its own: "
            "shared keys are off, so AzureWebJobsStorage is an identity-based connection. The function's identity "
            f"holds Storage Blob Data Owner on the host's containers only ({', '.join(HOST_CONTAINERS)}), not on "
            "the account. The account is private (blob private endpoint), TLS 1.2, encrypted with its own "
            "customer-managed key, versioned with soft delete. " + cis("default-encryption"),
        rule="default-encryption", trigger="always", components=[fn.id],
        alternatives=["a connection string with the account key (a secret in the app settings)"],
    ))
    stack.decide(Decision(
        id=f"azure.{fn.id}.telemetry",
        title="Application Insights on the project's Log Analytics workspace, Entra ID ingestion only",
        why="Traces, requests and dependencies go to a workspace-based Application Insights; local authentication "
            "is off, so only the function's identity (Monitoring Metrics Publisher on that component only) can send "
            "telemetry. The platform's FunctionAppLogs and metrics go to Log Analytics through a diagnostic setting. "
            + cis("log-retention"),
        rule="log-retention", trigger="always", components=[fn.id],
        alternatives=["an instrumentation key (anyone holding it can write telemetry)"],
    ))
    reach = [*(f"{db} (Entra ID token of the identity, no password)" for db in p["databases"]),
             *(f"{s} (blob data role on its container)" for s in p["storages"]),
             *(f"{m} (Service Bus data role on that entity)" for m in p["messaging"]),
             *(f"{t} (Cosmos DB data role on its container)" for t in p["tables"]),
             *(f"{k} (Redis access policy, Entra ID token)" for k in p["caches"])]
    stack.decide(Decision(
        id=f"azure.{fn.id}.identity",
        title="A user-assigned identity for the function, granted per resource",
        why="The function runs as its own user-assigned identity (created before the app, so its roles exist "
            "when it starts); AZURE_CLIENT_ID names it to the SDKs. Its grants are scoped to single resources: the "
            "host's containers, its Application Insights component, the image registry (AcrPull, when given)"
            + (", and its connections: " + "; ".join(reach) if reach else "") + ". " + cis("least-privilege"),
        rule="least-privilege", trigger="always", components=[fn.id],
        alternatives=["a system-assigned identity (cannot be granted before the app exists)"],
    ))


SPEC = KindSpec(
    name="function", default_id="fn",
    description="Linux Function App (container) on Functions Premium: private, VNet-integrated, identity-based "
                "storage, Application Insights.",
    words=("azure functions", "azure function", "function app", "function apps", "fonction azure",
           "fonctions azure", "functions premium"),
    params=AzureFunctionParams, modules=("function_app", "storage_account"), resolve=resolve,
    controls=("least-privilege", "default-encryption", "log-retention", "private-data-tier"), sizing="function",
)
