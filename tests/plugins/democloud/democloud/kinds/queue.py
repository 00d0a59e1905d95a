"""The queue kind on democloud: an encrypted queue record."""

from __future__ import annotations

from pydantic import Field

from iacf_core import Decision, KindParams, KindSpec, Stack, stated_trigger

from ..sizing import env_defaults


class QueueParams(KindParams):
    retention_seconds: int | None = Field(default=None, ge=60, le=1209600,
                                          description="Seconds a message is kept (60 to 1209600).")


def resolve(stack: Stack) -> None:
    for queue in stack.by_kind("queue"):
        stated = dict(queue.params)
        queue.params = {**env_defaults("queue", stack), **stated}
        stack.decide(Decision(
            id=f"demo.{queue.id}.queue",
            title=f"Encrypted queue keeping messages {queue.params['retention_seconds']} s",
            why="Production keeps messages the longest the service allows, so an outage loses none.",
            rule="default-encryption", trigger=stated_trigger(stated, ("retention_seconds",), stack.env_trigger),
            components=[queue.id],
        ))


SPEC = KindSpec(
    name="queue", default_id="queue", description="democloud queue: encrypted.",
    words=("demo queue", "file demo"), params=QueueParams, modules=("record",), resolve=resolve,
    controls=("default-encryption", "tagging"), sizing="queue",
)
