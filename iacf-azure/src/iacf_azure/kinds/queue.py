"""The queue kind: a Service Bus queue of the stack's Premium namespace with its dead-letter queue; each client gets
the data role its access needs on this queue only."""

from __future__ import annotations

from iacf_core import FIFO_QUEUE_WORDS, Decision, KindSpec, Stack, stated_trigger

from ..params import AzureQueueParams
from ..references import cis
from ..sizing import env_defaults

SENDER = "Azure Service Bus Data Sender"
RECEIVER = "Azure Service Bus Data Receiver"
# connection access level → the data roles its client gets on the entity
ROLES = {"send": (SENDER,), "write": (SENDER,), "publish": (SENDER,), "consume": (RECEIVER,),
         "read": (RECEIVER,), "read_write": (SENDER, RECEIVER), "connect": (SENDER, RECEIVER)}
# the kinds that run as an identity of the project
CLIENT_KINDS = ("web_app", "function", "worker", "scheduled_job")


def clients(stack: Stack, entity_id: str) -> list[tuple[str, str]]:
    """(client, role) pairs of an entity: each client that runs as an identity, each role its access needs."""
    return [(c.source, role) for c in stack.users(entity_id)
            if c.source in stack.components and stack.components[c.source].kind in CLIENT_KINDS
            for role in ROLES.get(c.access, (SENDER, RECEIVER))]


def entity_name(component_id: str) -> str:
    """Service Bus entity names: letters, digits, hyphens."""
    return component_id.replace("_", "-")


def resolve(stack: Stack) -> None:
    for queue in stack.by_kind("queue"):
        stated = dict(queue.params)
        queue.params = {**env_defaults("queue", stack), "fifo": False, **stated, "name": entity_name(queue.id)}
        queue.params["clients"] = [list(pair) for pair in clients(stack, queue.id)]
        queue.depends_on = sorted({*queue.depends_on, "bus"})
        p = queue.params
        who = "; ".join(f"{source}: {role}" for source, role in clients(stack, queue.id)) or "no client yet"
        stack.decide(Decision(
            id=f"azure.{queue.id}.queue",
            title=f"Service Bus queue {p['name']}: messages live {p['message_retention_days']} days, dead-lettered "
                  f"after {p['max_delivery_count']} deliveries" + (", sessions and duplicate detection"
                                                                   if p["fifo"] else ""),
            why=f"A received message stays locked {p['lock_duration_seconds']} seconds for its consumer; a message "
                "that expires or fails every delivery moves to the queue's dead-letter queue instead of being lost, "
                "and the project's action group is alerted while the dead-letter queue holds messages. "
                + (f"{stack.environment.capitalize()} keeps messages {p['message_retention_days']} days (14 in prod) "
                   "to cost less and keep tests short. " if not stack.is_prod else "")
                + f"Each client gets a data role on this queue only ({who}). " + cis("least-privilege"),
            rule="azure.messaging.queue",
            trigger=stated_trigger(stated, ("fifo", "lock_duration_seconds", "message_retention_days",
                                            "max_delivery_count"), stack.env_trigger),
            components=[queue.id],
            alternatives=["a role on the namespace (every queue and topic opened to each client)"],
        ))


SPEC = KindSpec(
    name="queue", default_id="queue",
    description="Service Bus queue (Premium namespace: private, Entra ID only, CMK) with its dead-letter queue.",
    words=("service bus", "azure service bus", "service bus queue", "file service bus", "queue service bus"),
    param_words={"fifo": {True: (*FIFO_QUEUE_WORDS, "fifo service bus queue", "service bus fifo queue")}},
    params=AzureQueueParams, modules=(), resolve=resolve,
    controls=("default-encryption", "least-privilege"), sizing="queue",
)
