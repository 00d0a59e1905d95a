"""The Service Bus namespace: one Premium namespace per stack holding its queues and topics, private, Entra ID only,
encrypted with a customer-managed key; added for the stack's queues and topics."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Provenance, Stack

from ..references import cis
from ..sizing import env_defaults

# the kinds the namespace holds
MESSAGING_KINDS = ("queue", "topic")
# AMQP over TLS: the port Service Bus clients use by default (443 carries AMQP over WebSockets and HTTPS)
AMQP_PORT = "5671"
KEY = "service-bus"


def messaging(stack: Stack) -> list[Component]:
    """The stack's queues and topics, in order."""
    return [c for c in stack.ordered() if c.kind in MESSAGING_KINDS]


def ensure_namespace(stack: Stack) -> None:
    """Add the namespace when the stack holds a queue or a topic."""
    entities = messaging(stack)
    if not entities:
        return
    size = env_defaults("service_bus", stack)
    stack.ensure(Component(id="bus", kind="service_bus_namespace", params=size,
                           depends_on=["keys", "monitoring", "network"],
                           provenance=Provenance(source="dependency")), Decision(
        id="azure.bus.namespace",
        title=f"A Service Bus Premium namespace ({size['capacity']} messaging unit(s)) for "
              + ", ".join(c.id for c in entities),
        why="Premium is the Service Bus tier with private endpoints, customer-managed keys and dedicated capacity; "
            "its messaging units are spread over the availability zones by Azure. "
            + ("Production runs two messaging units for headroom under load."
               if stack.is_prod else
               f"{stack.environment.capitalize()} runs one messaging unit to cost less (two in prod)."),
        rule="azure.messaging.namespace", trigger=f"{', '.join(c.id for c in entities)} (queue or topic)",
        components=["bus"],
        alternatives=["Standard tier (shared capacity, no private endpoint, no customer-managed key)",
                      "Storage queues (no topics, no sessions, no dead-letter queue)"],
    ))
    stack.decide(Decision(
        id="azure.bus.private-entra-cmk",
        title="Private, Entra ID only, encrypted with its own customer-managed key",
        why="Local (SAS key) authentication is off, so no connection string exists: senders and receivers use Entra "
            "ID tokens of their identities, each with a data role on its own queue, topic or subscription only. "
            "Public network access is off; clients reach the namespace through its private endpoint (AMQP on "
            f"{AMQP_PORT} and HTTPS on 443 from the application tier). TLS 1.2 minimum. The namespace's identity "
            "wraps its data with its own Key Vault key, with infrastructure (double) encryption. Operational and "
            "runtime audit logs go to Log Analytics. " + cis("default-encryption"),
        rule="default-encryption", trigger="always", components=["bus"],
        alternatives=["shared access policies (connection strings to store and rotate)"],
    ))


SPEC = KindSpec(
    name="service_bus_namespace", default_id="bus",
    description="Service Bus Premium namespace of the stack's queues and topics: private, Entra ID only, CMK.",
    modules=("service_bus",), internal=True,
    controls=("default-encryption", "private-data-tier", "least-privilege"), sizing="service_bus",
)
