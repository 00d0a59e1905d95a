"""`python -m iacf_core` runs the CLI."""

from .app.cli import run

run()
