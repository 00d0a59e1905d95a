"""The monitoring kind: the project's Log Analytics workspace, alert recipients and monthly budget, added to every
Azure stack (log retention and budget are required controls)."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Provenance, Stack

from ..references import cis
from ..sizing import env_defaults, retention_days


def ensure_monitoring(stack: Stack) -> Component:
    days = retention_days(stack)
    stated = stack.policy.logs.retention_days.get(stack.environment)
    amount = stack.policy.budget.monthly_amount or env_defaults("budget", stack)["monthly_amount"]
    monitoring = stack.ensure(Component(
        id="monitoring", kind="monitoring",
        params={"retention_days": days, "monthly_budget": amount,
                "alert_emails": list(stack.policy.notifications.emails),
                "budget_emails": list(stack.policy.budget.recipients)},
        provenance=Provenance(source="governance")), Decision(
        id="azure.monitoring.workspace",
        title=f"One Log Analytics workspace keeping logs {days} days",
        why="Every diagnostic setting (activity log, Key Vault, gateway, app, database, storage) and the VNet flow "
            f"logs' traffic analytics send to one workspace, so an investigation queries one place; {days} days for "
            f"{stack.environment}" + (f" ({stack.policy.label})" if stated else " (product default)")
            + ". Local (shared key) authentication is off: readers and writers use Entra ID. " + cis("log-retention"),
        rule="log-retention",
        trigger=(f"{stack.policy.label} [logs] retention_days.{stack.environment} = {stated}" if stated
                 else stack.env_trigger),
        alternatives=["a storage account archive (cheaper, not queryable)",
                      "a customer-managed key on the workspace (needs a dedicated cluster, 100 GB/day commitment)"],
    ))
    stack.decide(Decision(
        id="azure.monitoring.budget",
        title=f"Monthly Cost Management budget of {amount:g} on the resource group",
        why="Cost Management notifies the action group (and the policy's budget recipients) at 80 % and 100 % of "
            "actual spend and at 100 % of forecast spend, so an overrun is seen before the invoice. The budget "
            "starts the month of the first apply. "
            + cis("budget"),
        rule="budget",
        trigger=(f"{stack.policy.label} [budget] monthly_amount" if stack.policy.budget.monthly_amount
                 else stack.env_trigger),
        components=["monitoring"],
        alternatives=["a subscription budget (owned by the subscription's owner)", "no budget (surprise invoices)"],
    ))
    return monitoring


SPEC = KindSpec(
    name="monitoring", default_id="monitoring",
    description="Log Analytics workspace, action group and monthly budget (added to every stack).",
    modules=("monitoring",), controls=("log-retention", "budget"), internal=True,
)
