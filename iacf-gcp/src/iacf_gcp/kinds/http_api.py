"""The HTTP API kind on Google Cloud: the global external HTTPS load balancer with Cloud Armor (the load balancer
kind) routing through a serverless NEG to the Cloud Function it is connected to, whose callers authenticate with
Google-signed ID tokens; API Gateway is only in google-beta, which the project does not use."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Provenance, SpecError, Stack, named, stated_trigger

from ..params import HttpApiParams


def _target(stack: Stack, api: Component) -> Component:
    """The function behind the API (the one it invokes, else the stack's first); the API's other connections are
    that function's, since the function is the code behind the API."""
    invoked = sorted(c.target for c in stack.grants(api.id) if c.access == "invoke")
    functions = stack.by_kind("function")
    if len(invoked) > 1 or (not invoked and not functions):
        raise SpecError(f"HTTP API {api.id!r} invokes {', '.join(invoked) or 'no function'}: on Google Cloud an "
                        "HTTP API routes to one Cloud Function (a web app has its own load balancer)")
    target = stack.components[invoked[0]] if invoked else functions[0]
    if target.kind != "function":
        raise SpecError(f"HTTP API {api.id!r} invokes {target.id} ({target.kind.replace('_', ' ')}): on Google "
                        "Cloud an HTTP API routes to a Cloud Function (a web app has its own load balancer)")
    stack.connect(api.id, target.id, "invoke")
    moved = [c for c in stack.grants(api.id) if c.access != "invoke"]
    for conn in moved:
        stack.disconnect(api.id, conn.target, conn.access)
        if conn.target != target.id:
            stack.connect(target.id, conn.target, conn.access)
    if moved:
        stack.decide(Decision(
            id=f"gcp.{api.id}.code", title=f"What {api.id} uses is what its function {target.id} uses",
            why=f"An HTTP API runs no code of its own: its requests reach {target.id}, so the connections stated "
                f"for {api.id} ({', '.join(f'{c.target} ({c.access})' for c in moved)}) are granted to "
                f"{target.id}'s service account.",
            rule="least-privilege", trigger=f"connections of {named('HTTP API', api.id)}",
            components=[api.id, target.id, *(c.target for c in moved)]))
    return target


def resolve(stack: Stack) -> None:
    for api in stack.by_kind("http_api"):
        fn = _target(stack, api)
        stated = dict(api.params)
        api.params = {**stated, "target": fn.id}
        lb_id = f"{api.id}_lb"
        lb_params = {"target": fn.id, **({"rate_limit_per_minute": stated["rate_limit_per_minute"]}
                                          if "rate_limit_per_minute" in stated else {})}
        stack.ensure(Component(id=lb_id, kind="load_balancer", params=lb_params,
                               provenance=Provenance(source="dependency"), depends_on=[fn.id]), Decision(
            id=f"gcp.{api.id}.api",
            title=f"{named('HTTP API', api.id)}: global external HTTPS load balancer with Cloud Armor → {fn.id}, "
                  "callers authenticated by IAM",
            why="The load balancer terminates TLS with a Google-managed certificate, puts Cloud Armor's WAF and "
                "per-client rate limiting in front of the API and routes through a serverless network endpoint "
                f"group to {fn.id}, whose ingress admits only internal traffic and this load balancer. Nothing is "
                "anonymous: a caller presents a Google-signed ID token (audience: the output "
                f"{api.id}_audience) of an identity granted roles/run.invoker on {fn.id} only (variable "
                f"{api.id}_callers; a public member is refused). API Gateway is a Google Cloud service only in the "
                "google-beta provider, which this project does not use.",
            rule="web-application-firewall", trigger=stated_trigger(stated, ("rate_limit_per_minute",),
                                                                   named("HTTP API", api.id)),
            components=[api.id, lb_id, fn.id],
            alternatives=["API Gateway (google-beta provider only)", "Apigee (an organization-level product)",
                          "the function's own URL with allUsers (public, no WAF)"]))


SPEC = KindSpec(
    name="http_api", default_id="api",
    description="HTTP API: global external HTTPS load balancer with Cloud Armor routing to a Cloud Function "
    "(serverless NEG); callers authenticated with ID tokens (run.invoker on the function only).",
    words=("api cloud armor", "api with cloud armor", "api avec cloud armor"),
    params=HttpApiParams, resolve=resolve, controls=("web-application-firewall", "least-privilege"),
)
