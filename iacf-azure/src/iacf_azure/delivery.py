"""Delivery: the GitHub Actions workflow's identities (OIDC federated credentials, created by bootstrap/) and the
decisions that explain them."""

from __future__ import annotations

from typing import Any

from iacf_core import Decision, Stack

# tool versions the generated CI pins (a full x.y.z from the policy's terraform.version wins)
CI_TERRAFORM_VERSION = "1.11.4"
CI_CHECKOV_VERSION = "3.3.30"


def manages_subscription(stack: Stack) -> bool:
    """The stack holds the subscription baseline (activity log, Defender for Cloud, benchmark policy)."""
    return "subscription" in stack.components


def ci_inputs(stack: Stack) -> list[str]:
    """The project's Terraform variables with no default: the workflow reads each from the GitHub variable of
    the same name in upper case (TF_VAR_<name>)."""
    names = []
    apps = stack.by_kind("web_app")
    for app in apps:
        names += [f"{app.id}_image", f"{app.id}_registry_url"]
        if not stack.spec.domain_name:
            names.append(f"{app.id}_domain_name")
    for fn in stack.by_kind("function"):
        names += [f"{fn.id}_image", f"{fn.id}_image_tag", f"{fn.id}_registry_url"]
    for app in [*stack.by_kind("worker"), *stack.by_kind("scheduled_job")]:
        names += [f"{app.id}_image", f"{app.id}_registry_server"]
    if apps and not apps[0].params.get("certificate_issuer"):
        names.append("certificate_issuer")
    databases = stack.by_kind("relational_database")
    if databases:
        names += ["database_admin_object_id", "database_admin_name"]
    if manages_subscription(stack):
        names.append("security_contact_phone")
        if not stack.policy.notifications.emails:
            names.append("security_contact_email")
    if not stack.policy.notifications.emails:
        names.append("alert_emails")
    return names


def ci_secrets(stack: Stack) -> list[str]:
    """The project's secret inputs: each read from the GitHub secret of its name in upper case."""
    return [f"{db.id}_admin_password" for db in stack.by_kind("relational_database")
            if db.params.get("engine") == "mysql"]


def context(stack: Stack) -> dict[str, Any]:
    wanted = stack.policy.terraform.version
    delivery = stack.policy.delivery
    return {"ci_inputs": ci_inputs(stack), "ci_secrets": ci_secrets(stack),
            "terraform_version": wanted if wanted.count(".") == 2 else CI_TERRAFORM_VERSION,
            "checkov_version": CI_CHECKOV_VERSION,
            "github_repository": delivery.github_repository or "",
            "plan_branches": list(delivery.plan_branches),
            "subscription_baseline": manages_subscription(stack)}


def decide(stack: Stack) -> None:
    repo = stack.policy.delivery.github_repository
    stack.decide(Decision(
        id="azure.delivery.oidc",
        title="GitHub Actions reach Azure through OIDC federated credentials: no client secret",
        why="bootstrap/ creates two user-assigned identities whose federated credentials trust only "
            f"{repo or 'the repository given as github_repository'}: the plan identity (pull requests and the plan "
            "branches; Reader, Key Vault Reader, the state's blob data) and the apply identity (the GitHub "
            f"environment {stack.environment!r} only, to protect with required reviewers). The apply identity is "
            "Contributor on the project's resource group, may assign only the roles the project's resources need "
            "(an Azure ABAC condition on Role Based Access Control Administrator), and holds Security Admin, "
            "Resource Policy Contributor and Monitoring Contributor on the subscription only when the project "
            "manages the subscription baseline. CIS Microsoft Azure Foundations 2.0.0: 1.23 (no custom "
            "subscription administrator role).",
        rule="least-privilege", trigger=(f"{stack.policy.label} [delivery] github_repository" if repo
                                         else "always (delivery)"),
        components=["state"],
        alternatives=["a service principal with a client secret (a long-lived secret to store and rotate)",
                      "Owner on the subscription (every permission, including granting any role)"],
    ))
