"""The function kind on Google Cloud: a Cloud Functions (2nd gen) HTTP function with its own runtime and build
identities, internal ingress, Direct VPC egress and CMEK; invoked only by the workloads connected to it."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Stack, stated_trigger

from ..params import FunctionParams
from ..sizing import env_defaults, retention_days
from .network import ensure_network

# kinds whose code may invoke a function (connection access "invoke")
INVOKERS = ("web_app", "function", "worker", "scheduled_job")


def invokers(stack: Stack, fn: Component) -> list[str]:
    """The workloads granted run.invoker on ``fn``: only those a connection names."""
    return sorted({conn.source for conn in stack.users(fn.id) if conn.access == "invoke"
                   and conn.source in stack.components and stack.components[conn.source].kind in INVOKERS})


def fronting_apis(stack: Stack, fn: Component) -> list[str]:
    """The HTTP APIs whose load balancer routes to ``fn``."""
    return sorted({conn.source for conn in stack.users(fn.id) if conn.source in stack.components
                   and stack.components[conn.source].kind == "http_api"})


def resolve(stack: Stack) -> None:
    for fn in stack.by_kind("function"):
        _resolve_function(stack, fn)


def _resolve_function(stack: Stack, fn: Component) -> None:
    stated = dict(fn.params)
    size = env_defaults("function", stack)
    fn.params = {**stated, **{k: stated.get(k, v) for k, v in size.items()},
                 "entry_point": stated.get("entry_point", "handler"), "invokers": invokers(stack, fn),
                 "access_log_days": retention_days(stack), "apis": fronting_apis(stack, fn)}
    ensure_network(stack)
    fn.depends_on = sorted({*fn.depends_on, "network", "keys"})
    p = fn.params
    stack.decide(Decision(
        id=f"gcp.{fn.id}.cloud-functions",
        title=f"Cloud Functions 2nd gen ({p['runtime']}, {p['memory']}, {p['timeout_seconds']} s), "
              f"{p['min_instances']}-{p['max_instances']} instances",
        why=("Prod keeps one warm instance so the first request after idle does not pay a cold start; "
             if p["min_instances"] else "Scales to zero when idle; ")
            + "the instance cap bounds cost and the load on what the function calls. The code is a .zip archive "
              "CI uploads to the function's source bucket (CMEK, versioned, usage-logged); Cloud Build builds it "
              "into a CMEK Artifact Registry repository that keeps the 10 latest images and deletes those older "
              "than 30 days.",
        rule="least-privilege",
        trigger=stated_trigger(stated, ("runtime", "memory", "timeout_seconds", "min_instances", "max_instances"),
                               stack.env_trigger),
        components=[fn.id], alternatives=["Cloud Functions 1st gen (no CMEK on images, no Direct VPC egress)",
                                          "a Cloud Run service (a container to build)"]))
    stack.decide(Decision(
        id=f"gcp.{fn.id}.private",
        title=f"{fn.id}: " + ("internal ingress and the load balancer of " + ", ".join(p["apis"]) if p["apis"]
                              else "internal ingress only")
              + ", all egress through the VPC, invoked by " + (", ".join(p["invokers"]) or "no workload yet"),
        why="Ingress ALLOW_INTERNAL_ONLY: no request from the internet reaches the function (a public function "
            "needs a load balancer with Cloud Armor in front, ALLOW_INTERNAL_AND_GCLB). Direct VPC egress sends "
            "all its traffic through the VPC, where the deny-all firewall applies and only HTTPS leaves through "
            "Cloud NAT. Callers need roles/run.invoker, granted on this function's service to the connected "
            "workloads only (never allUsers).",
        rule="private-data-tier", trigger="always (governance)", components=[fn.id, "network", *p["invokers"]],
        alternatives=["ALLOW_ALL ingress with allUsers invoker (public, unauthenticated)"]))
    stack.decide(Decision(
        id=f"gcp.{fn.id}.identity",
        title=f"{fn.id} runs and builds as its own service accounts; function, images and sources under CMEK",
        why="The runtime service account holds only the grants of the stack's connections (object roles on a "
            "bucket, publisher on a topic, Cloud SQL client conditioned on an instance); the build service "
            "account may read the source bucket, push to the function's repository and write build logs "
            "(roles/logging.logWriter, the only project-level role it has), never the Compute Engine default "
            "service account (CIS GCP 4.1). The function and its image repository are encrypted with the functions "
            "key (the API requires one key for both), usable only by the service agents that deploy and run it "
            "(Cloud Functions, Artifact Registry, Cloud Storage, Cloud Run); its sources with the storage key "
            "(CIS GCP 1.9).",
        rule="least-privilege", trigger="always (governance)", components=[fn.id],
        alternatives=["the default build and runtime identities (Editor on the project in older projects)"]))


SPEC = KindSpec(
    name="function", default_id="fn",
    description="Cloud Functions (2nd gen) HTTP function: own runtime and build service accounts, internal "
    "ingress, Direct VPC egress, CMEK, invokers from the stack's connections.",
    words=("cloud functions", "cloud function", "google cloud functions", "fonction cloud functions",
           "cloud run functions", "cloud functions 2nd gen"),
    params=FunctionParams, modules=("cloud_function", "gcs_bucket"), resolve=resolve,
    controls=("least-privilege", "private-data-tier", "default-encryption", "encryption-keys"),
    sizing="function",
)
