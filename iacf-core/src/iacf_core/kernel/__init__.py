"""The kernel: models (Spec, Stack, Decision...), hook specifications, plugin manager and registry, policy models,
kinds, rendering and the atomic writer. Imports no other layer; plugins reach it through :mod:`iacf_core`."""
