"""The encryption keys kind: customer-managed KMS keys per purpose, added for every workload."""

from __future__ import annotations

from iacf_core import KindSpec

SPEC = KindSpec(
    name="encryption_keys", default_id="keys",
    description="Customer-managed KMS keys per purpose (added by governance).",
    modules=("kms_key",), controls=("encryption-keys",), internal=True,
)
