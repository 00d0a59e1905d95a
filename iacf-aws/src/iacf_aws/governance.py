"""How AWS implements the governance controls: which components, which resource types, which switches."""

from __future__ import annotations

from dataclasses import dataclass

from iacf_core import Component, Control, ControlImplementation, Decision, Provenance, Stack

from .resolve import retention_days
from .serverless import FUNCTION_KINDS, SERVERLESS_KINDS


@dataclass(frozen=True)
class Implementation:
    kinds: tuple[str, ...]  # component kinds that implement it ("" = the project itself)
    resources: tuple[str, ...]  # resource types that must be present in the output
    switch: str | None = None  # account_baseline variable that turns it on (account-level singleton)
    service: str = ""


BASELINE_SWITCHES: dict[str, Implementation] = {
    "audit-trail": Implementation(("account_baseline",), ("aws_cloudtrail", "aws_sns_topic"),
                                  "enable_cloudtrail", "CloudTrail (multi-region, validated, KMS, CloudWatch Logs)"),
    "threat-detection": Implementation(("account_baseline",), ("aws_guardduty_detector",
                                                               "aws_guardduty_detector_feature"),
                                       "enable_guardduty", "GuardDuty with S3, EKS, EBS malware, RDS, Lambda and "
                                                           "runtime protection"),
    "posture-management": Implementation(("account_baseline",), ("aws_securityhub_account",
                                                                 "aws_securityhub_standards_subscription"),
                                         "enable_securityhub", "Security Hub with CIS v3.0.0 and AWS FSBP"),
    "config-recording": Implementation(("account_baseline",), ("aws_config_configuration_recorder",
                                                               "aws_config_delivery_channel",
                                                               "aws_config_configuration_recorder_status"),
                                       "enable_config", "AWS Config recorder (all resources) to a KMS bucket"),
    "budget": Implementation(("account_baseline",), ("aws_budgets_budget",), "enable_budget",
                             "AWS Budgets monthly cost budget with forecast and actual alerts"),
    "access-analysis": Implementation(("account_baseline",), ("aws_accessanalyzer_analyzer",),
                                      "enable_access_analyzer", "IAM Access Analyzer (account)"),
    "data-access-logging": Implementation(("account_baseline",), ("aws_cloudtrail",), None,
                                          "CloudTrail S3 data events (all buckets)"),
    "password-policy": Implementation(("account_baseline",), ("aws_iam_account_password_policy",),
                                      "enable_password_policy", "IAM account password policy (CIS)"),
}

# Controls implemented inside the workload (and, for some, completed by the baseline).
WORKLOAD: dict[str, Implementation] = {
    "state-backend": Implementation(("state_backend",), ("aws_s3_bucket", "aws_dynamodb_table", "aws_kms_key"),
                                    service="bootstrap/ root module: S3 + DynamoDB/lock file + KMS"),
    "encryption-keys": Implementation(("encryption_keys", "account_baseline"), ("aws_kms_key", "aws_kms_alias")),
    "default-encryption": Implementation(
        ("relational_database", "web_app", "load_balancer", "network", "account_baseline", "cache",
         *SERVERLESS_KINDS, "static_site"),
        ("aws_s3_bucket_server_side_encryption_configuration", "aws_cloudwatch_log_group"),
    ),
    "log-retention": Implementation(("network", "web_app", "load_balancer", "relational_database",
                                     "account_baseline", "cache", *FUNCTION_KINDS, "http_api",
                                     "static_site"),
                                    ("aws_cloudwatch_log_group",)),
    "network-flow-logs": Implementation(("network",), ("aws_flow_log",)),
    "secrets-management": Implementation(("web_app", "relational_database", "cache", *SERVERLESS_KINDS,
                                          "static_site"),
                                         ("aws_secretsmanager_secret",)),
    "least-privilege": Implementation(("web_app", "network", "relational_database", "load_balancer",
                                       "account_baseline", "cache", *SERVERLESS_KINDS, "static_site"),
                                      ("aws_iam_role", "aws_default_security_group")),
    "tagging": Implementation((), ("provider.aws.default_tags",)),
    "public-access-block": Implementation(("load_balancer", "state_backend", "account_baseline", "object_storage",
                                           "static_site"),
                                          ("aws_s3_bucket_public_access_block",),
                                          "enable_s3_account_public_access_block",
                                          "S3 account-level public access block"),
    "web-application-firewall": Implementation(("load_balancer", "static_site"), ("aws_wafv2_web_acl",
                                                                    "aws_wafv2_web_acl_association",
                                                                    "aws_wafv2_web_acl_logging_configuration")),
    "private-data-tier": Implementation(("relational_database", "cache"),
                                        ("aws_db_subnet_group", "aws_security_group")),
}

# Resource types that implement a control only when the component kind that renders them is in the stack.
ONLY_WITH: dict[str, tuple[str, ...]] = {
    "aws_default_security_group": ("network",),
    # a CloudFront distribution names its CLOUDFRONT-scope web ACL itself (web_acl_id): no association
    "aws_wafv2_web_acl_association": ("load_balancer",),
    # without a web app the only secrets are RDS-managed master passwords (aws_db_instance creates them) or none;
    # the core secrets gate proves no secret is written in the code
    "aws_secretsmanager_secret": ("web_app", "cache"),
}

# Controls every AWS stack must satisfy whatever it holds (the catalogue's unconditional ones): core refuses to
# generate when no installed plugin declares one of them and the policy does not list it as provided elsewhere.
REQUIRED_CONTROLS: tuple[str, ...] = (
    "access-analysis", "audit-trail", "budget", "config-recording", "default-encryption", "encryption-keys",
    "least-privilege", "log-retention", "password-policy", "posture-management", "public-access-block",
    "secrets-management", "state-backend", "tagging", "threat-detection",
)

# Budget per environment when the policy names no amount (USD per month).
DEFAULT_BUDGET = {"dev": 200, "staging": 500, "prod": 2000}


def _provided(stack: Stack) -> set[str]:
    return set(stack.policy.account_baseline.provided)


def inject(stack: Stack, controls: list[Control]) -> None:
    required = {c.id for c in controls}
    provided = _provided(stack)
    switches = {impl.switch: (cid in required and cid not in provided)
                for cid, impl in {**BASELINE_SWITCHES, **WORKLOAD}.items() if impl.switch}
    ebs = "default-encryption" in required and "default-encryption" not in provided
    switches["enable_ebs_default_encryption"] = ebs
    if "state-backend" in required:
        lock = stack.policy.terraform.lock_mode()
        delivery = stack.policy.delivery
        stack.add(Component(id="state", kind="state_backend",
                            params={"lock_mode": lock, "github_repository": delivery.github_repository or "",
                                    "plan_branches": list(delivery.plan_branches)},
                            provenance=Provenance(source="governance")), Decision(
            id="aws.state.backend", title="Remote state on S3 with KMS, created by bootstrap/",
            why="State holds every resource attribute: it lives in a versioned, KMS-encrypted, private bucket with "
                "TLS-only and encrypted-upload-only policies, access logging and noncurrent-version expiry. The "
                "bootstrap/ root module creates it once; backend.tf points at it.",
            rule="state-backend", trigger="always (governance)",
            alternatives=["local state (lost laptop = lost infrastructure)", "Terraform Cloud (third-party SaaS)"],
        ))
        stack.decide(Decision(
            id="aws.state.locking",
            title={"dynamodb": "State locking with a DynamoDB table",
                   "lockfile": "State locking with the S3 lock file (use_lockfile)",
                   "both": "State locking with both the DynamoDB table and the S3 lock file"}[lock],
            why=(f"The oldest Terraform to support is {stack.policy.terraform.version} ("
                 + (stack.policy.label if stack.policy.states("terraform.version") else "product default") + "): "
                 + ("1.11 deprecates table-based locking in favour of the S3 lock file, which needs no table."
                    if lock == "lockfile" else
                    "the S3 lock file needs Terraform >= 1.10; the DynamoDB table (on demand, KMS, PITR, deletion "
                    "protection) works with every version." if lock == "dynamodb" else
                    "both mechanisms are kept while every pipeline moves to Terraform >= 1.10.")),
            rule="state-backend",
            trigger=(f"{stack.policy.label} [terraform] version = {stack.policy.terraform.version}"
                     if stack.policy.states("terraform.version") else
                     f"Terraform {stack.policy.terraform.version} (product default; no [terraform] version in a "
                     "policy)")
            + (f"; {stack.policy.label} [terraform] state_locking = {lock}"
               if stack.policy.states("terraform.state_locking") else ""),
            alternatives=["dynamodb", "lockfile", "both (during a migration)"], components=["state"],
        ))
        repo = delivery.github_repository
        stack.decide(Decision(
            id="aws.delivery.github-oidc",
            title="CI authenticates to AWS through GitHub OIDC: a read-only plan role and a per-environment "
                  "apply role",
            why="No static access key exists anywhere. bootstrap/ creates the account's GitHub OIDC provider (or "
                "reuses it) and two roles whose trust policies match the token's audience and exact subject: the "
                "plan role (ReadOnlyAccess without secret values, state read, lock write) for pull requests and "
                f"pushes to {', '.join(delivery.plan_branches)}; the apply role (PowerUserAccess, IAM only on "
                f"{stack.spec.project}-{stack.environment}-* roles and policies, the state backend protected by "
                f"explicit denies) only for jobs in the GitHub environment {stack.environment}, whose required "
                "reviewers gate every apply. The workflow pins every action by commit and grants each job the "
                "least permissions.",
            rule="least-privilege",
            trigger=(f"{stack.policy.label} [delivery] github_repository = {repo}" if repo else
                     "always (governance); the repository is set in bootstrap/terraform.tfvars "
                     "(no [delivery] github_repository in the policy)"),
            alternatives=["static IAM user keys in repository secrets (long-lived, leak-prone)",
                          "one role for plan and apply (every pull request could change production)",
                          "AdministratorAccess for apply (Checkov CKV_AWS_274; no IAM boundary)"],
            components=["state"],
        ))
    if any(switches.values()) or any(cid in required for cid in BASELINE_SWITCHES):
        budget = stack.policy.budget.monthly_amount or DEFAULT_BUDGET[stack.environment]
        params = {
            "switches": switches,
            "budget_amount": budget,
            "budget_emails": list(stack.policy.budget.recipients),
            "retention_days": retention_days(stack),
            "s3_data_events": "data-access-logging" in required and "data-access-logging" not in provided,
        }
        stack.add(Component(id="governance", kind="account_baseline", params=params,
                            provenance=Provenance(source="governance")), Decision(
            id="aws.governance.baseline", title="Account security baseline in the project",
            why="Audit trail, threat detection, posture management, configuration recording, budget alerts, "
                "access analysis, EBS encryption by default, the account-level S3 public access block and the "
                "password policy are mandatory; this project deploys every one the policy does not leave to an "
                "existing account baseline. It assumes one AWS account per environment (AWS multi-account "
                "practice): when environments share an account, list these controls in [account_baseline].provided "
                "for all projects but one.",
            rule="governance", trigger="always (governance)",
            alternatives=["leave them to Control Tower / a landing zone ([account_baseline].provided in iacf.toml)"],
        ))
        if switches["enable_budget"]:  # no budget decision when the budget is left to another system
            stack.decide(Decision(
                id="aws.governance.budget",
                title=f"Monthly cost budget of {budget:g} USD with alerts at 80 % and 100 % actual, 100 % forecast",
                why=("Alerts go to " + ", ".join(stack.policy.budget.recipients)
                     if stack.policy.budget.recipients else
                     "No [budget] recipients are set: alerts go to the budget SNS topic; subscribe to it")
                    + (f" (amount from {stack.policy.label})." if stack.policy.budget.monthly_amount
                       else f" (product default amount for {stack.environment}; set [budget] monthly_amount in the "
                            "policy file)."),
                rule="budget",
                trigger=(f"{stack.policy.label} [budget] monthly_amount = {budget:g}"
                         if stack.policy.budget.monthly_amount
                         else "environment default"),
                components=["governance"],
            ))
        if params["s3_data_events"]:
            stack.decide(Decision(
                id="aws.governance.data-events", title="CloudTrail records S3 object-level (data) events",
                why=f"The data is {stack.spec.data_classification}: who read or wrote which object must be "
                    "traceable, not only who changed the configuration.",
                rule="data-access-logging", trigger=f"data_classification = {stack.spec.data_classification}",
                alternatives=["management events only (no trace of data reads)"], components=["governance"],
            ))
        for cid in sorted(provided & required):
            stack.decide(Decision(
                id=f"aws.governance.provided.{cid}", title=f"{cid} is left to the existing account baseline",
                why=f"{stack.policy.label.capitalize()} lists {cid} in [account_baseline] provided: the module's "
                    "switch is off and the control is recorded as provided externally. To adopt the existing resource "
                    "instead, turn the switch on and use the import block in modules/account_baseline/README.md.",
                rule=cid, trigger=f"{stack.policy.label} [account_baseline] provided", components=["governance"],
            ))
    for control in controls:
        impl = BASELINE_SWITCHES.get(control.id) or WORKLOAD.get(control.id)
        if impl is None:
            continue  # core reports the control as unimplemented
        if control.id in provided:
            stack.implementations.append(ControlImplementation(
                control=control.id, components=["governance"], resources=list(impl.resources),
                provided_by=f"the existing account baseline ({stack.policy.label} [account_baseline] provided)"))
            continue
        kinds = impl.kinds
        components = sorted(c.id for c in stack.components.values() if c.kind in kinds)
        if kinds and not components:
            continue
        present = {c.kind for c in stack.components.values()}
        resources = [r for r in impl.resources if r not in ONLY_WITH or present & set(ONLY_WITH[r])]
        stack.implementations.append(ControlImplementation(
            control=control.id, components=components or ["(project)"], resources=resources,
            note=impl.service))
