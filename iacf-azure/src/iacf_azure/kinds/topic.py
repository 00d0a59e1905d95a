"""The topic kind: a Service Bus topic of the stack's Premium namespace, one subscription per consuming client;
publishers get the sender role on the topic only, consumers the receiver role on their subscription only."""

from __future__ import annotations

from iacf_core import FIFO_TOPIC_WORDS, Decision, KindSpec, Stack, stated_trigger

from ..params import AzureTopicParams
from ..references import cis
from ..sizing import env_defaults
from .queue import RECEIVER, SENDER, clients, entity_name


def resolve(stack: Stack) -> None:
    for topic in stack.by_kind("topic"):
        stated = dict(topic.params)
        granted = clients(stack, topic.id)
        subscribers = sorted({source for source, role in granted if role == RECEIVER})
        named = [str(s) for s in stated.get("subscriptions", ["default"])]
        topic.params = {**env_defaults("topic", stack), "fifo": False, **stated, "name": entity_name(topic.id),
                        "publishers": sorted({source for source, role in granted if role == SENDER}),
                        "subscribers": subscribers,
                        "subscriptions": sorted({*named, *(entity_name(s) for s in subscribers)})}
        topic.depends_on = sorted({*topic.depends_on, "bus"})
        p = topic.params
        stack.decide(Decision(
            id=f"azure.{topic.id}.topic",
            title=f"Service Bus topic {p['name']} with one subscription per consumer"
                  + (" (sessions, duplicate detection)" if p["fifo"] else ""),
            why=f"Subscriptions: {', '.join(p['subscriptions'])}. "
                "Each consumer reads its own subscription, so a slow or failing one does not hold the others; a "
                f"message undelivered after {p['message_retention_days']} days or {p['max_delivery_count']} "
                "deliveries moves to the subscription's dead-letter queue, and the project's action group is alerted "
                "while it holds messages. Publishers ("
                + (", ".join(p["publishers"]) or "none yet") + ") hold the sender role on the topic only, consumers ("
                + (", ".join(p["subscribers"]) or "none in this stack") + ") the receiver role on their subscription "
                "only; a consumer of another project is granted Azure Service Bus Data Receiver on its subscription "
                "(output subscription ids) by that project. "
                + cis("least-privilege"),
            rule="azure.messaging.topic",
            trigger=stated_trigger(stated, ("fifo", "message_retention_days", "max_delivery_count", "subscriptions"),
                                   stack.env_trigger),
            components=[topic.id],
            alternatives=["Event Grid (push delivery, no sessions)", "a role on the namespace (every entity opened)"],
        ))


SPEC = KindSpec(
    name="topic", default_id="topic",
    description="Service Bus topic (Premium namespace: private, Entra ID only, CMK), a subscription per consumer.",
    words=("service bus topic", "topic service bus", "sujet service bus", "azure service bus topic"),
    param_words={"fifo": {True: (*FIFO_TOPIC_WORDS, "fifo service bus topic", "service bus fifo topic")}},
    params=AzureTopicParams, modules=(), resolve=resolve,
    controls=("default-encryption", "least-privilege"), sizing="topic",
)
