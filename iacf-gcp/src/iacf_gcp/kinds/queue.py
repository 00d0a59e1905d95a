"""The queue kind on Google Cloud: a Pub/Sub topic that senders publish to and one pull subscription that its
consumers read, with a dead-letter topic (the rules are the topic kind's)."""

from __future__ import annotations

from iacf_core import KindSpec

from ..params import QueueParams
from .topic import resolve

SPEC = KindSpec(
    name="queue", default_id="queue",
    description="Work queue on Pub/Sub: CMEK topic and pull subscription, dead-letter topic, senders on the topic "
    "and consumers on the subscription only.",
    # "une file" is core's word for a queue: the longer phrases keep "Pub/Sub" from reading as a second topic
    words=("file pub/sub", "une file pub/sub", "queue pub/sub", "pub/sub queue", "pubsub queue",
           "file d'attente pub/sub", "une file d'attente pub/sub"),
    params=QueueParams, modules=("pubsub",), template="pubsub", resolve=resolve,
    controls=("default-encryption", "encryption-keys", "least-privilege"), sizing="messaging",
)
