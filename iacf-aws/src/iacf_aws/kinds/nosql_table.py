"""The NoSQL table kind: an Amazon DynamoDB table, on demand, with point-in-time recovery."""

from __future__ import annotations

from iacf_core import KindSpec

from ..params import NosqlTableParams
from ..serverless import rules

SPEC = KindSpec(
    name="nosql_table", default_id="table",
    description="Amazon DynamoDB table, on demand, point-in-time recovery, KMS.",
    words=("dynamodb", "dynamo", "amazon dynamodb", "table dynamodb", "dynamodb table", "ddb"),
    params=NosqlTableParams, modules=(), resolve=rules,
    controls=("default-encryption", "secrets-management", "least-privilege"),
    sizing="nosql_table",
)
