"""The state backend kind on Google Cloud (added by governance): the bootstrap/ root module."""

from __future__ import annotations

from iacf_core import KindSpec

SPEC = KindSpec(
    name="state_backend", default_id="state", description="Remote state: GCS bucket (CMEK, versioned, uniform "
    "access, public access prevented) and the CI identities (Workload Identity Federation), in bootstrap/.",
    internal=True, controls=("state-backend",),
)
