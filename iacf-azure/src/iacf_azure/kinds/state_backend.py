"""The state backend kind: the state storage account, its key and the CI identity, created by the bootstrap/ root
module (added by governance)."""

from __future__ import annotations

from iacf_core import KindSpec

SPEC = KindSpec(
    name="state_backend", default_id="state",
    description="Storage account + container + Key Vault key remote state and the CI identity, created by "
                "bootstrap/ (governance).",
    controls=("state-backend",), internal=True,
)
