"""The object storage kind: a private S3 bucket for the application's files."""

from __future__ import annotations

from iacf_core import KindSpec

from ..params import ObjectStorageParams
from ..serverless import rules

SPEC = KindSpec(
    name="object_storage", default_id="storage",
    description="Private S3 bucket for uploads: KMS, versioning, TLS-only, access logs, lifecycle.",
    words=("s3", "amazon s3", "bucket s3", "s3 bucket", "buckets s3"),
    params=ObjectStorageParams, modules=("s3_bucket",), resolve=rules,
    controls=("default-encryption", "secrets-management", "least-privilege", "public-access-block"),
    sizing="object_storage",
)
