"""The HTTP API kind: Amazon API Gateway calling a Lambda function."""

from __future__ import annotations

from iacf_core import KindSpec

from ..params import HttpApiParams
from ..serverless import rules

SPEC = KindSpec(
    name="http_api", default_id="api",
    description="Amazon API Gateway HTTP API with IAM-authorised routes and access logs, calling Lambda.",
    words=("api gateway", "amazon api gateway", "apigateway", "apigw", "api gw"),
    params=HttpApiParams, modules=(), resolve=rules,
    controls=("default-encryption", "log-retention", "secrets-management", "least-privilege"),
    sizing="http_api",
)
