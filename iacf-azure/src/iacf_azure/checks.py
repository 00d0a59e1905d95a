"""Azure validation gates: the mandatory tags on every taggable resource (azurerm has no provider-level tags), no
inbound rule open to the internet but HTTPS, private storage accounts, role assignments scoped and never
administrative (Entra ID has no access analyzer: this gate stands for it), and no secret value in the state."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from iacf_core import Finding, Severity, Stack
from iacf_core.toolkit.hcl import blocks, parsed_files
from iacf_core.toolkit.ingress import IngressRules, Opening, as_strings
from iacf_core.toolkit.ingress import check_ingress as core_check_ingress
from iacf_core.toolkit.tags import TagRules
from iacf_core.toolkit.tags import check_tags as core_check_tags
from iacf_core.toolkit.validation.state_secrets import StateSecret, check_state_secrets

MANDATORY_TAGS = ("Project", "Environment", "Owner", "CostCenter", "ManagedBy")
AZURE_TAGS = TagRules(provider="azurerm", source="registry.terraform.io/hashicorp/azurerm")

_EPHEMERAL = "an ephemeral resource feeding a write-only argument (Terraform >= 1.11)"
# what hashicorp/azurerm (4.x) keeps in the state in clear text, and what to write instead
STATE_SECRETS: tuple[StateSecret, ...] = (
    StateSecret("data", "azurerm_key_vault_secret", "give the consumer a Key Vault reference (versionless secret "
                "id) or use the ephemeral azurerm_key_vault_secret"),
    StateSecret("data", "azurerm_storage_account_sas", "grant an Entra ID role instead of a SAS"),
    StateSecret("resource", "azurerm_key_vault_secret", "use value_wo with " + _EPHEMERAL, argument="value"),
    StateSecret("resource", "azurerm_postgresql_flexible_server", "use Entra ID authentication only "
                "(password_auth_enabled = false) or administrator_password_wo", argument="administrator_password"),
    StateSecret("resource", "azurerm_mysql_flexible_server", "use administrator_password_wo with " + _EPHEMERAL,
                argument="administrator_password"),
    StateSecret("resource", "azurerm_mssql_server", "use azuread_authentication_only or "
                "administrator_login_password_wo", argument="administrator_login_password"),
    StateSecret("resource", "azurerm_linux_web_app", "use a managed identity for the registry",
                argument="docker_registry_password"),
)


def check_tags(root: Path, required: tuple[str, ...] = MANDATORY_TAGS) -> list[Finding]:
    """Every resource whose azurerm schema has ``tags`` sets them (a map with every key, or an expression), and
    the expression the root modules pass down, ``local.tags``, holds every key."""
    return [*core_check_tags(root, AZURE_TAGS, required), *_check_local_tags(root, required)]


def _check_local_tags(root: Path, required: tuple[str, ...]) -> list[Finding]:
    findings = []
    for path, doc in parsed_files(root):
        rel = path.relative_to(root)
        if "modules" in rel.parts:
            continue  # modules take var.tags from their caller
        for block in blocks(doc, path, "locals", 0):
            tags = block.body.get("tags")
            if isinstance(tags, dict) and (missing := [k for k in required if k not in tags]):
                findings.append(Finding(gate="tags", check="iacf.tags.resource", severity=Severity.ERROR,
                                        message=f"local.tags lacks {', '.join(missing)}", file=str(rel)))
        for block in blocks(doc, path, "module", 1):
            given = block.body.get("tags")
            if given is not None and given != "${local.tags}":
                findings.append(Finding(gate="tags", check="iacf.tags.resource", severity=Severity.ERROR,
                                        message=f"module {block.labels[0]} is given {given}, not local.tags",
                                        file=str(rel)))
    return findings


def _ports(body: dict[str, Any]) -> list[tuple[Any, Any]]:
    ranges = as_strings(body.get("destination_port_range")) | as_strings(body.get("destination_port_ranges"))
    out: list[tuple[Any, Any]] = []
    for value in sorted(ranges):
        if value == "*":
            out.append((0, 65535))
        elif re.fullmatch(r"[0-9]+-[0-9]+", value):
            low, high = value.split("-")
            out.append((int(low), int(high)))
        elif value.isdigit():
            out.append((int(value), int(value)))
        else:
            out.append((value, value))  # an expression: never an allowed single port
    return out


def _nsg_openings(body: dict[str, Any]) -> list[Opening]:
    if str(body.get("direction", "")).lower() != "inbound" or str(body.get("access", "")).lower() != "allow":
        return []
    sources = as_strings(body.get("source_address_prefix")) | as_strings(body.get("source_address_prefixes"))
    return [Opening(sources, ports) for ports in _ports(body)]


INGRESS = IngressRules(
    readers={
        "azurerm_network_security_rule": _nsg_openings,
        "azurerm_network_security_group": lambda body: [o for rule in body.get("security_rule") or []
                                                        for o in _nsg_openings(rule)],
    },
    open_sources=frozenset({"*", "Internet", "Any", "0.0.0.0/0", "::/0"}),
    allowed_ports=frozenset({443}),
    allowed_label="443 on the Application Gateway tier",
    open_label="Internet, * or 0.0.0.0/0",
)


def check_ingress(root: Path) -> list[Finding]:
    return core_check_ingress(root, INGRESS)


# roles that administer a scope (or every permission in it): never granted by a generated project
ADMIN_ROLES = frozenset({"Owner", "User Access Administrator"})
# subscription-wide roles bootstrap/ may give the CI identities (reads; the baseline's security, policy, monitoring)
SUBSCRIPTION_ROLES = frozenset({"Reader", "Security Admin", "Resource Policy Contributor", "Monitoring Contributor"})
_LITERAL_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _roles(body: dict[str, Any]) -> list[str]:
    """The roles a role assignment grants: its role name, or each name its ``for_each`` lists."""
    role = str(body.get("role_definition_name") or body.get("role_definition_id") or "")
    if role.startswith("${each."):
        return re.findall(r'"([^"$]+)"', str(body.get("for_each", ""))) or [role]
    return [role]


def _role_problems(body: dict[str, Any], bootstrap: bool) -> list[str]:
    return [problem for role in _roles(body) for problem in _one_role_problems(role, body, bootstrap)]


def _one_role_problems(role: str, body: dict[str, Any], bootstrap: bool) -> list[str]:
    scope = str(body.get("scope", ""))
    problems = []
    if role in ADMIN_ROLES:
        problems.append(f"grants {role}")
    if _LITERAL_GUID.match(str(body.get("principal_id", ""))):
        problems.append("names a principal outside the project (a literal object id)")
    if role == "Role Based Access Control Administrator" and not body.get("condition"):
        problems.append("lets its principal assign any role (no condition)")
    at_subscription = ((scope.startswith("/subscriptions/") or "local.sub" in scope)
                       and "/resourceGroups/" not in scope)
    if at_subscription and not (bootstrap and role in SUBSCRIPTION_ROLES):
        problems.append(f"grants {role or 'a role'} on the whole subscription")
    if role == "Contributor" and not (bootstrap and "rg_scope" in scope):
        problems.append("grants Contributor (only bootstrap/'s apply identity holds it, on the project's group)")
    return problems


def check_roles(root: Path) -> list[Finding]:
    """Every role assignment names an identity of the project and a scope of the project; no administrator role,
    no custom role with wildcard actions (CIS Azure 1.23)."""
    findings: list[Finding] = []
    count = 0
    for path, doc in parsed_files(root):
        rel = path.relative_to(root)
        bootstrap = rel.parts[0] == "bootstrap"
        for block in blocks(doc, path, "resource", 2):
            if block.labels[0] == "azurerm_role_assignment":
                count += 1
                for problem in _role_problems(block.body, bootstrap):
                    findings.append(Finding(gate="roles", check="iacf.roles.scope", severity=Severity.ERROR,
                                            message=f"{block.address} {problem}", file=str(rel),
                                            resource=block.address))
            elif block.labels[0] == "azurerm_role_definition":
                actions = [a for p in block.body.get("permissions") or [] for a in p.get("actions") or []]
                if "*" in actions:
                    findings.append(Finding(gate="roles", check="iacf.roles.custom-admin", severity=Severity.ERROR,
                                            message=f"{block.address} is a custom role allowing every action",
                                            file=str(rel), resource=block.address))
    if not findings:
        findings.append(Finding(gate="roles", check="iacf.roles.scope", severity=Severity.INFO,
                                message=f"{count} role assignment(s): each names a project identity, on a project "
                                        "scope, none administrative"))
    return findings


# what every storage account must say (argument → value), and why
STORAGE_RULES: tuple[tuple[str, Any, str], ...] = (
    ("shared_access_key_enabled", False, "shared keys off (Entra ID only)"),
    ("allow_nested_items_to_be_public", False, "no anonymous blob access"),
    ("min_tls_version", "TLS1_2", "TLS 1.2 minimum"),
    ("https_traffic_only_enabled", True, "HTTPS only"),
)


def check_storage(root: Path) -> list[Finding]:
    """Every storage account is private to the project: no shared key, no anonymous access, TLS 1.2, HTTPS, and
    no network but the listed ones (public network off, or a firewall denying by default)."""
    findings: list[Finding] = []
    count = 0
    for path, doc in parsed_files(root):
        for block in blocks(doc, path, "resource", 2):
            if block.labels[0] == "azurerm_storage_container" and block.body.get("container_access_type",
                                                                                "private") != "private":
                findings.append(Finding(gate="storage", check="iacf.storage.public-container",
                                        severity=Severity.ERROR, message=f"{block.address} is public",
                                        file=str(path.relative_to(root)), resource=block.address))
            if block.labels[0] != "azurerm_storage_account":
                continue
            count += 1
            problems = [why for arg, want, why in STORAGE_RULES if block.body.get(arg) != want]
            rules = (block.body.get("network_rules") or [{}])[0]
            if block.body.get("public_network_access_enabled") is not False and rules.get("default_action") != "Deny":
                problems.append("public network off, or a firewall denying by default")
            for why in problems:
                findings.append(Finding(gate="storage", check="iacf.storage.private", severity=Severity.ERROR,
                                        message=f"{block.address} lacks: {why}", file=str(path.relative_to(root)),
                                        resource=block.address))
    if not findings:
        findings.append(Finding(gate="storage", check="iacf.storage.private", severity=Severity.INFO,
                                message=f"{count} storage account(s): Entra ID only, private, TLS 1.2, HTTPS"))
    return findings


# Front Door Premium: what Checkov cannot check (its Front Door checks read only the retired azurerm_frontdoor)
FRONT_DOOR_RULES: dict[str, tuple[tuple[str, Any, str], ...]] = {
    "azurerm_cdn_frontdoor_profile": (("sku_name", "Premium_AzureFrontDoor", "the Premium tier (Private Link "
                                                                             "origins, managed WAF rules)"),),
    "azurerm_cdn_frontdoor_route": (("https_redirect_enabled", True, "HTTP redirected to HTTPS"),
                                    ("forwarding_protocol", "HttpsOnly", "HTTPS to the origin")),
    "azurerm_cdn_frontdoor_firewall_policy": (("mode", "Prevention", "prevention mode"),
                                              ("enabled", True, "the policy enabled")),
    "azurerm_cdn_frontdoor_origin": (("certificate_name_check_enabled", True, "the origin's certificate "
                                                                               "checked"),),
}
WAF_RULE_SETS = ("Microsoft_DefaultRuleSet", "Microsoft_BotManagerRuleSet")


def _front_door_problems(kind: str, body: dict[str, Any]) -> list[str]:
    problems = [why for arg, want, why in FRONT_DOOR_RULES.get(kind, ()) if body.get(arg) != want]
    if kind == "azurerm_cdn_frontdoor_firewall_policy":
        rules = {str(r.get("type")): str(r.get("action")) for r in body.get("managed_rule") or []}
        problems += [f"the {name} rule set, blocking" for name in WAF_RULE_SETS if rules.get(name) != "Block"]
    if kind == "azurerm_cdn_frontdoor_custom_domain":
        tls = (body.get("tls") or [{}])[0]
        if "TLS12" not in (tls.get("minimum_tls_version"), tls.get("minimum_version")) and \
                tls.get("minimum_version") != "TLS13":
            problems.append("TLS 1.2 minimum")
    return problems


def check_front_door(root: Path) -> list[Finding]:
    """Every Front Door profile is Premium and guarded by a security policy (its WAF); every route redirects HTTP
    and calls its origin in HTTPS; every WAF policy blocks with the default and bot manager rule sets; every
    custom domain requires TLS 1.2. Silent when the project has no Front Door."""
    findings: list[Finding] = []
    profiles = secured = 0
    for path, doc in parsed_files(root):
        for block in blocks(doc, path, "resource", 2):
            kind = block.labels[0]
            profiles += kind == "azurerm_cdn_frontdoor_profile"
            secured += kind == "azurerm_cdn_frontdoor_security_policy"
            for why in _front_door_problems(kind, block.body):
                findings.append(Finding(gate="frontdoor", check="iacf.frontdoor.config", severity=Severity.ERROR,
                                        message=f"{block.address} lacks: {why}", file=str(path.relative_to(root)),
                                        resource=block.address))
    if secured < profiles:
        findings.append(Finding(gate="frontdoor", check="iacf.frontdoor.waf", severity=Severity.ERROR,
                                message=f"{profiles} Front Door profile(s) but {secured} security policy(ies): a "
                                        "profile without a WAF policy"))
    if profiles and not findings:
        findings.append(Finding(gate="frontdoor", check="iacf.frontdoor.config", severity=Severity.INFO,
                                message=f"{profiles} Front Door profile(s): Premium, WAF in prevention mode on "
                                        "every domain, HTTPS only, TLS 1.2"))
    return findings


def validate(root: Path, stack: Stack | None) -> list[Finding]:
    """The Azure gates; core calls them for an ``azure`` stack, or a folder that uses the azurerm provider."""
    required = MANDATORY_TAGS
    if stack is not None:
        required = tuple(dict.fromkeys([*MANDATORY_TAGS, *stack.policy.tags.required]))
    return [*check_tags(root, required), *check_ingress(root), *check_roles(root), *check_storage(root),
            *check_front_door(root), *check_state_secrets(root, STATE_SECRETS)]
