"""The scheduled job kind on Google Cloud: a Cloud Run job started by Cloud Scheduler with an OAuth token of a
dedicated invoker service account (run.invoker on that job only); the job runs as its own service account, under
CMEK, with Direct VPC egress; each default is a recorded decision."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Stack, stated_trigger

from ..params import ScheduledJobParams
from ..schedule import unix_cron
from ..sizing import env_defaults
from .network import ensure_network
from .workloads import decide_identity, decide_private, decide_secrets, protection, used


def resolve(stack: Stack) -> None:
    for job in stack.by_kind("scheduled_job"):
        _resolve_job(stack, job)


def _resolve_job(stack: Stack, job: Component) -> None:
    stated = dict(job.params)
    if "schedule_expression" in stated:  # the request's words ("every day"): the same as a stated schedule
        stated.setdefault("schedule", stated.pop("schedule_expression"))
    size = env_defaults("scheduled_job", stack)
    targets = used(stack, job)
    written = str(stated.get("schedule", size["schedule"]))
    cron, _ = unix_cron(written)
    job.params = {**stated, **{k: stated.get(k, v) for k, v in size.items()}, "schedule": cron,
                  "tasks": stated.get("tasks", 1), "secrets": list(stated.get("secrets", []))}
    ensure_network(stack)
    job.depends_on = sorted({*job.depends_on, "network", "keys"})
    p = job.params
    stack.decide(Decision(
        id=f"gcp.{job.id}.cloud-run-job",
        title=f"Cloud Run job: {p['tasks']} task(s) of {p['cpu']} vCPU, {p['memory']}, stopped after "
              f"{p['timeout_seconds']} s, retried {p['max_retries']} time(s)",
        why="A Cloud Run job runs the container to completion and stops: nothing runs (or is paid) between two "
            "executions, and CPU is allocated for the whole task. A task that fails or exceeds its timeout is "
            f"retried up to {p['max_retries']} time(s), so the code must be idempotent. Its logs (stdout, stderr) go "
            "to Cloud Logging in the project; its admin activity is in the stack's audit logs. "
            + protection(stack, p["deletion_protection"]),
        rule="least-privilege",
        trigger=stated_trigger(stated, ("cpu", "memory", "timeout_seconds", "max_retries"), stack.env_trigger),
        components=[job.id],
        alternatives=["a Cloud Run service called on a schedule (request timeout, CPU only during requests)",
                      "a Cloud Function (runtime code, no container)"]))
    translated = f" ({written} translated to unix cron, Cloud Scheduler's format)" if written != cron else ""
    stack.decide(Decision(
        id=f"gcp.{job.id}.schedule",
        title=f"Cloud Scheduler starts {job.id} at `{cron}` ({p['timezone']}) as its own invoker service account",
        why=f"The schedule{translated} is read in {p['timezone']}"
            + ("" if "schedule" in stated else " (the product's nightly run at 03:00; set schedule to change it)")
            + ". Cloud Scheduler calls the Cloud Run Admin API (jobs.run) with an OAuth token of a dedicated "
              "service account that holds roles/run.invoker on this job only (CIS GCP 1.5): no key, no other "
              "grant; a failed start request is retried twice with backoff. Daily and weekly rates run at 03:00, "
              "a quiet hour.",
        rule="least-privilege", trigger=stated_trigger(stated, ("schedule", "timezone"), stack.env_trigger),
        components=[job.id],
        alternatives=["a Pub/Sub target and a subscriber service (one more component to run)",
                      "Cloud Scheduler with the job's own identity (the job could start itself)"]))
    decide_identity(stack, job, targets)
    decide_private(stack, job, "job", "no ingress (started through the Cloud Run Admin API only)")
    decide_secrets(stack, job)


SPEC = KindSpec(
    name="scheduled_job", default_id="job",
    description="Cloud Run job started by Cloud Scheduler (unix cron, time zone) with a dedicated invoker service "
    "account; own runtime service account, CMEK, Direct VPC egress, task timeout and retries.",
    words=("cloud scheduler", "google cloud scheduler", "cloud run job", "cloud run jobs", "job cloud run",
           "tache cloud run", "job planifie cloud run", "cloud run job planifie"),
    params=ScheduledJobParams, modules=("cloud_run_job",), resolve=resolve,
    controls=("least-privilege", "private-data-tier", "encryption-keys"), sizing="scheduled_job",
)
