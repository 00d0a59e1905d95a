"""The product's per-environment defaults on Azure (``data/sizing.yaml``): what a component gets when a value is
not stated, and the regions' pairs."""

from __future__ import annotations

from typing import Any

from iacf_core import ENVIRONMENTS as ENVIRONMENTS
from iacf_core import Sizing, SpecError, Stack, load_data

SIZING = Sizing("iacf_azure")
sizing = SIZING.table
env_defaults = SIZING.defaults
described = SIZING.described

# Log Analytics keeps 30 to 730 days of interactive retention
LOG_RETENTION_RANGE = (30, 730)


def retention_days(stack: Stack) -> int:
    """Log retention: the policy's value for the environment, else the product default. A policy value Log
    Analytics cannot keep is refused here, for Azure stacks only: [logs] is shared by every cloud."""
    days = stack.policy.logs.retention_days.get(stack.environment)
    low, high = LOG_RETENTION_RANGE
    if days is not None and not low <= days <= high:
        raise SpecError(f"{stack.policy.label} [logs] retention_days.{stack.environment} = {days}: Log Analytics "
                        f"keeps {low} to {high} days")
    return SIZING.retention_days(stack)


def regions() -> dict[str, dict[str, Any]]:
    """Region code → ``names`` (French and English words naming it) and ``pair`` (its paired region, or none)."""
    loaded: dict[str, dict[str, Any]] = load_data("iacf_azure", "regions.yaml")
    return loaded


# Regions Azure opens to a subscription on request only (kept for in-country disaster recovery): a resource
# created there by a subscription without that access is refused
RESTRICTED_REGIONS = frozenset({"australiacentral2", "brazilsoutheast", "francesouth", "germanynorth", "norwaywest",
                                "southafricawest", "swedensouth", "switzerlandwest", "uaecentral"})


def restricted_region(region: str) -> bool:
    """Whether a subscription needs Azure's region access approval to create resources in ``region``."""
    return region in RESTRICTED_REGIONS


def paired_region(region: str) -> str | None:
    """The region Azure pairs with ``region`` (geo-redundant backups are stored there), or None."""
    pair = regions().get(region, {}).get("pair")
    return str(pair) if pair else None
