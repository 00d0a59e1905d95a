"""How Azure implements the governance controls: which components, which resource types, which gates, and the
controls Azure has no resource for (met by a gate, or not applicable with the reason)."""

from __future__ import annotations

from dataclasses import dataclass

from iacf_core import Component, Control, ControlImplementation, Decision, Provenance, Stack, implementing

from . import delivery
from .kinds import KINDS
from .references import cis


@dataclass(frozen=True)
class Implementation:
    resources: tuple[str, ...]  # resource types that must be present in the output
    gate: str | None = None  # the validation gate that proves it on the output (must run and pass)
    note: str = ""
    kinds: tuple[str, ...] | None = None  # None: the kinds whose KindSpec names the control


# Controls every Azure stack must satisfy whatever it holds (the catalogue's unconditional ones)
REQUIRED_CONTROLS: tuple[str, ...] = (
    "access-analysis", "audit-trail", "budget", "config-recording", "default-encryption", "encryption-keys",
    "least-privilege", "log-retention", "password-policy", "posture-management", "public-access-block",
    "secrets-management", "state-backend", "tagging", "threat-detection",
)

# subscription-wide singletons: left out when the subscription's owner provides them ([account_baseline])
SUBSCRIPTION_CONTROLS = ("audit-trail", "threat-detection", "posture-management", "config-recording")

IMPLEMENTATIONS: dict[str, Implementation] = {
    "audit-trail": Implementation(("azurerm_monitor_diagnostic_setting",),
                                  note="Activity log (every category) to Log Analytics"),
    "threat-detection": Implementation(("azurerm_security_center_subscription_pricing",
                                        "azurerm_security_center_contact"),
                                       note="Defender for Cloud plans (Standard) and a security contact"),
    "posture-management": Implementation(("azurerm_subscription_policy_assignment",
                                          "azurerm_security_center_subscription_pricing"),
                                         note="Microsoft cloud security benchmark assigned; Defender CSPM"),
    "config-recording": Implementation(("azurerm_monitor_diagnostic_setting",),
                                       note="Every write operation of the activity log kept in Log Analytics"),
    "budget": Implementation(("azurerm_consumption_budget_resource_group", "azurerm_monitor_action_group")),
    "log-retention": Implementation(("azurerm_log_analytics_workspace",)),
    "encryption-keys": Implementation(("azurerm_key_vault", "azurerm_key_vault_key")),
    "secrets-management": Implementation(("azurerm_key_vault",), gate="secrets",
                                         note="Key Vault; no secret value in code or state"),
    "default-encryption": Implementation(("azurerm_key_vault_key",),
                                         note="Customer-managed keys on storage and databases; Azure encrypts "
                                              "everything else at rest"),
    "state-backend": Implementation(("azurerm_storage_account", "azurerm_storage_container",
                                     "azurerm_management_lock"), kinds=("state_backend",),
                                    note="bootstrap/ root module: storage account + container + Key Vault key"),
    # azurerm has no provider-level tags: every taggable resource's tags, proven by the tags gate
    "tagging": Implementation((), gate="tags", kinds=()),
    "least-privilege": Implementation(("azurerm_user_assigned_identity", "azurerm_role_assignment"),
                                      gate="roles", kinds=()),
    "public-access-block": Implementation(("azurerm_storage_account",), gate="storage", kinds=(),
                                          note="Every storage account private, no anonymous blob, no shared key"),
    "network-flow-logs": Implementation(("azurerm_network_watcher_flow_log",)),
    "private-data-tier": Implementation(("azurerm_network_security_rule",
                                         "azurerm_private_dns_zone_virtual_network_link"),
                                        kinds=("relational_database",)),
    "web-application-firewall": Implementation(("azurerm_web_application_firewall_policy",
                                                "azurerm_application_gateway"), kinds=("web_app",)),
    "data-access-logging": Implementation(("azurerm_monitor_diagnostic_setting",), kinds=("encryption_keys",),
                                          note="Key Vault audit events and blob reads and writes to Log Analytics"),
    # Entra ID has no access analyzer: the roles gate proves every grant names an identity of the project, on
    # a resource of the project, with no subscription-wide or administrator role
    "access-analysis": Implementation((), gate="roles", kinds=(),
                                      note="roles gate over the generated role assignments"),
}

# further implementations of a control, by other kinds (a stack may hold any of them)
MORE_IMPLEMENTATIONS: dict[str, tuple[Implementation, ...]] = {
    "web-application-firewall": (
        Implementation(("azurerm_cdn_frontdoor_firewall_policy", "azurerm_cdn_frontdoor_security_policy"),
                       gate="frontdoor", kinds=("static_site",),
                       note="Front Door WAF policy (prevention, default and bot manager rule sets) on every domain"),
        Implementation(("azurerm_web_application_firewall_policy", "azurerm_application_gateway"),
                       kinds=("http_api",),
                       note="Application Gateway WAF_v2 in front of API Management in internal VNet mode"),
    ),
}

NOT_APPLICABLE: dict[str, tuple[str, str]] = {
    "password-policy": (
        "Human credentials are Entra ID accounts, whose password policy (length, banned passwords, lockout) is a "
        "tenant-wide setting outside any subscription and outside the azurerm provider; the project creates no "
        "user and no password (managed identities and workload identity federation only).",
        "CIS Microsoft Azure Foundations 2.0.0 section 1 (Entra ID, manual); "
        "https://learn.microsoft.com/entra/identity/authentication/concept-password-ban-bad"),
}


def _kinds(control: str, impl: Implementation) -> tuple[str, ...]:
    return impl.kinds if impl.kinds is not None else implementing(KINDS, control)


def inject(stack: Stack, controls: list[Control]) -> None:
    required = {c.id for c in controls}
    provided = set(stack.policy.account_baseline.left_to_owner())
    if "state-backend" in required:
        stack.add(Component(id="state", kind="state_backend", params={},
                            provenance=Provenance(source="governance")), Decision(
            id="azure.state.backend", title="Remote state in a storage account created by bootstrap/",
            why="State holds every resource attribute: it lives in a GZRS storage account reached with Entra ID "
                "only (no shared key), from the listed address ranges only, encrypted with a customer-managed key, "
                "versioned, with 90 days of soft delete and a delete lock. The azurerm backend locks the state with "
                "a blob lease. bootstrap/ also creates the project's resource group and the CI identity. "
                + cis("state-backend"),
            rule="state-backend", trigger="always (governance)",
            alternatives=["local state (lost laptop = lost infrastructure)", "Terraform Cloud (third-party SaaS)"],
        ))
    subscription = [c for c in SUBSCRIPTION_CONTROLS if c in required and c not in provided]
    if subscription:
        stack.add(Component(id="subscription", kind="subscription_baseline",
                            params={"defender_plans": defender_plans(stack)},
                            provenance=Provenance(source="governance")), Decision(
            id="azure.subscription.baseline",
            title="Subscription baseline: activity log, Defender for Cloud, Microsoft cloud security benchmark",
            why="The activity log (every category) goes to the project's Log Analytics workspace; Defender for "
                f"Cloud runs the plans of what the stack holds ({', '.join(sorted(defender_plans(stack)))}) and "
                "alerts the security contact and the subscription owners; the Microsoft cloud security benchmark "
                "is assigned so the subscription is assessed continuously. One project per subscription may own "
                "these ([account_baseline] mode = \"provided\" leaves them to a landing zone). "
                + " ".join(cis(c) for c in ("audit-trail", "threat-detection")),
            rule="threat-detection", trigger="always (governance)",
            alternatives=["a landing zone's baseline ([account_baseline] mode = \"provided\")"],
        ))
    delivery.decide(stack)
    for control in controls:
        _implement(stack, control, provided)


def _implement(stack: Stack, control: Control, provided: set[str]) -> None:
    if control.id in NOT_APPLICABLE:
        why, reference = NOT_APPLICABLE[control.id]
        stack.implementations.append(ControlImplementation(control=control.id, not_applicable=why,
                                                           reference=reference))
        return
    impl = IMPLEMENTATIONS.get(control.id)
    if impl is None:
        return  # core reports the control as unimplemented
    if control.id in provided:
        stack.implementations.append(ControlImplementation(
            control=control.id, components=["governance"], resources=list(impl.resources),
            provided_by=f"the subscription's existing baseline ({stack.policy.label} [account_baseline])"))
        return
    for each in (impl, *MORE_IMPLEMENTATIONS.get(control.id, ())):
        _implement_with(stack, control, each)


def _meets(control: str, component: Component) -> bool:
    """An API kept off the internet (internet_facing: false) has no gateway, so no WAF: it meets no WAF control."""
    return not (control == "web-application-firewall" and component.kind == "http_api"
                and component.params.get("internet_facing") is False)


def _implement_with(stack: Stack, control: Control, impl: Implementation) -> None:
    kinds = _kinds(control.id, impl)
    components = sorted(c.id for c in stack.components.values() if c.kind in kinds and _meets(control.id, c))
    if kinds and not components:
        return
    stack.implementations.append(ControlImplementation(
        control=control.id, components=components or ["(project)"], resources=list(impl.resources),
        note=impl.note, gate=impl.gate))


def defender_plans(stack: Stack) -> dict[str, str]:
    """Defender for Cloud plans (resource type → sub-plan) for what the stack holds."""
    plans = {"Arm": "PerSubscription", "CloudPosture": "", "KeyVaults": "PerKeyVault",
             "StorageAccounts": "DefenderForStorageV2"}
    kinds = {c.kind for c in stack.components.values()}
    if "web_app" in kinds:
        plans["AppServices"] = ""
    engines = {str(c.params.get("engine", "postgres")) for c in stack.by_kind("relational_database")}
    if engines - {"sqlserver"}:
        plans["OpenSourceRelationalDatabases"] = ""
    if "sqlserver" in engines:
        plans["SqlServers"] = ""  # Defender for SQL: threat protection and express vulnerability assessment
    if "kubernetes_cluster" in kinds:
        plans["Containers"] = ""  # the clusters' sensors and the registries' image scanning
    return plans
