"""The product's per-environment defaults on Google Cloud (``data/sizing.yaml``)."""

from __future__ import annotations

from iacf_core import ENVIRONMENTS as ENVIRONMENTS
from iacf_core import Sizing

SIZING = Sizing("iacf_gcp")
sizing = SIZING.table
env_defaults = SIZING.defaults
retention_days = SIZING.retention_days  # audit log retention: the policy's value for the environment first
described = SIZING.described
