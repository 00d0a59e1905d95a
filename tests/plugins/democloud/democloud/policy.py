"""The ``[demo]`` section of ``iacf.toml``: what only democloud understands. Registered through
``iacf_register_policy``; every field has a default, so an absent section reads as ``DemoPolicy()``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from iacf_core import PolicySection, Stack

SECTION = "demo"


class DemoPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key_alias: str = Field(default="demo-default", pattern=r"^[a-z][a-z0-9-]{2,40}$",
                           description="The democloud key every record is encrypted with.")


POLICY_SECTION = PolicySection(name=SECTION, model=DemoPolicy, cloud="demo",
                               description="democloud settings: the encryption key of the records.")


def demo_policy(stack: Stack) -> DemoPolicy:
    return stack.policy.section(SECTION, DemoPolicy)
