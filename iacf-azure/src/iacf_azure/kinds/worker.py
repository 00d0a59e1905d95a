"""The worker kind: a Container Apps app with no ingress in the stack's Container Apps environment, one revision
at a time, scaled by KEDA on the queue or subscription it consumes (read with its identity), its user-assigned
identity granted per resource; each default is a recorded decision."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, SpecError, Stack, stated_trigger

from ..params import AzureWorkerParams
from ..references import cis
from ..sizing import env_defaults
from .container_apps import connections, decide_identity, secret_references
from .queue import RECEIVER, clients, entity_name


def _scale_rules(stack: Stack, worker: Component) -> list[dict[str, str]]:
    """One azure-servicebus KEDA rule per queue the worker receives from and per topic subscription of its own."""
    rules = []
    for entity_id in worker.params["messaging"]:
        entity = stack.components[entity_id]
        if (worker.id, RECEIVER) not in [tuple(pair) for pair in clients(stack, entity_id)]:
            continue  # it only sends there
        name = entity_name(entity_id)
        where = ({"queueName": name} if entity.kind == "queue"
                 else {"topicName": name, "subscriptionName": entity_name(worker.id)})
        rules.append({"name": name, "kind": entity.kind, **where})
    return rules


def resolve(stack: Stack) -> None:
    for worker in stack.by_kind("worker"):
        _resolve_worker(stack, worker)


def _resolve_worker(stack: Stack, worker: Component) -> None:
    stated = dict(worker.params)
    worker.params = {**env_defaults("worker", stack), **stated, **connections(stack, worker),
                     "secrets": secret_references(worker, [str(s) for s in stated.get("secrets", [])])}
    worker.params["scale_rules"] = _scale_rules(stack, worker)
    worker.depends_on = sorted({*worker.depends_on, "apps", "keys", "monitoring"})
    p = worker.params
    if not p["scale_rules"]:
        if stated.get("min_replicas") == 0:
            raise SpecError(f"worker {worker.id}: min_replicas = 0 needs a queue to scale on: connect it to a queue "
                            "it consumes, or keep at least 1 replica")
        p["min_replicas"] = max(1, int(p["min_replicas"]))
    if int(p["max_replicas"]) < int(p["min_replicas"]):
        raise SpecError(f"worker {worker.id}: max_replicas = {p['max_replicas']} is below min_replicas "
                        f"({p['min_replicas']})")
    feeds = ", ".join(r["name"] for r in p["scale_rules"])
    stack.decide(Decision(
        id=f"azure.{worker.id}.container-app",
        title=f"Container Apps worker, {p['cpu']} vCPU and {float(p['cpu']) * 2:g} GiB per replica, "
              f"{p['min_replicas']} to {p['max_replicas']} replicas, no ingress, single revision",
        why="A worker pulls its work: it has no ingress, so nothing can call it, and runs one revision at a time (a "
            "new image replaces the running one). "
            + (f"A KEDA azure-servicebus rule adds a replica per {p['messages_per_replica']} messages waiting in "
               f"{feeds}, with no connection string: KEDA reads message counts with a Manage-level call, so a "
               "separate scaler identity holds Azure Service Bus Data Owner on that entity only and the worker's "
               "own identity keeps the receiver role (Container Apps attaches both to the app). "
               if feeds else "No queue feeds it, so it keeps its replicas running. ")
            + ("Production keeps at least two replicas, spread over the zones of the environment."
               if stack.is_prod else
               f"{stack.environment.capitalize()} runs {p['min_replicas']} replica(s) when idle to cost less "
               + ("(scaled to zero while its queue is empty; 2 in prod)." if p["min_replicas"] == 0 else
                  "(2 in prod).")),
        rule="azure.worker.compute",
        trigger=stated_trigger(stated, ("cpu", "min_replicas", "max_replicas"), stack.env_trigger),
        components=[worker.id],
        alternatives=["a Function App with a Service Bus trigger (the function kind)",
                      "a SAS connection string with Manage rights for KEDA (needs the namespace's local "
                      "authentication on)",
                      "multiple revision mode (traffic splitting a worker does not need)"],
    ))
    stack.decide(Decision(
        id=f"azure.{worker.id}.telemetry",
        title="Its console and system logs in the stack's Log Analytics workspace",
        why="The worker writes to stdout; the environment's diagnostic setting sends its console and system logs "
            "to Log Analytics. " + cis("log-retention"),
        rule="log-retention", trigger="always", components=[worker.id],
        alternatives=["Application Insights in the image (add it with the identity: no instrumentation key)"],
    ))
    decide_identity(stack, worker, "worker")


SPEC = KindSpec(
    name="worker", default_id="worker",
    description="Container Apps worker (no ingress, single revision, KEDA scaling on its Service Bus queue) in the "
                "stack's internal Container Apps environment.",
    words=("container apps", "azure container apps", "container app", "worker container apps",
           "worker azure container apps", "application container apps"),
    params=AzureWorkerParams, modules=("container_app_worker",), resolve=resolve,
    controls=("least-privilege", "secrets-management", "log-retention"), sizing="worker",
)
