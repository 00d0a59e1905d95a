"""The state backend kind: the remote state bucket, lock table and key, created by the bootstrap/ root
module (added by governance), and the CI roles."""

from __future__ import annotations

from iacf_core import KindSpec

SPEC = KindSpec(
    name="state_backend", default_id="state",
    description="S3 + DynamoDB/lock file + KMS remote state, created by bootstrap/ (governance).",
    modules=("state_backend", "github_oidc"), controls=("state-backend", "public-access-block"), internal=True,
)
