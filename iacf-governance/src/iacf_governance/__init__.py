"""IaC Factory governance: the controls catalogue (what must exist, and when)."""

__version__ = "0.1.0"
