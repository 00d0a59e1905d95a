"""The product's per-environment defaults (``data/sizing.yaml``): what a component gets when a value is not stated."""

from __future__ import annotations

from iacf_core import ENVIRONMENTS as ENVIRONMENTS
from iacf_core import Sizing

SIZING = Sizing("iacf_aws")
sizing = SIZING.table
env_defaults = SIZING.defaults
retention_days = SIZING.retention_days
described = SIZING.described
