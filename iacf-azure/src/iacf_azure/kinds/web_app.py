"""The web application kind: a container on App Service (Premium v3), private, VNet-integrated, served only
through an Application Gateway WAF_v2 with a Key Vault certificate; each default is a recorded decision."""

from __future__ import annotations

from iacf_core import GENERIC_FRAMEWORK, Component, Decision, KindSpec, Stack, frameworks, stated_trigger

from ..params import AzureWebAppParams
from ..policy import azure_policy
from ..references import cis
from ..sizing import env_defaults


def certificate_order(issuer: str) -> str:
    """What orders a gateway's Key Vault certificate on a first apply (``issuer``: the certificate issuer, "Self"
    when self-signed, empty when prod asks for it as a variable)."""
    order = ("On a first apply the certificate is requested only once the identity applying Terraform holds Key "
             "Vault Certificates Officer and the vault's private endpoint answers (the vault is handed to the "
             "module after both); the gateway's identity is granted the certificate's secret once the certificate "
             "exists, and the gateway is made after that grant. ")
    if issuer == "Self":
        return order
    return order + ("A CA issuer is registered in the vault by its owner, out of Terraform (its credentials stay "
                    "out of the state): the certificate names the issuer read back from the vault, so the first "
                    "apply of the new vault stops before requesting it until the issuer is registered (README). ")


def resolve(stack: Stack) -> None:
    for app in stack.by_kind("web_app"):
        _resolve_app(stack, app)


def _resolve_app(stack: Stack, app: Component) -> None:
    stated = dict(app.params)
    framework = str(stated.get("framework", GENERIC_FRAMEWORK))
    fw = frameworks()[framework]
    size = env_defaults("web_app", stack)
    if "replicas" in stated:
        size["worker_count"] = stated["replicas"]
    if "sku_name" in stated:
        size["sku_name"] = stated["sku_name"]
    databases = [stack.components[g.target] for g in stack.grants(app.id)
                 if g.target in stack.components and stack.components[g.target].kind == "relational_database"]
    app.params = {
        **stated, **size,
        "framework": framework,
        "port": stated.get("port", fw["port"]),
        "health_check_path": stated.get("health_check_path", fw["health_check_path"]),
        "secret_env": fw["secret_env"],
        "secret_name": f"{app.id.replace('_', '-')}-{fw['secret_env'].lower().replace('_', '-')}",
        "databases": [db.id for db in databases],
        "storages": [g.target for g in stack.grants(app.id)
                     if g.target in stack.components and stack.components[g.target].kind == "object_storage"],
        "tables": [g.target for g in stack.grants(app.id)
                   if g.target in stack.components and stack.components[g.target].kind == "nosql_table"],
        "caches": [g.target for g in stack.grants(app.id)
                   if g.target in stack.components and stack.components[g.target].kind == "cache"],
        "messaging": sorted(g.target for g in stack.grants(app.id)
                            if g.target in stack.components and stack.components[g.target].kind in ("queue", "topic")),
        "internet_facing": True,
        "certificate_issuer": azure_policy(stack).certificate_issuer or ("" if stack.is_prod else "Self"),
    }
    app.depends_on = sorted({*app.depends_on, "network", "keys", "monitoring"})
    p = app.params
    what = f"{fw['title']} container" if framework != GENERIC_FRAMEWORK else "Container (no framework named)"
    stack.decide(Decision(
        id=f"azure.{app.id}.app-service",
        title=f"{what} on App Service {p['sku_name']} × {p['worker_count']}"
              + (", zone-redundant" if p["zone_balancing"] else ""),
        why="App Service runs the container without servers to patch, on a Premium v3 plan (the tier with VNet "
            "integration and zone redundancy). "
            + ("Production spreads at least three instances over the availability zones. " if p["zone_balancing"]
               else f"{stack.environment.capitalize()} runs {p['worker_count']} instance(s) in one zone to cost "
                    "less: zone redundancy is off on purpose. ")
            + f"The container listens on {p['port']} and answers health checks on {p['health_check_path']}.",
        rule="azure.app.compute",
        trigger=stated_trigger(stated, ("framework", "port", "health_check_path", "replicas", "sku_name"),
                               stack.env_trigger),
        components=[app.id],
        alternatives=["Container Apps (no Application Gateway private backend by default)",
                      "AKS (more to operate for one service)"],
    ))
    stack.decide(Decision(
        id=f"azure.{app.id}.private-site",
        title="No public network access to the site; outbound through the VNet",
        why="The site's public endpoint is disabled: the Application Gateway reaches it through a private endpoint. "
            "VNet integration routes all outbound traffic (image pulls included) through the application subnet "
            "and its NAT gateway. FTP and basic-auth publishing are off; TLS 1.2 minimum, HTTP/2, HTTPS only. "
            + cis("web-application-firewall"),
        rule="private-data-tier", trigger="always", components=[app.id],
    ))
    stack.decide(Decision(
        id=f"azure.{app.id}.waf",
        title="Application Gateway WAF_v2, WAF policy in prevention mode (Microsoft default rule set 2.1, bots)",
        why="The only public entry point is the gateway: HTTPS on 443 with a TLS 1.2+ policy "
            "(AppGwSslPolicy20220101S), no HTTP listener, zone-redundant autoscaling "
            f"({p['gateway_min_capacity']} to {p['gateway_max_capacity']} instances). The WAF blocks (prevention) "
            "the OWASP top ten with the Microsoft default rule set 2.1 and known bad bots.",
        rule="web-application-firewall", trigger="internet-facing application", components=[app.id],
        alternatives=["Front Door Premium with WAF (global edge, private link to the app)",
                      "detection mode (logs attacks without blocking them)"],
    ))
    issuer = p["certificate_issuer"]
    stack.decide(Decision(
        id=f"azure.{app.id}.certificate",
        title="TLS certificate issued in Key Vault, auto-renewed 30 days before expiry",
        why="The gateway reads the certificate from Key Vault with its own identity (Key Vault Secrets User on that "
            "certificate's secret only). " + certificate_order(issuer)
            + (f"Issuer {issuer!r} ({stack.policy.label} [azure] certificate_issuer)." if
               azure_policy(stack).certificate_issuer else
               "Prod has no issuer set: give the CA issuer registered in the vault as variable certificate_issuer "
               "(or [azure] certificate_issuer in the policy)." if stack.is_prod else
               "Self-signed outside prod (no CA issuer in the policy): browsers will warn, test clients must trust "
               "it."),
        rule="default-encryption",
        trigger=("[azure] certificate_issuer" if azure_policy(stack).certificate_issuer else stack.env_trigger),
        components=[app.id],
        alternatives=["App Service managed certificate (needs public access to the site)",
                      "a certificate imported into Key Vault by hand"],
    ))
    stack.decide(Decision(
        id=f"azure.{app.id}.identity",
        title="A user-assigned identity reading only its own secrets; settings as Key Vault references",
        why=f"The application's secret ({p['secret_env']}) is a Key Vault reference resolved by App Service with the "
            f"app's identity, which holds Key Vault Secrets User on secret {p['secret_name']} only; its value is set "
            "in the vault after the first apply (README), never in Terraform or its state. The image is pulled with "
            "the same identity (no registry password)"
            + (f"; the database ({', '.join(p['databases'])}) is reached with an Entra ID token of that identity "
               "(no database password exists)." if p["databases"] else ".") + " " + cis("secrets-management"),
        rule="secrets-management", trigger="always", components=[app.id],
        alternatives=["a system-assigned identity (cannot be granted before the app exists)",
                      "app settings with secret values (visible in the portal and the state)"],
    ))


SPEC = KindSpec(
    name="web_app", default_id="app",
    description="Linux container on App Service behind Application Gateway WAF_v2, private and VNet-integrated.",
    words=("app service", "azure app service", "web app azure", "application gateway", "app gateway"),
    params=AzureWebAppParams, modules=("web_app",), resolve=resolve,
    controls=("web-application-firewall", "least-privilege", "secrets-management"), sizing="web_app",
)
