"""The applications: the ``iacf`` command line (commands, human output, ``--json`` models), the MCP server and the
generators of the reference pages. The top layer: nothing in core imports it but :mod:`iacf_core.testing`."""
