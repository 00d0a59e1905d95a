"""The request language: reading a request or a spec file (parser, readings, grammar, links, connections, kind
parameters) and the policy file. Imports only the kernel."""
