"""The topic kind on Google Cloud (Pub/Sub), and the rules it shares with the queue kind: a CMEK topic kept in
the region, a pull subscription with a dead-letter topic, publishers granted on the topic and consumers on the
subscription only; a function that consumes it is triggered by its messages instead of pulling them."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, SpecError, Stack, stated_trigger

from ..params import TopicParams
from ..sizing import env_defaults
from .function import event_source

MESSAGING = ("queue", "topic")
# kinds whose code runs as a service account of its own: the clients that may be granted a topic
CLIENT_KINDS = ("web_app", "function", "worker", "scheduled_job")


def clients(stack: Stack, target: Component) -> dict[str, str]:
    """Workload id → its access (send, consume or publish) on ``target``, from the stack's connections."""
    out = {conn.source: conn.access for conn in stack.users(target.id)
           if conn.source in stack.components and stack.components[conn.source].kind in CLIENT_KINDS}
    default = "send" if target.kind == "queue" else "publish"
    for app in stack.components.values():
        if app.kind in CLIENT_KINDS and target.id in app.connects_to and app.id not in out:
            out[app.id] = default
    return dict(sorted(out.items()))


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def resolve(stack: Stack) -> None:
    for component in (c for c in stack.components.values() if c.kind in MESSAGING):
        _resolve(stack, component)


def _resolve(stack: Stack, c: Component) -> None:
    stated = dict(c.params)
    size = env_defaults("messaging", stack)
    users = clients(stack, c)
    publishers = sorted(u for u, access in users.items() if access in ("send", "publish"))
    every_consumer = sorted(u for u, access in users.items() if access == "consume")
    # a function gets the messages through its trigger's own Eventarc subscription; the others pull the subscription
    triggered = [u for u in every_consumer if event_source(stack, stack.components[u]) == c.id]
    if triggered and len(every_consumer) > 1:
        raise SpecError(f"{c.kind} {c.id!r} is consumed by {', '.join(every_consumer)}: a function consuming a "
                        f"{c.kind} is triggered by every message, so it must be its only consumer; give each "
                        f"consumer its own {c.kind}")
    consumers = [u for u in every_consumer if u not in triggered]
    c.params = {**stated, **{k: stated.get(k, v) for k, v in size.items()},
                "publishers": publishers, "consumers": consumers, "triggered": triggered}
    c.depends_on = sorted({*c.depends_on, "keys"})
    p = c.params
    what = "work queue" if c.kind == "queue" else "topic"
    functions = ", ".join(triggered)
    stack.decide(Decision(
        id=f"gcp.{c.id}.pubsub",
        title=f"{c.id}: Pub/Sub {what}" + (f" pushed to {functions}" if triggered else "")
              + f", unacknowledged messages kept {_days(p['message_retention_days'])}, "
              f"{p['max_delivery_attempts']} deliveries then the dead-letter topic",
        why=(f"Each message is pushed to {functions} by its Eventarc trigger; a delivery the function fails is "
             "redelivered with a backoff of 10 s to 10 min; after " if triggered else
             "A message a consumer fails to acknowledge within "
             f"{p['ack_deadline_seconds']} s is redelivered with a backoff of 10 s to 10 min; after ")
            + f"{p['max_delivery_attempts']} attempts it moves to the dead-letter topic, whose subscription keeps it 7 "
              "days for an operator, so a poison message never blocks the others and is never lost silently. "
            + ("The README's step attaches the dead-letter topic to the Eventarc subscription (Eventarc owns it). "
               "No pull subscription: nobody would read it, so it would only keep every message until its "
               "retention and raise a backlog. " if triggered else "")
            + ("Prod keeps a week of backlog and allows 10 attempts. " if stack.is_prod else
               "Dev keeps one day of backlog (cheaper; prod keeps seven). " if stack.environment == "dev" else "")
            + ("The dead-letter subscription never expires, whatever its idle time." if triggered else
               "Subscriptions never expire, whatever their idle time."),
        rule="default-encryption",
        trigger=stated_trigger(stated, ("message_retention_days", "ack_deadline_seconds", "max_delivery_attempts"),
                               stack.env_trigger),
        components=[c.id, *triggered], alternatives=["no dead-letter topic (endless redelivery of a poison message)",
                                                     "push subscriptions (an endpoint to expose)"]))
    stack.decide(Decision(
        id=f"gcp.{c.id}.private",
        title=f"{c.id}: topics encrypted with the messages key, stored in {stack.region} only",
        why="Both topics use the stack's messages key, which only Pub/Sub's service agent may use (CIS GCP 1.9); "
            "the message storage policy keeps messages in the region and enforces it in transit (data residency). "
            "Pub/Sub is reached over Google APIs through Private Google Access: it has no network endpoint in "
            "the VPC to open.",
        rule="encryption-keys", trigger="always (governance)", components=[c.id],
        alternatives=["Google-managed encryption keys", "the default storage policy (any region)"]))
    stack.decide(Decision(
        id=f"gcp.{c.id}.access",
        title=f"{c.id}: " + (f"publishers {', '.join(publishers)}" if publishers else "no publisher")
              + "; " + (f"consumers {', '.join(consumers)}" if consumers else
                        f"consumer {functions} (Eventarc trigger)" if triggered else "no consumer yet"),
        why="Publishers get roles/pubsub.publisher on the topic, consumers roles/pubsub.subscriber on the "
            "subscription, each granted on that resource only, never on the project (CIS GCP 1.5); Pub/Sub's "
            "service agent may only publish to the dead-letter topic and acknowledge on the subscription."
            + (f" {functions} holds no Pub/Sub role: Eventarc pushes the messages with an ID token of the "
               "trigger's own service account, which only Pub/Sub's service agent may mint and which may only "
               "invoke that function." if triggered else "")
            + ("" if consumers or triggered else " A consumer is added by a connection with consume access."),
        rule="least-privilege", trigger="the stack's connections", components=[c.id, *users],
        alternatives=["roles/pubsub.editor on the project (every topic and subscription)"]))


SPEC = KindSpec(
    name="topic", default_id="topic",
    description="Pub/Sub topic: CMEK, regional storage, pull subscription with a dead-letter topic, publishers "
    "granted on the topic only.",
    words=("cloud pub/sub", "google pub/sub", "google cloud pub/sub", "topic pub/sub", "sujet pub/sub"),
    params=TopicParams, modules=("pubsub",), template="pubsub", resolve=resolve,
    controls=("default-encryption", "encryption-keys", "least-privilege"), sizing="messaging",
)
