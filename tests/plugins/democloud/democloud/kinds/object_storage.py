"""The object storage kind on democloud: an encrypted bucket record, versioned outside dev."""

from __future__ import annotations

from pydantic import Field

from iacf_core import Decision, KindParams, KindSpec, Stack, stated_trigger

from ..sizing import env_defaults


class ObjectStorageParams(KindParams):
    versioning: bool | None = Field(default=None, description="Keep every version of an object.")
    retention_days: int | None = Field(default=None, ge=1, le=3650, description="Days an object is kept.")


def resolve(stack: Stack) -> None:
    for bucket in stack.by_kind("object_storage"):
        stated = dict(bucket.params)
        bucket.params = {**env_defaults("object_storage", stack), **stated}
        stack.decide(Decision(
            id=f"demo.{bucket.id}.bucket",
            title=f"Encrypted bucket, {'versioned' if bucket.params['versioning'] else 'not versioned'}, "
                  f"objects kept {bucket.params['retention_days']} days",
            why="Versioning protects against overwrites where data matters; dev keeps one version to stay cheap.",
            rule="default-encryption",
            trigger=stated_trigger(stated, ("versioning", "retention_days"), stack.env_trigger),
            components=[bucket.id], alternatives=["versioning in every environment"],
        ))


SPEC = KindSpec(
    name="object_storage", default_id="storage", description="democloud bucket: encrypted, versioned outside dev.",
    words=("demo bucket", "bucket demo"), params=ObjectStorageParams, modules=("record",), resolve=resolve,
    controls=("default-encryption", "tagging"), sizing="object_storage",
)
