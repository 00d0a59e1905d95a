"""democloud's kinds, one module each."""

from __future__ import annotations

from iacf_core import KindSpec, by_name

from . import object_storage, queue

KINDS: tuple[KindSpec, ...] = (object_storage.SPEC, queue.SPEC)
SPECS = by_name(KINDS)
