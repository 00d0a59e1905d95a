"""The ``[gcp]`` section of ``iacf.toml``: what only Google Cloud needs (the project and billing account the
stack deploys to). Registered through ``iacf_register_policy``; read with :func:`gcp_policy`."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from iacf_core import PolicySection, Stack

SECTION = "gcp"
PROJECT_ID = re.compile(r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$")
COMPONENT_ID = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
BILLING_ACCOUNT = re.compile(r"^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$")


class GcpPolicy(BaseModel):
    """``[gcp]``: every field optional; a value left out is asked for in the generated README."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    project_id: str | None = Field(
        default=None, description="ID of the existing Google Cloud project the stack deploys to (created with "
                                  "its billing link by the organization's project factory).")
    billing_account: str | None = Field(
        default=None, description="Billing account ID (XXXXXX-XXXXXX-XXXXXX) the project's budget is created on.")
    internet_egress: list[str] = Field(
        default_factory=lambda: [], max_length=50,
        description="Workloads (component ids: web apps, functions, workers, scheduled jobs, GKE clusters) that may "
                    "reach any internet address on HTTPS (443) through Cloud NAT, for the third-party APIs they call. "
                    "The others reach Google APIs through Private Google Access only. Default: none.")

    @field_validator("project_id")
    @classmethod
    def _project(cls, value: str | None) -> str | None:
        if value is not None and not PROJECT_ID.match(value):
            raise ValueError(f"{value!r} is not a Google Cloud project ID (6-30 lowercase letters, digits, dashes)")
        return value

    @field_validator("internet_egress")
    @classmethod
    def _workloads(cls, value: list[str]) -> list[str]:
        for name in value:
            if not COMPONENT_ID.match(name):
                raise ValueError(f"{name!r} is not a component id (lowercase letters, digits, _)")
        return sorted(set(value))

    @field_validator("billing_account")
    @classmethod
    def _billing(cls, value: str | None) -> str | None:
        if value is not None and not BILLING_ACCOUNT.match(value):
            raise ValueError(f"{value!r} is not a billing account ID (e.g. 012345-6789AB-CDEF01)")
        return value


def gcp_policy(stack: Stack) -> GcpPolicy:
    return stack.policy.section(SECTION, GcpPolicy)


POLICY_SECTION = PolicySection(
    SECTION, GcpPolicy, cloud="gcp",
    description="Google Cloud settings: project ID, billing account, workloads allowed internet egress.")
