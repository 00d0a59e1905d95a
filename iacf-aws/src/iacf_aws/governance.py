"""How AWS implements the governance controls: which components, which resource types, which switches."""

from __future__ import annotations

from dataclasses import dataclass

from iacf_core import Component, Control, ControlImplementation, Decision, Provenance, Stack, implementing

from . import baseline, notifications
from .delivery import decide as delivery_decisions
from .kinds import KINDS
from .policy import lock_mode


@dataclass(frozen=True)
class Implementation:
    kinds: tuple[str, ...]  # component kinds that implement it ("" = the project itself)
    resources: tuple[str, ...]  # resource types that must be present in the output
    switch: str | None = None  # account_baseline variable that turns it on (account-level singleton)
    service: str = ""
    gate: str | None = None  # the validation gate that proves it on the output (must run and pass)


BASELINE_SWITCHES: dict[str, Implementation] = {
    "audit-trail": Implementation(("account_baseline",), ("aws_cloudtrail", "aws_sns_topic",
                                                          "aws_cloudwatch_log_metric_filter",
                                                          "aws_cloudwatch_metric_alarm"),
                                  "enable_cloudtrail", "CloudTrail (multi-region, validated, KMS, CloudWatch Logs) "
                                                       "with the CIS 4.1-4.16 metric filters and alarms"),
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
                                          "CloudTrail S3 data events, reads and writes (all buckets)"),
    "password-policy": Implementation(("account_baseline",), ("aws_iam_account_password_policy",),
                                      "enable_password_policy", "IAM account password policy (CIS)"),
}

def _kinds(control: str) -> tuple[str, ...]:
    """The kinds whose resources implement ``control`` (each kind's ``KindSpec.controls``)."""
    return implementing(KINDS, control)


# Controls implemented inside the workload (and, for some, completed by the baseline).
WORKLOAD: dict[str, Implementation] = {
    "state-backend": Implementation(_kinds("state-backend"), ("aws_s3_bucket", "aws_dynamodb_table", "aws_kms_key"),
                                    service="bootstrap/ root module: S3 + DynamoDB/lock file + KMS"),
    "encryption-keys": Implementation(_kinds("encryption-keys"), ("aws_kms_key", "aws_kms_alias")),
    "default-encryption": Implementation(
        _kinds("default-encryption"),
        ("aws_s3_bucket_server_side_encryption_configuration", "aws_cloudwatch_log_group"),
    ),
    "log-retention": Implementation(_kinds("log-retention"), ("aws_cloudwatch_log_group",)),
    "network-flow-logs": Implementation(_kinds("network-flow-logs"), ("aws_flow_log",)),
    "secrets-management": Implementation(_kinds("secrets-management"), ("aws_secretsmanager_secret",)),
    "least-privilege": Implementation(_kinds("least-privilege"), ("aws_iam_role", "aws_default_security_group")),
    # the provider's default_tags tag everything; the tags gate proves it on every taggable resource
    "tagging": Implementation((), ("provider.aws.default_tags",), gate="tags"),
    "public-access-block": Implementation(_kinds("public-access-block"), ("aws_s3_bucket_public_access_block",),
                                          "enable_s3_account_public_access_block",
                                          "S3 account-level public access block"),
    "web-application-firewall": Implementation(_kinds("web-application-firewall"), (
        "aws_wafv2_web_acl", "aws_wafv2_web_acl_association", "aws_wafv2_web_acl_logging_configuration")),
    "private-data-tier": Implementation(_kinds("private-data-tier"), ("aws_db_subnet_group", "aws_security_group")),
}

# Resource types that implement a control only when the component kind that renders them is in the stack.
ONLY_WITH: dict[str, tuple[str, ...]] = {
    "aws_default_security_group": ("network",),
    # a CloudFront distribution names its CLOUDFRONT-scope web ACL itself (web_acl_id): no association
    "aws_wafv2_web_acl_association": ("load_balancer",),
    # without a web app the only secrets are RDS-managed master passwords (aws_db_instance creates them) or none
    # (databases and caches authenticate workloads with IAM); the secrets gates prove none is written in the code
    # or reaches the state
    "aws_secretsmanager_secret": ("web_app",),
}

# Controls every AWS stack must satisfy whatever it holds (the catalogue's unconditional ones): core refuses to
# generate when no installed plugin declares one of them and the policy does not list it as provided elsewhere.
REQUIRED_CONTROLS: tuple[str, ...] = (
    "access-analysis", "audit-trail", "budget", "config-recording", "default-encryption", "encryption-keys",
    "least-privilege", "log-retention", "password-policy", "posture-management", "public-access-block",
    "secrets-management", "state-backend", "tagging", "threat-detection",
)


def _provided(stack: Stack) -> set[str]:
    """Controls left to the account's owner; the trail's data events go with the trail."""
    provided = set(stack.policy.account_baseline.left_to_owner())
    if "audit-trail" in provided:
        provided.add("data-access-logging")
    return provided


def inject(stack: Stack, controls: list[Control]) -> None:
    required = {c.id for c in controls}
    provided = _provided(stack)
    switches = {impl.switch: (cid in required and cid not in provided)
                for cid, impl in {**BASELINE_SWITCHES, **WORKLOAD}.items() if impl.switch}
    ebs = "default-encryption" in required and "default-encryption" not in provided
    switches["enable_ebs_default_encryption"] = ebs
    if stack.policy.account_baseline.mode == "provided":  # account-wide settings belong to the account's owner
        switches["enable_s3_account_public_access_block"] = False
        switches["enable_ebs_default_encryption"] = False
    if "state-backend" in required:
        lock = lock_mode(stack.policy)
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
            + (f"; {stack.policy.label} [aws] state_locking = {lock}"
               if stack.policy.states("aws.state_locking") else ""),
            alternatives=["dynamodb", "lockfile", "both (during a migration)"], components=["state"],
        ))
    if any(switches.values()) or any(cid in required for cid in BASELINE_SWITCHES):
        baseline.inject(stack, switches, required, provided)
    notifications.inject(stack)
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
            note=impl.service, gate=impl.gate))
    if "state" in stack.components:
        delivery_decisions(stack)  # last: the CI roles' services come from every component
