"""democloud's per-environment defaults (``data/sizing.yaml``)."""

from __future__ import annotations

from iacf_core import Sizing

env_defaults = Sizing("democloud").defaults
