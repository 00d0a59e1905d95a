"""The web application kind on Google Cloud: Cloud Run (v2) behind a global external HTTPS load balancer with
Cloud Armor; each default is a recorded decision."""

from __future__ import annotations

from iacf_core import GENERIC_FRAMEWORK, Component, Decision, KindSpec, Provenance, Stack, frameworks, stated_trigger

from ..params import WebAppParams
from ..sizing import env_defaults
from .network import ensure_network


def databases(stack: Stack, app: Component) -> list[Component]:
    """The Cloud SQL instances ``app`` may connect to."""
    ids = {c.target for c in stack.grants(app.id)} | set(app.connects_to)
    return [stack.components[i] for i in sorted(ids)
            if i in stack.components and stack.components[i].kind == "relational_database"]


def resolve(stack: Stack) -> None:
    for app in stack.by_kind("web_app"):
        _resolve_app(stack, app)


def _resolve_app(stack: Stack, app: Component) -> None:
    stated = dict(app.params)
    framework = str(stated.get("framework", GENERIC_FRAMEWORK))
    fw = frameworks()[framework]
    size = env_defaults("web_app", stack)
    low, high = size["min_instances"], size["max_instances"]
    if "replicas" in stated:
        low = high = stated["replicas"]
    elif "min_replicas" in stated:
        low, high = stated["min_replicas"], stated["max_replicas"]
    app.params = {**stated, "cpu": stated.get("cpu", size["cpu"]), "memory": stated.get("memory", size["memory"]),
                  "min_instances": low, "max_instances": high, "deletion_protection": size["deletion_protection"],
                  "framework": framework, "port": stated.get("port", fw["port"]),
                  "health_check_path": stated.get("health_check_path", fw["health_check_path"]),
                  "secret_env": fw["secret_env"], "internet_facing": True}
    ensure_network(stack)
    app.depends_on = sorted({*app.depends_on, "network", "keys"})
    p = app.params
    stack.decide(Decision(
        id=f"gcp.{app.id}.cloud-run",
        title=f"{fw['title']} container on Cloud Run: {p['cpu']} vCPU, {p['memory']}, {low}-{high} instances",
        why="Cloud Run runs the container without servers to patch; its ingress accepts only the internal load "
            "balancer path and its run.app URL is disabled, so Cloud Armor cannot be bypassed. "
            + ("Prod keeps two warm instances so a zone loss or a cold start never stops the service. " if low >= 2
               else "Dev scales to zero when idle. " if low == 0 else "")
            + f"Port {p['port']}, probes on {p['health_check_path']}.",
        rule="least-privilege",
        trigger=stated_trigger(stated, ("cpu", "memory", "replicas", "min_replicas", "max_replicas"),
                               stack.env_trigger),
        components=[app.id], alternatives=["GKE Autopilot (a cluster to operate)", "Compute Engine MIG"]))
    dbs = databases(stack, app)
    stack.decide(Decision(
        id=f"gcp.{app.id}.identity",
        title=f"{app.id} runs as its own service account, granted only on what it uses",
        why="A dedicated service account (never the Compute Engine default one, CIS GCP 4.1) holds: "
            f"secretAccessor on its own secret ({p['secret_env']}) only"
            + (f"; cloudsql.client and cloudsql.instanceUser conditioned on {', '.join(d.id for d in dbs)} only "
               "(Cloud SQL roles exist at project level; the IAM condition names the instance)" if dbs else "")
            + ". The deploying identity may act as it (serviceAccountUser on this account, not the project: CIS "
              "GCP 1.6). No basic role anywhere (CIS GCP 1.5).",
        rule="least-privilege", trigger="always (governance)", components=[app.id, *(d.id for d in dbs)],
        alternatives=["the Compute Engine default service account (Editor on the project)"]))
    stack.decide(Decision(
        id=f"gcp.{app.id}.secrets",
        title=f"The application secret ({p['secret_env']}) comes from Secret Manager, encrypted with the project's key",
        why="Cloud Run injects the latest version at start; the secret is created empty and its value added by the "
            "operator (README), so it is never in code, variables or the Terraform state. Databases need no "
            "secret: the service logs in with IAM database authentication.",
        rule="secrets-management", trigger="always (governance)", components=[app.id],
        alternatives=["a secret_data version in Terraform (the value would be in the state)"]))
    stack.decide(Decision(
        id=f"gcp.{app.id}.egress",
        title="All of the service's egress goes through the VPC (Direct VPC egress), tagged for the firewall",
        why="The firewall's deny-all egress then applies to the service: it reaches Google APIs through Private "
            "Google Access and its connected data stores on their port; the internet only if [gcp] internet_egress "
            "names it (gcp.network.egress).",
        rule="private-data-tier", trigger="always", components=[app.id, "network"],
        alternatives=["private-ranges-only egress (internet traffic would bypass the firewall)"]))
    lb_id = f"{app.id}_lb"
    stack.ensure(Component(id=lb_id, kind="load_balancer", params={"target": app.id},
                           provenance=Provenance(source="dependency"), depends_on=[app.id]), Decision(
        id=f"gcp.{lb_id}.entry",
        title=f"{app.id} is served by a global external HTTPS load balancer with Cloud Armor",
        why="The load balancer terminates TLS with a Google-managed certificate and puts Cloud Armor's WAF and "
            "rate limiting in front of the service.",
        rule="web-application-firewall", trigger=f"web application {app.id}", components=[lb_id, app.id],
        alternatives=["the run.app URL (no WAF, no custom TLS policy)"]))


SPEC = KindSpec(
    name="web_app", default_id="app", description="Cloud Run (v2) service behind a global external HTTPS load "
    "balancer with Cloud Armor.",
    words=("cloud run", "google cloud run"), params=WebAppParams, modules=("cloud_run",), resolve=resolve,
    controls=("least-privilege", "secrets-management"), sizing="web_app",
)
