"""The HTTP API kind: API Management in internal VNet mode in front of a function or a web app of the stack,
published to the internet only through an Application Gateway WAF_v2; each default is a recorded decision."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, field_validator

from iacf_core import (
    Component,
    Decision,
    KindParams,
    KindSpec,
    Provenance,
    SpecError,
    Stack,
    named,
    problem,
    stated_source,
    stated_trigger,
)

from ..policy import azure_policy
from ..references import cis
from ..sizing import described, env_defaults, retention_days
from .web_app import certificate_order

BACKEND_KINDS = ("function", "web_app")
# Premium list price per unit and month (West Europe, USD), for the cost decision
PREMIUM_UNIT_USD = 2800
DEVELOPER_USD = 50


class AzureHttpApiParams(KindParams):
    """On Azure: API Management (internal VNet mode) behind an Application Gateway WAF_v2."""

    sku_name: str | None = Field(
        default=None, description="Developer_1 (no SLA, no zones) or Premium_<units> (1 to 12; zones in prod). "
                                  + described("http_api", "sku_name"))
    rate_limit_per_minute: int | None = Field(
        default=None, ge=1, le=100000, description="Calls a subscription may make per minute (1 to 100000). "
                                                   + described("http_api", "rate_limit_per_minute"))
    internet_facing: bool | None = Field(
        default=None, description="Publish the API to the internet through the Application Gateway WAF_v2 "
                                  "(false: reachable from the virtual network only). Default true.")
    path: str | None = Field(default=None, description="Path prefix of the API on the gateway, e.g. v1 or "
                                                      "api/orders (a leading / is dropped; default: none).")

    @field_validator("path")
    @classmethod
    def _relative(cls, value: str | None) -> str | None:
        """API Management takes the path without its leading slash: "/v1" is "v1"."""
        return value.lstrip("/") if isinstance(value, str) and value.startswith("/") and value != "/" else value

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.sku_name is not None and not re.fullmatch(r"Developer_1|Premium_([1-9]|1[0-2])", self.sku_name):
            problems.append(problem("sku_name", self.sku_name, "internal VNet mode needs Developer_1 or "
                                                               "Premium_<1 to 12>"))
        if self.sku_name == "Developer_1" and environment == "prod":
            problems.append(problem("sku_name", self.sku_name, "Developer has no SLA and no zones: prod uses "
                                                               "Premium"))
        if self.path is not None and not re.fullmatch(r"[a-z0-9][a-z0-9/-]{0,79}", self.path):
            problems.append(problem("path", self.path, "give a path of lowercase letters, digits, - and /"))
        return problems


def resolve(stack: Stack) -> None:
    for api in stack.by_kind("http_api"):
        _backend(stack, api)
        _resolve_api(stack, api)


def _backend(stack: Stack, api: Component) -> None:
    """The function or web app behind the API (the one it invokes, else the first of the stack); its other
    connections are that code's, since the API runs none of its own."""
    invoked = [c.target for c in stack.grants(api.id) if c.access == "invoke"
               or (c.target in stack.components and stack.components[c.target].kind in BACKEND_KINDS)]
    invoked = sorted(set(invoked), key=invoked.index)
    if len(invoked) > 1:
        raise SpecError(f"HTTP API {api.id!r} calls {', '.join(invoked)}: an API Management API has one backend; "
                        "keep one connection to a function or a web app")
    if not invoked and not any(stack.by_kind(k) for k in BACKEND_KINDS):
        stack.add_unique(Component(id="fn", kind="function", provenance=Provenance(source="dependency")), Decision(
            id=f"azure.{api.id}.function", title="A Function App behind the API",
            why=f"An API routes requests to code; the {stated_source()} names neither a function nor a web app, so a "
                "function is added.",
            rule="azure.api.backend", trigger=named("HTTP API", api.id),
            alternatives=["a web app behind the API (ask for one)"],
        ))
    target = invoked[0] if invoked else next(c for k in BACKEND_KINDS for c in stack.by_kind(k)).id
    for conn in [c for c in stack.grants(api.id)]:
        stack.disconnect(api.id, conn.target, conn.access)
        if conn.target != target:
            stack.connect(target, conn.target, conn.access)
    stack.connect(api.id, target, "invoke")
    api.params = {**api.params, "backend": target}


def _resolve_api(stack: Stack, api: Component) -> None:
    stated = {k: v for k, v in api.params.items() if k != "backend"}
    backend = stack.components[api.params["backend"]]
    size = env_defaults("http_api", stack)
    internet = bool(stated.get("internet_facing", True))
    api.params = {
        **size, **stated, "backend": backend.id, "backend_kind": backend.kind, "internet_facing": internet,
        "path": stated.get("path", ""), "zones": size["zones"] if str(stated.get("sku_name", size["sku_name"]))
        .startswith("Premium") else [],
        "backend_key_name": f"{api.id.replace('_', '-')}-backend-key" if backend.kind == "function" else "",
        "certificate_issuer": azure_policy(stack).certificate_issuer or ("" if stack.is_prod else "Self"),
        "gateway_min_capacity": 2 if stack.is_prod else 1, "gateway_max_capacity": 10 if stack.is_prod else 2,
        "retention_days": retention_days(stack),
    }
    api.depends_on = sorted({*api.depends_on, backend.id, "network", "keys", "monitoring"})
    _decisions(stack, api, stated)


def _decisions(stack: Stack, api: Component, stated: dict[str, Any]) -> None:
    p, aid = api.params, api.id
    trigger = named("HTTP API", aid)
    premium = p["sku_name"].startswith("Premium")
    units = int(p["sku_name"].split("_")[1])
    stack.decide(Decision(
        id=f"azure.{aid}.sku",
        title=f"API Management {p['sku_name']}" + (f" across zones {', '.join(p['zones'])}" if p["zones"] else "")
              + (f", about {units * PREMIUM_UNIT_USD} USD a month" if premium else
                 f", about {DEVELOPER_USD} USD a month, no SLA"),
        why=("Premium is the only API Management tier with both VNet injection under an SLA and availability "
             f"zones: {units} units spread over the zones keep the gateway up when a zone fails. It is the "
             f"costliest choice of the stack (about {PREMIUM_UNIT_USD} USD per unit and month, list price)."
             if premium else
             f"{stack.environment.capitalize()} uses Developer_1: it supports internal VNet mode like Premium, "
             f"for about {DEVELOPER_USD} USD a month, but has no SLA and no zones (one unit, on purpose; Premium "
             "in prod)."),
        rule="azure.api.compute", trigger=stated_trigger(stated, ("sku_name",), stack.env_trigger),
        components=[aid],
        alternatives=["Standard v2 / Premium v2 (VNet integration outbound, no internal mode with zones in every "
                      "region)", "Consumption (no VNet at all)", "Application Gateway alone (no keys, no quotas)"],
    ))
    stack.decide(Decision(
        id=f"azure.{aid}.internal",
        title="Internal VNet mode in a dedicated subnet: the gateway has a private address only",
        why="API Management is injected in the network's apim subnet in internal mode: its gateway answers on a "
            "private address, resolved inside the network by a private DNS zone for its host name. The subnet's "
            "security group allows only what the service requires (3443 from the ApiManagement service tag, 6390 "
            "from the Azure load balancer) and HTTPS from the gateway and application tiers; it leaves through the "
            "NAT gateway. Azure refuses public network access off at creation (Checkov CKV_AZURE_174 skipped "
            "inline): in internal mode the public address serves the management plane only. "
            + cis("web-application-firewall"),
        rule="private-data-tier", trigger=trigger, components=[aid, "network"],
        alternatives=["external VNet mode (a public gateway, no WAF in front)"],
    ))
    stack.decide(Decision(
        id=f"azure.{aid}.waf",
        title=("Published through an Application Gateway WAF_v2 in prevention mode, HTTPS only"
               if p["internet_facing"] else "Not published to the internet (internet_facing: false)"),
        why=("The only internet entry point is an Application Gateway WAF_v2 of its own in the gateway subnet: "
             "HTTPS on 443 with a Key Vault certificate and the AppGwSslPolicy20220101S policy (TLS 1.2+), the "
             "Microsoft default rule set 2.1 and the bot manager rule set in prevention mode, calling the private "
             "gateway by its host name (its certificate is checked). " + certificate_order(p["certificate_issuer"])
             if p["internet_facing"] else
             "internet_facing is false: only the network's application tier reaches the private gateway. ")
            + cis("web-application-firewall"),
        rule="web-application-firewall",
        trigger=stated_trigger(stated, ("internet_facing",), "entry point is internet-facing"),
        components=[aid],
        alternatives=["a listener on the web app's gateway (one gateway to operate, one blast radius)",
                      "Front Door Premium (Private Link to API Management is Premium v2 only)"],
    ))
    stack.decide(Decision(
        id=f"azure.{aid}.tls",
        title="TLS 1.2 only: SSL 3, TLS 1.0 and 1.1, 3DES and CBC cipher suites off on both sides",
        why="The security settings turn off every protocol older than TLS 1.2 and every non-GCM suite, client "
            "side and towards the backend; the backend is called in HTTPS with its certificate chain and name "
            "checked. Client certificates are negotiated by the Consumption tier only (Checkov CKV_AZURE_152 "
            "skipped inline): callers present subscription keys. " + cis("web-application-firewall"),
        rule="default-encryption", trigger="always", components=[aid],
    ))
    key = p["backend_key_name"]
    stack.decide(Decision(
        id=f"azure.{aid}.backend",
        title=f"API {aid} → {p['backend']} ({p['backend_kind']}), every call with an approved subscription key",
        why=f"Every path and method is passed to {p['backend']} over its private endpoint. A call needs a "
            "subscription key of the API's product, whose subscriptions an administrator approves (keys are made "
            "by API Management, never by Terraform), and is limited to "
            f"{p['rate_limit_per_minute']} calls a minute per subscription. "
            + (f"The function's key is read from Key Vault (secret {key}, set after the first apply, README) as a "
               "named value with the service's identity, which holds Key Vault Secrets User on that secret only. "
               if key else "")
            + f"When variable {aid}_backend_audience names the backend's Entra ID application, API Management "
            "also sends a token of its own identity for it (the backend checks it with App Service "
            "authentication). " + cis("secrets-management"),
        rule="secrets-management",
        trigger=stated_trigger(stated, ("rate_limit_per_minute",), trigger), components=[aid, p["backend"]],
        alternatives=["no subscription key (anonymous calls)", "the key's value in Terraform (kept in the state)"],
    ))
    stack.decide(Decision(
        id=f"azure.{aid}.identity",
        title="A user-assigned identity for API Management, granted per resource",
        why="The service runs as its own user-assigned identity (created first, so its roles exist when the "
            "service reads Key Vault): Key Vault Secrets User on the backend key's secret and Monitoring Metrics "
            "Publisher on its Application Insights component, nothing else. The Application Gateway has its own "
            "identity, reading its certificate's secret only. " + cis("least-privilege"),
        rule="least-privilege", trigger="always", components=[aid],
        alternatives=["a system-assigned identity (cannot be granted before the service exists)"],
    ))
    stack.decide(Decision(
        id=f"azure.{aid}.logging",
        title="Gateway logs to Log Analytics, requests to Application Insights with Entra ID ingestion",
        why=f"The service's and the Application Gateway's logs and metrics go to the project's Log Analytics "
            f"workspace (kept {p['retention_days']} days); every request is traced in a workspace-based "
            "Application Insights component whose local authentication is off (the logger uses the service's "
            "identity), without client addresses. " + cis("log-retention"),
        rule="log-retention", trigger="always", components=[aid],
        alternatives=["an instrumentation key (anyone holding it can write telemetry)"],
    ))


SPEC = KindSpec(
    name="http_api", default_id="api",
    description="API Management (internal VNet mode, TLS 1.2 only, subscription keys) in front of a function or a "
                "web app, published through an Application Gateway WAF_v2.",
    words=("api management", "azure api management", "apim", "gestion des api", "gestionnaire d'api",
           "passerelle d'api azure"),
    params=AzureHttpApiParams, modules=("api_management",), resolve=resolve,
    controls=("web-application-firewall", "default-encryption", "secrets-management", "least-privilege",
              "log-retention", "private-data-tier"),
    sizing="http_api",
)
