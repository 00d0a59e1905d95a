"""The scheduled job kind: a Container Apps job on a cron schedule in the stack's Container Apps environment (the
workers' one), with a timeout, a retry limit and replicas per execution; its user-assigned identity granted per
resource; each default is a recorded decision."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Stack, stated_trigger

from ..params import AzureScheduledJobParams, cron_of
from ..references import cis
from ..sizing import env_defaults
from .container_apps import connections, decide_identity, secret_references


def resolve(stack: Stack) -> None:
    for job in stack.by_kind("scheduled_job"):
        _resolve_job(stack, job)


def _resolve_job(stack: Stack, job: Component) -> None:
    stated = dict(job.params)
    if "schedule" in stated:  # the name another cloud's specs use
        stated["schedule_expression"] = stated.pop("schedule")
    job.params = {**env_defaults("scheduled_job", stack), "timezone": "UTC", **stated, **connections(stack, job),
                  "secrets": secret_references(job, [str(s) for s in stated.get("secrets", [])])}
    p = job.params
    p["cron_expression"] = cron_of(str(p["schedule_expression"]))
    job.depends_on = sorted({*job.depends_on, "apps", "keys", "monitoring"})
    translated = p["cron_expression"] != p["schedule_expression"]
    stack.decide(Decision(
        id=f"azure.{job.id}.container-apps-job",
        title=f"Container Apps job on cron {p['cron_expression']} (UTC), {p['parallelism']} replica(s) per run, "
              f"{p['timeout_seconds']} s timeout, {p['retry_limit']} retries",
        why=("The schedule " + (f"{p['schedule_expression']} is run as the cron {p['cron_expression']}"
                                if translated else "is the stated cron")
             if "schedule_expression" in stated else "The product's default runs it daily at 00:00")
            + "; Container Apps evaluates schedules in UTC only. Each execution starts its replicas in the stack's "
              "Container Apps environment and stops one at the timeout; a failed replica is retried "
            + (f"{p['retry_limit']} times before the execution fails (its logs say why)."
               if p["retry_limit"] else
               f"never: {stack.environment} fails fast (2 retries in staging and prod).")
            + " Jobs have no ingress.",
        rule="azure.scheduled-job.compute",
        trigger=stated_trigger(stated, ("schedule_expression", "timeout_seconds", "retry_limit", "parallelism"),
                               stack.env_trigger),
        components=[job.id],
        alternatives=["a timer-triggered Function App (the function kind)",
                      "Logic Apps recurrence (a workflow service for a container)"],
    ))
    stack.decide(Decision(
        id=f"azure.{job.id}.telemetry",
        title="Its executions' console and system logs in the stack's Log Analytics workspace",
        why="Each execution writes to stdout; the environment's diagnostic setting sends the logs to Log Analytics, "
            "where failed executions can be alerted on. " + cis("log-retention"),
        rule="log-retention", trigger="always", components=[job.id],
        alternatives=["Application Insights in the image (add it with the identity: no instrumentation key)"],
    ))
    decide_identity(stack, job, "job")


SPEC = KindSpec(
    name="scheduled_job", default_id="job",
    description="Container Apps job on a cron schedule (UTC) with timeout, retries and replicas per run, in the "
                "stack's internal Container Apps environment.",
    words=("container apps job", "container apps jobs", "azure container apps job", "job container apps",
           "tache container apps", "job planifie container apps"),
    params=AzureScheduledJobParams, modules=("container_app_job",), resolve=resolve,
    controls=("least-privilege", "secrets-management", "log-retention"), sizing="scheduled_job",
)
