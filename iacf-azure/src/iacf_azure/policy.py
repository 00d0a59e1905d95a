"""The ``[azure]`` section of ``iacf.toml``: what only Azure understands. Registered through
``iacf_register_policy``; read with :func:`azure_policy`."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from iacf_core import PolicySection, Stack

SECTION = "azure"
_CIDR = re.compile(r"^(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?:/(?:[0-9]|[12][0-9]|3[0-2]))?$")
_ISSUER = re.compile(r"^[A-Za-z0-9-]{1,127}$")
_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
# GitHub's hosted runner images: their addresses are neither fixed nor few enough for the state account's firewall
HOSTED_IMAGES = re.compile(r"^(ubuntu|windows|macos)-(latest|[0-9.]+(-arm)?)$")


class AzurePolicy(BaseModel):
    """``[azure]``: every field optional."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    network_watcher: Literal["existing", "create"] = Field(
        default="existing",
        description="Network Watcher of the VNet flow logs: `existing` uses the region's (NetworkWatcher_<region> in "
                    "NetworkWatcherRG, which Azure creates with the first virtual network), `create` makes one in the "
                    "project's resource group (only where the subscription has none in the region).")
    certificate_issuer: str | None = Field(
        default=None,
        description="Key Vault certificate issuer of the web entry points' TLS certificates: a CA issuer the "
                    "organisation registered in Key Vault (DigiCert, GlobalSign, an internal CA). Unset: "
                    "self-signed in dev and staging; prod asks for it as a Terraform variable.")
    deployer_ip_ranges: list[str] = Field(
        default_factory=lambda: [],
        description="Public address ranges (CIDR) of the runners applying Terraform, let through the Key Vault "
                    "firewall for its data-plane calls (keys, certificates). Empty: the vault is reached through "
                    "its private endpoint only (self-hosted runners with a route to the virtual network).")
    ci_runner: list[str] = Field(
        default_factory=lambda: ["self-hosted"],
        description="Labels of the GitHub runners the plan and apply jobs run on (`runs-on`). They reach the state "
                    "account from the address ranges bootstrap/ lets in and Key Vault's data plane through its "
                    "private endpoint or deployer_ip_ranges: self-hosted runners (or larger runners with fixed "
                    "addresses), never GitHub's hosted images, whose addresses no firewall can list.")

    @field_validator("certificate_issuer")
    @classmethod
    def _issuer(cls, value: str | None) -> str | None:
        if value is not None and not _ISSUER.match(value):
            raise ValueError(f"{value!r} is not a Key Vault issuer name (letters, digits, hyphens)")
        return value

    @field_validator("deployer_ip_ranges")
    @classmethod
    def _ranges(cls, values: list[str]) -> list[str]:
        for value in values:
            if not _CIDR.match(value):
                raise ValueError(f"{value!r} is not an IPv4 address or CIDR range")
            if value.startswith("0.0.0.0"):  # noqa: S104 - refusing the every-address range, not binding to it
                raise ValueError(f"{value!r} opens the vault to every address: list the runners' ranges")
        return values


    @field_validator("ci_runner")
    @classmethod
    def _runner(cls, values: list[str]) -> list[str]:
        if not values:
            raise ValueError("name at least one runner label")
        for value in values:
            if not _LABEL.match(value):
                raise ValueError(f"{value!r} is not a runner label (letters, digits, '.', '_', '-')")
            if HOSTED_IMAGES.match(value):
                raise ValueError(f"{value!r} is a GitHub-hosted runner: its addresses cannot reach the state "
                                 "account or Key Vault, which let in listed ranges and private endpoints only")
        return values


def azure_policy(stack: Stack) -> AzurePolicy:
    return stack.policy.section(SECTION, AzurePolicy)


POLICY_SECTION = PolicySection(
    SECTION, AzurePolicy, cloud="azure",
    description="Azure-only settings: Network Watcher, TLS certificate issuer, runners' address ranges and labels.",
)
