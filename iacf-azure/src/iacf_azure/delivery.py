"""Delivery: the GitHub Actions workflow's identities (OIDC federated credentials, created by bootstrap/) and the
decisions that explain them."""

from __future__ import annotations

from typing import Any

from iacf_core import Decision, Stack

from .policy import azure_policy

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
    # the entry points with a Key Vault certificate: web apps and internet-facing APIs (variables.tf's order)
    fronted = [*apps, *(api for api in stack.by_kind("http_api") if api.params.get("internet_facing"))]
    if fronted and not fronted[0].params.get("certificate_issuer"):
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
    runner = azure_policy(stack).ci_runner
    stack.decide(Decision(
        id="azure.delivery.runners",
        title=f"Plan and apply run on the runners labelled {', '.join(runner)}, not on GitHub's hosted runners",
        why="The state account lets in the address ranges given to bootstrap/ only (its firewall denies every "
            "other address), and Key Vault answers its private endpoint only (or the ranges of [azure] "
            "deployer_ip_ranges): keys and certificates are data-plane calls, made by the apply and read back by "
            "every plan. GitHub's hosted runners leave from addresses no firewall can list, so the plan and apply "
            "jobs run on runners of the organisation (self-hosted in a network peered with the project's, or larger "
            "runners with fixed addresses), given by their labels; the fmt, validate and Checkov job needs no Azure "
            "access and stays on a hosted runner. Plans run only for branches of the repository (a fork's pull "
            "request gets no OIDC token and never reaches the runners).",
        rule="least-privilege",
        trigger=(f"{stack.policy.label} [azure] ci_runner" if stack.policy.states("azure.ci_runner")
                 else "always (delivery)"),
        components=["state"],
        alternatives=["GitHub's hosted runners with the state account and Key Vault open to the internet",
                      "Terraform run by an operator from an administration network"],
    ))
