"""The commands of ``iacf``, one module per group; :mod:`iacf_core.app.cli` registers them on the typer app.

Each module imports what its commands need inside them, so ``iacf --help`` loads no plugin, pipeline or model.
Every ``--json`` document is a model of :mod:`iacf_core.app.outputs`; what people read is printed by
:mod:`iacf_core.app.human`.
"""
