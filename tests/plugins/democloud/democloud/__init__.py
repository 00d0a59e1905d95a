"""democloud: a two-kind test cloud written only against iacf_core's public kit."""
