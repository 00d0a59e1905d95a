"""The worker kind: an AWS Lambda function consuming an SQS queue (rendered by the function templates)."""

from __future__ import annotations

from iacf_core import KindSpec

from ..params import WorkerParams
from ..serverless import rules
from .function import placeholder

SPEC = KindSpec(
    name="worker", default_id="worker",
    description="AWS Lambda worker consuming an SQS queue (event source mapping).",
    params=WorkerParams, template="function", resolve=rules, files=placeholder,
    controls=("default-encryption", "log-retention", "secrets-management", "least-privilege"),
    sizing="worker",
)
