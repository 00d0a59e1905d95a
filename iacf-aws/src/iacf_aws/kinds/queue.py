"""The queue kind: an Amazon SQS queue with its dead-letter queue, an alarm on that dead-letter queue, and the
concurrency Lambda may use to poll it."""

from __future__ import annotations

from iacf_core import FIFO_QUEUE_WORDS, Decision, KindSpec, Stack, named

from ..params import QueueParams
from ..serverless import SERVERLESS_KINDS, rules

# SQS event source mappings: scaling_config.maximum_concurrency lies between these (Lambda developer guide,
# "Configuring maximum concurrency for Amazon SQS event sources")
SQS_MAX_CONCURRENCY = (2, 1000)


def resolve(stack: Stack) -> None:
    """The serverless rules, when no other kind of the stack runs them, then the queues' own decisions.

    The serverless rules (:func:`iacf_aws.serverless.rules`) are the rules of every other serverless kind: they run
    once, at the turn of the first such kind. The functions and workers, which alone consume a queue, come before
    the queue in the resolving order, so their rules have run when a queue that has consumers gets here."""
    if not any(c.kind in SERVERLESS_KINDS and c.kind != "queue" for c in stack.components.values()):
        rules(stack)
    for q in stack.by_kind("queue"):
        _dlq_alarm(stack, q.id)
    for fn in stack.components.values():
        if fn.params.get("source_queues"):
            _scaling(stack, fn.id)


def maximum_concurrency(reserved: int, sources: int) -> int:
    """The concurrency each of ``sources`` SQS event source mappings may use so that together they stay within
    the function's reserved concurrency (at least SQS's minimum of 2 each)."""
    low, high = SQS_MAX_CONCURRENCY
    return max(low, min(high, reserved // sources))


def _scaling(stack: Stack, fn_id: str) -> None:
    fn = stack.components[fn_id]
    p = fn.params
    sources = list(p["source_queues"])
    reserved = int(p["reserved_concurrency"])
    each = maximum_concurrency(reserved, len(sources))
    p["sqs_maximum_concurrency"] = each
    over = each * len(sources) > reserved
    queues = named("the queue", sources[0]) if len(sources) == 1 else f"each of the queues {', '.join(sources)}"
    stack.decide(Decision(
        id=f"aws.{fn_id}.sqs-concurrency",
        title=f"{fn_id} polls {queues} with at most {each} concurrent invocations",
        why=f"The function's reserved concurrency ({reserved}) caps its executions, but Lambda's SQS poller "
            "scales on its own: invocations beyond the reservation are throttled, the batch returns to the queue "
            "and each throttled receive counts toward maxReceiveCount, so messages that were never processed "
            "land in the dead-letter queue. The event source mapping's maximum concurrency "
            + (f"({each}) keeps the poller within the reservation"
               + (f" ({each} per queue, {len(sources)} queues)" if len(sources) > 1 else "")
               + ": excess messages wait in the queue instead. " if not over else
               f"is set to {each}, SQS's minimum, per queue: with {len(sources)} queues this exceeds the "
               f"reservation of {reserved}, so throttling remains possible; raise reserved_concurrency to at "
               f"least {2 * len(sources)} to remove it. ")
            + "Lambda developer guide, \"Configuring maximum concurrency for Amazon SQS event sources\".",
        rule="aws.serverless.resilience",
        trigger=f"reserved concurrency {reserved}; SQS event source{'s' if len(sources) > 1 else ''} "
                f"{', '.join(sources)}",
        components=[fn_id, *sources],
        resources=["aws_lambda_event_source_mapping"],
        alternatives=["no maximum concurrency (throttled batches burn receives and reach the dead-letter queue)",
                      "unreserved concurrency (no throttling by the reservation, but no cap on cost or on the "
                      "downstream services)"],
    ))


def _dlq_alarm(stack: Stack, q_id: str) -> None:
    stack.decide(Decision(
        id=f"aws.{q_id}.dlq-alarm",
        title=f"Alarm to the notifications topic when the dead-letter queue of {named('the queue', q_id)} holds a "
              "message",
        why="A message in the dead-letter queue is work that failed every attempt; nobody looks at the queue "
            "unless told. A CloudWatch alarm on ApproximateNumberOfMessagesVisible > 0 (maximum over 5 minutes) "
            "publishes to the project's notifications topic when the first message arrives and again when the "
            "queue is drained (inspect, fix, then redrive). Well-Architected REL06-BP01 (monitor all "
            "components), OPS08-BP04 (alerts).",
        rule="aws.observability", trigger="a queue's dead-letter queue (always)", components=[q_id],
        resources=["aws_cloudwatch_metric_alarm"],
        alternatives=["no alarm (failed messages expire unseen after 14 days)",
                      "an alarm on the age of the oldest message (later: only once messages wait)"],
    ))


SPEC = KindSpec(
    name="queue", default_id="queue",
    description="Amazon SQS queue with a dead-letter queue, KMS, TLS-only policy.",
    words=("sqs", "amazon sqs", "file sqs", "sqs queue"),
    param_words={"fifo": {True: (*FIFO_QUEUE_WORDS, "sqs fifo", "fifo sqs", "fifo sqs queue", "sqs fifo queue")}},
    params=QueueParams, modules=(), resolve=resolve,
    controls=("default-encryption", "secrets-management", "least-privilege"),
    sizing="queue",
)
