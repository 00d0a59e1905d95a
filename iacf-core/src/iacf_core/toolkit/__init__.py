"""The Terraform toolkit layer: mechanics every cloud shares (tool runners, gates, offline provider schemas).

It builds on the kernel and knows no cloud; the factory, the CLI and the MCP server build on it.
"""
