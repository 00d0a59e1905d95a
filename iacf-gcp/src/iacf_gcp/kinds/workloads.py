"""What the Cloud Run worker and scheduled job kinds share: the components they may use and the checks on their
connections."""

from __future__ import annotations

from iacf_core import Component, Decision, SpecError, Stack

# kinds a worker or a job may use, each granted on that resource only by the target's own rules
USABLE = ("queue", "topic", "object_storage", "nosql_table", "relational_database", "function")


def used(stack: Stack, workload: Component) -> list[Component]:
    """The components ``workload`` is connected to; a connection to a kind it cannot use is refused."""
    ids = {c.target for c in stack.grants(workload.id)} | set(workload.connects_to)
    targets = [stack.components[i] for i in sorted(ids) if i in stack.components]
    refused = [t for t in targets if t.kind not in USABLE]
    if refused:
        what = ", ".join(f"{t.id} ({t.kind.replace('_', ' ')})" for t in refused)
        raise SpecError(f"{workload.kind.replace('_', ' ')} {workload.id!r} connects to {what}: on Google Cloud a "
                        f"{workload.kind.replace('_', ' ')} may use {', '.join(k.replace('_', ' ') for k in USABLE)}")
    return targets


def decide_identity(stack: Stack, workload: Component, targets: list[Component], extra: str = "") -> None:
    """The workload's own service account and the grants its connections give it."""
    grants = ", ".join(f"{t.id} ({t.kind.replace('_', ' ')})" for t in targets)
    secrets = workload.params.get("secrets") or []
    stack.decide(Decision(
        id=f"gcp.{workload.id}.identity",
        title=f"{workload.id} runs as its own service account, granted only on what it uses",
        why="A dedicated service account (never the Compute Engine default one, CIS GCP 4.1) holds only the grants "
            "of its connections, each on that resource: " + (grants or "none yet")
            + " (a consumer gets roles/pubsub.subscriber on the queue's subscription only, a publisher "
              "roles/pubsub.publisher on the topic only, object roles on a bucket, Cloud SQL client conditioned on "
              "the instance, run.invoker on a function)"
            + (f", and secretAccessor on its own secrets ({', '.join(secrets)})" if secrets else "")
            + ". The deploying identity may act as it (serviceAccountUser on this account, not the project: CIS "
              "GCP 1.6). No basic role anywhere (CIS GCP 1.5)." + extra,
        rule="least-privilege", trigger="the stack's connections",
        components=[workload.id, *(t.id for t in targets)],
        alternatives=["the Compute Engine default service account (Editor on the project)"]))


def decide_private(stack: Stack, workload: Component, what: str, ingress: str) -> None:
    """Direct VPC egress and the containers key."""
    stack.decide(Decision(
        id=f"gcp.{workload.id}.private",
        title=f"{workload.id}: {ingress}, all egress through the VPC, encrypted with the containers key",
        why="Direct VPC egress sends all its traffic through the VPC, where the deny-all firewall applies and only "
            "HTTPS to Google APIs (Private Google Access, private.googleapis.com) and the ports of its connected "
            "databases leave; the internet only if [gcp] internet_egress names it (gcp.network.egress). The "
            f"{what} is encrypted with the stack's containers key, which only "
            "Cloud Run's service agent may use (CIS GCP 1.9).",
        rule="private-data-tier", trigger="always (governance)", components=[workload.id, "network"],
        alternatives=["private-ranges-only egress (internet traffic would bypass the firewall)",
                      "Google-managed encryption keys"]))


def decide_secrets(stack: Stack, workload: Component) -> None:
    """Secret Manager for the secrets the params name (nothing when there are none)."""
    secrets = workload.params.get("secrets") or []
    if not secrets:
        return
    stack.decide(Decision(
        id=f"gcp.{workload.id}.secrets",
        title=f"{workload.id}'s secrets ({', '.join(secrets)}) come from Secret Manager, under CMEK",
        why="Each secret is created empty in the region with the secrets key and its value added by the operator "
            "(README), so it is never in code, variables or the Terraform state; Cloud Run injects the latest "
            f"version at start, and only {workload.id}'s identity may read it.",
        rule="secrets-management", trigger="params.secrets", components=[workload.id],
        alternatives=["a secret_data version in Terraform (the value would be in the state)"]))


def protection(stack: Stack, on: bool) -> str:
    """The sentence on deletion protection, a control deliberately off in dev."""
    if on:
        return "Deletion protection is on."
    return (f"Deletion protection is deliberately off in {stack.environment}, so the environment can be torn down; "
            "staging and prod keep it.")
