"""The worker kind on Google Cloud: a Cloud Run worker pool (always-on instances with no ingress at all) that pulls
its work, typically from a Pub/Sub queue's subscription, as its own service account, under CMEK, with Direct VPC
egress; each default is a recorded decision."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Stack, stated_trigger

from ..params import WorkerParams
from ..sizing import env_defaults
from .network import ensure_network
from .workloads import decide_identity, decide_private, decide_secrets, protection, used


def resolve(stack: Stack) -> None:
    for worker in stack.by_kind("worker"):
        _resolve_worker(stack, worker)


def _resolve_worker(stack: Stack, worker: Component) -> None:
    stated = dict(worker.params)
    size = env_defaults("worker", stack)
    targets = used(stack, worker)
    worker.params = {**stated, **{k: stated.get(k, v) for k, v in size.items()},
                     "secrets": list(stated.get("secrets", []))}
    ensure_network(stack)
    worker.depends_on = sorted({*worker.depends_on, "network", "keys"})
    p = worker.params
    queues = sorted(c.target for c in stack.grants(worker.id) if c.access == "consume")
    stack.decide(Decision(
        id=f"gcp.{worker.id}.worker-pool",
        title=f"Cloud Run worker pool: {p['instances']} always-on instance(s) of {p['cpu']} vCPU, {p['memory']}"
              + (f", pulling from {', '.join(queues)}" if queues else ""),
        why="A worker pool runs containers that serve no request: CPU is always allocated (no request-based "
            "throttling), instances never scale to zero, and there is no ingress, no URL and no invoker to secure. "
            + (f"{p['instances']} instances run, so that losing one does not stop the work; "
               if p["instances"] > 1 else "One instance runs (prod keeps two, so that losing one does not stop the "
                                          "work); ")
            + "the count is fixed (manual scaling): raise instances with the backlog. Its logs (stdout, stderr) go "
              "to Cloud Logging in the project; its admin activity is in the stack's audit logs. "
            + "A revoked key shuts the instances down within an hour. " + protection(stack, p["deletion_protection"]),
        rule="least-privilege", trigger=stated_trigger(stated, ("cpu", "memory", "instances"), stack.env_trigger),
        components=[worker.id],
        alternatives=["a Cloud Run service with internal ingress, min instances and CPU always allocated (an HTTP "
                      "port the worker does not serve)", "a GKE Deployment (a cluster to operate)"]))
    decide_identity(stack, worker, targets)
    decide_private(stack, worker, "worker pool", "no ingress")
    decide_secrets(stack, worker)


SPEC = KindSpec(
    name="worker", default_id="worker",
    description="Cloud Run worker pool: always-on instances without ingress, own service account, CMEK, Direct "
    "VPC egress, secrets from Secret Manager; consumes the stack's Pub/Sub queue.",
    words=("cloud run worker pool", "cloud run worker pools", "worker pool cloud run", "worker cloud run",
           "cloud run worker", "cloud run workers", "workers cloud run", "pool de workers cloud run"),
    params=WorkerParams, modules=("cloud_run_worker",), resolve=resolve,
    controls=("least-privilege", "private-data-tier", "encryption-keys"), sizing="worker",
)
