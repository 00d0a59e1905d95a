"""Tags as Google Cloud labels: what a generation writes (``default_labels``) and the label gate checks."""

from __future__ import annotations

import re


def label_key(tag: str) -> str:
    """A tag name as a Google Cloud label key: lowercase, words joined by underscores (CostCenter → cost_center)."""
    return re.sub(r"[^a-z0-9_-]", "_", re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", tag).lower())
