"""The queue kind: an Amazon SQS queue with its dead-letter queue (its alarm and the concurrency Lambda may use
to poll it: :mod:`iacf_aws.serverless`)."""

from __future__ import annotations

from iacf_core import FIFO_QUEUE_WORDS, KindSpec

from ..params import QueueParams
from ..serverless import rules

SPEC = KindSpec(
    name="queue", default_id="queue",
    description="Amazon SQS queue with a dead-letter queue, KMS, TLS-only policy.",
    words=("sqs", "amazon sqs", "file sqs", "sqs queue"),
    param_words={"fifo": {True: (*FIFO_QUEUE_WORDS, "sqs fifo", "fifo sqs", "fifo sqs queue", "sqs fifo queue")}},
    params=QueueParams, modules=(), resolve=rules,
    controls=("default-encryption", "secrets-management", "least-privilege"),
    sizing="queue",
)
