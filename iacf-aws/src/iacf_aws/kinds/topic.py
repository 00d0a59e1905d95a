"""The topic kind: an Amazon SNS topic restricted to the account."""

from __future__ import annotations

from iacf_core import FIFO_TOPIC_WORDS, KindSpec

from ..params import TopicParams
from ..serverless import rules

SPEC = KindSpec(
    name="topic", default_id="topic",
    description="Amazon SNS topic, KMS, TLS-only policy restricted to the account.",
    words=("sns", "amazon sns", "topic sns", "sns topic"),
    param_words={"fifo": {True: (*FIFO_TOPIC_WORDS, "sns fifo", "fifo sns", "fifo sns topic", "sns fifo topic")}},
    params=TopicParams, modules=(), resolve=rules,
    controls=("default-encryption", "secrets-management", "least-privilege"),
    sizing="topic",
)
