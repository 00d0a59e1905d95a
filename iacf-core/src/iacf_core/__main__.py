"""`python -m iacf_core` runs the CLI."""

from .cli import run

run()
