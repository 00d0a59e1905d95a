"""IaC Factory AWS plugin."""

__version__ = "0.1.0"
