"""The account baseline component: who owns the account's singletons, and every per-environment choice of the
trail, the audit buckets, the CIS alarms and the Config recorder, each recorded as a decision."""

from __future__ import annotations

from typing import Any

from iacf_core import Component, Decision, Provenance, Stack

from .policy import aws_policy
from .serverless import FUNCTION_KINDS
from .sizing import retention_days

# Budget per environment when the policy names no amount (USD per month).
DEFAULT_BUDGET = {"dev": 200, "staging": 500, "prod": 2000}

# Audit logs (trail, Config) are kept at least a year whatever the environment's log retention (CIS, WA SEC04).
MIN_AUDIT_DAYS = 365


def params_for(stack: Stack, switches: dict[str, bool], required: set[str]) -> dict[str, Any]:
    """The account_baseline component's parameters: the switches and the per-environment settings."""
    baseline = stack.policy.account_baseline
    trail = switches.get("enable_cloudtrail", False)
    audit_buckets = trail or switches.get("enable_config", False)
    direct = [e for e in stack.policy.budget.recipients if e not in stack.policy.notifications.emails]
    if not trail:
        s3_events = "None"
    elif "data-access-logging" in required or stack.environment != "dev":
        s3_events = "All"
    else:
        s3_events = "WriteOnly"
    return {
        "mode": baseline.mode,
        "managed_by": baseline.managed_by or "the organization's account baseline",
        "switches": switches,
        "budget_amount": stack.policy.budget.monthly_amount or DEFAULT_BUDGET[stack.environment],
        "budget_emails": direct,
        "retention_days": retention_days(stack),
        "audit_retention_days": max(retention_days(stack), MIN_AUDIT_DAYS),
        "s3_data_events": s3_events,
        "lambda_data_events": trail and any(c.kind in FUNCTION_KINDS for c in stack.components.values()),
        "insights": trail and stack.is_prod,
        "object_lock": "GOVERNANCE" if audit_buckets and stack.is_prod else None,
        "cis_alarms": trail,
    }


def inject(stack: Stack, switches: dict[str, bool], required: set[str], provided: set[str]) -> None:
    """Add the account_baseline component and record the decisions behind its parameters."""
    params = params_for(stack, switches, required)
    stack.add(Component(id="governance", kind="account_baseline", params=params,
                        provenance=Provenance(source="governance")), _ownership(stack, params))
    _budget(stack, params)
    if switches.get("enable_cloudtrail"):
        _trail(stack, params)
    else:
        stack.decide(Decision(
            id="aws.governance.cis-alarms", title="CIS 4.x metric filters and alarms left to the trail's owner",
            why=f"The audit trail is provided by {params['managed_by']}: its CloudWatch Logs group, where the CIS "
                "AWS Foundations v3.0.0 4.1-4.15 metric filters and alarms live, belongs to that owner (in AWS "
                "Control Tower, the organization trail's log group is in the management account). This project "
                "creates no filter or alarm on a log group it does not own.",
            rule="audit-trail", trigger=f"{stack.policy.label}: audit-trail provided",
            alternatives=["create the trail in the project ([account_baseline] mode = \"project\")"],
            components=["governance"],
        ))
    if switches.get("enable_cloudtrail") or switches.get("enable_config"):
        _object_lock(stack, params)
    if switches.get("enable_config"):
        _config_role(stack)
    for cid in sorted(provided & required):
        stack.decide(Decision(
            id=f"aws.governance.provided.{cid}", title=f"{cid} is left to the existing account baseline",
            why=f"{stack.policy.label.capitalize()} leaves {cid} to {params['managed_by']} ([account_baseline]): "
                "the module's switch is off and the control is recorded as provided externally. To adopt the "
                "existing resource instead, keep the switch on and use the import block `iacf preflight` prints.",
            rule=cid, trigger=f"{stack.policy.label}", components=["governance"],
        ))
    if params["mode"] == "provided":
        stack.decide(Decision(
            id="aws.governance.provided.account-settings",
            title="Account-wide S3 public access block and EBS default encryption left to the account's owner",
            why=f"With [account_baseline] mode = \"provided\", {params['managed_by']} owns the account-wide "
                "settings: this project neither sets nor, on destroy, resets them. Its own buckets still block "
                "public access and its own volumes and stores are still encrypted (controls public-access-block "
                "and default-encryption).",
            rule="public-access-block", trigger=f"{stack.policy.label}", components=["governance"],
        ))


def _ownership(stack: Stack, params: dict[str, Any]) -> Decision:
    if params["mode"] == "provided":
        return Decision(
            id="aws.governance.baseline", title=f"Account security baseline provided by {params['managed_by']}",
            why="The policy says an organization, Control Tower or another project owns the account baseline: "
                "this project creates none of the account's singletons (trail, GuardDuty detector, Security Hub, "
                "Config recorder, Access Analyzer, password policy, account-wide S3 public access block and EBS "
                "encryption) and records each control as provided. It keeps its own budget and notifications. "
                "`iacf preflight DIR` checks, read-only, that the target account really has them.",
            rule="governance", trigger=f"{stack.policy.label}: [account_baseline] mode = \"provided\"",
            alternatives=["mode = \"project\": the project creates them (an account of its own per environment)",
                          "mode = \"project\" with provided = [...]: leave only some of them"],
        )
    return Decision(
        id="aws.governance.baseline", title="Account security baseline created by this project",
        why="Audit trail, threat detection, posture management, configuration recording, budget alerts, access "
            "analysis, EBS encryption by default, the account-level S3 public access block and the password "
            "policy are mandatory; this project deploys every one the policy does not leave to an existing "
            "account baseline. Most are singletons (one per account or region): the project assumes one AWS "
            "account per environment (AWS multi-account practice). `iacf preflight DIR` lists, read-only, the "
            "ones a target account already has, with the import block that adopts each and the "
            "[account_baseline] setting that leaves it to its owner.",
        rule="governance",
        trigger=(f"{stack.policy.label}: [account_baseline] mode = \"project\"" if stack.policy.source
                 else "default (no [account_baseline] in a policy)"),
        alternatives=["[account_baseline] mode = \"provided\" in iacf.toml: an organization / Control Tower / "
                      "another project owns them",
                      "provided = [...]: leave only some controls to their owner"],
    )


def _budget(stack: Stack, params: dict[str, Any]) -> None:
    notify = stack.policy.notifications
    topic = aws_policy(stack).sns_topic_arn
    if topic:
        where = f"the existing topic {topic}"
    elif notify.emails:
        where = "the notifications topic (subscribers: " + ", ".join(notify.emails) + ")"
    else:
        where = "the notifications topic (no subscriber yet: [notifications] emails)"
    direct = f"; directly by e-mail to {', '.join(params['budget_emails'])}" if params["budget_emails"] else ""
    amount = params["budget_amount"]
    policy_amount = stack.policy.budget.monthly_amount
    stack.decide(Decision(
        id="aws.governance.budget",
        title=f"Monthly cost budget of {amount:g} USD with alerts at 80 % and 100 % actual, 100 % forecast",
        why=f"Alerts go to {where}{direct}"
            + (f" (amount from {stack.policy.label})." if policy_amount
               else f" (product default amount for {stack.environment}; set [budget] monthly_amount in the policy "
                    "file)."),
        rule="budget",
        trigger=(f"{stack.policy.label} [budget] monthly_amount = {amount:g}" if policy_amount
                 else "environment default"),
        components=["governance"],
    ))


def _trail(stack: Stack, params: dict[str, Any]) -> None:
    env = stack.environment
    reads = params["s3_data_events"] == "All"
    stack.decide(Decision(
        id="aws.governance.trail-data-events",
        title="CloudTrail records S3 object-level events of every bucket"
              + (", reads and writes" if reads else ", writes only")
              + (", and the Lambda invocations of this project" if params["lambda_data_events"] else ""),
        why="Who wrote (and, in " + ("this environment" if reads else "staging and prod") + ", read) which object "
            "must be traceable, not only who changed a configuration (CIS AWS Foundations v3.0.0 3.8 writes, 3.9 "
            "reads; WA SEC04-BP01). Every bucket of the account, not only this stack's: a bucket created later or "
            "by hand is exactly where data would be staged, and the per-event price is the same; the trail's own "
            "bucket and the access-log bucket are left out, since recording their deliveries would feed the "
            "trail with its own writes forever."
            + ("" if reads else " Read events are deliberately off in dev (CIS 3.9 not met there): dev holds no "
                                "production data and reads are the bulk of the volume.")
            + (" The project's functions are invoked through Lambda: their Invoke events (who called which "
               "function) are recorded for the functions named after the project only, so another team's "
               "functions add no cost here." if params["lambda_data_events"] else ""),
        rule="data-access-logging" if reads else "audit-trail",
        trigger=f"environment = {env}" + (", data classification " + stack.spec.data_classification
                                          if stack.spec.data_classification in ("confidential", "restricted")
                                          else ""),
        alternatives=["management events only (no trace of data reads or writes)",
                      "a list of this stack's buckets (cloudtrail_s3_data_events_bucket_arns): misses buckets "
                      "created later"],
        components=["governance"],
    ))
    stack.decide(Decision(
        id="aws.governance.trail-insights",
        title="CloudTrail Insights on (API call rate and API error rate)" if params["insights"]
        else f"CloudTrail Insights deliberately off in {env}",
        why=("Insights compares the write-call and error rates with their baseline and records anomalies "
             "(a burst of IAM or KMS calls, an access-denied storm): the early sign of a compromised credential "
             "or a runaway deployment (WA SEC04-BP02). Billed per 100,000 events analysed."
             if params["insights"] else
             f"Insights is billed per event analysed and {env} has no production traffic whose baseline matters; "
             "prod turns it on (ApiCallRateInsight, ApiErrorRateInsight)."),
        rule="audit-trail", trigger=f"environment = {env}",
        alternatives=["Insights in every environment", "no Insights (anomalies only found by reading the trail)"],
        components=["governance"],
    ))
    stack.decide(Decision(
        id="aws.governance.cis-alarms",
        title="16 CloudWatch metric filters and alarms on the trail (CIS AWS Foundations 4.1-4.16)",
        why="CIS AWS Foundations v3.0.0 4.1-4.15 require a metric filter and an alarm on the trail's log group for: "
            "unauthorized API calls, console sign-in without MFA, root use, IAM policy changes, CloudTrail "
            "changes, console authentication failures, disabled or deleted KMS keys, S3 bucket policy changes, "
            "Config changes, security group, network ACL, network gateway, route table and VPC changes, and "
            "Organizations changes; a 16th alarm reports changes that would disable Security Hub (4.16). Each "
            "alarm fires on one matching event in 5 minutes and publishes to the project's notifications "
            "topic (decision aws.notifications.topic).",
        rule="audit-trail", trigger="the audit trail is created by this project",
        alternatives=["EventBridge rules on CloudTrail events (not what CIS 4.x audits)",
                      "GuardDuty findings only (no alert on configuration changes)"],
        components=["governance"],
    ))
    stack.decide(Decision(
        id="aws.governance.cloudtrail-logs-role",
        title="The CloudTrail-to-CloudWatch Logs role trusts CloudTrail without aws:SourceArn / aws:SourceAccount",
        why="CloudTrail sends neither key when it assumes this role (AWS CloudTrail User Guide, \"Role policy "
            "document for CloudTrail to use CloudWatch Logs for monitoring\": confused deputy prevention is not "
            "applicable to it), so a trust condition on them would make the trail's creation fail "
            "(InvalidCloudWatchLogsRoleArnException). The role can only create streams and put events in the "
            "trail's own log group; the bucket, key and topic policies of the trail do carry aws:SourceArn.",
        rule="least-privilege", trigger="the audit trail is created by this project",
        alternatives=["trust conditions on aws:SourceArn (refused by CloudTrail at creation)",
                      "no CloudWatch Logs copy (no CIS 4.x alarm possible)"],
        components=["governance"],
    ))


def _object_lock(stack: Stack, params: dict[str, Any]) -> None:
    days = params["audit_retention_days"]
    if params["object_lock"]:
        stack.decide(Decision(
            id="aws.governance.audit-object-lock",
            title=f"Audit buckets with S3 Object Lock, GOVERNANCE mode, {days} days",
            why="Every CloudTrail log file and Config snapshot version is write-once for the retention period "
                "(WA SEC04-BP01; CIS AWS 3.2's log file validation makes tampering visible, Object Lock makes "
                "deletion impossible). GOVERNANCE rather than COMPLIANCE: nobody without the explicit "
                "s3:BypassGovernanceRetention permission can delete or shorten a lock (the CI roles' permissions "
                "boundary denies it, with cloudtrail:StopLogging, whatever policy they are given), yet a mistaken "
                "retention can still be corrected by a break-glass principal; "
                "COMPLIANCE, which not even the root user can lift, is the module's other value "
                "(audit_object_lock_mode) for a regulation that demands WORM storage (SEC 17a-4(f)). Object Lock is "
                "set when a bucket is created; the lifecycle rule still expires versions once unlocked.",
            rule="audit-trail", trigger=f"environment = {stack.environment}",
            alternatives=["COMPLIANCE mode (irrevocable even for the root user)",
                          "no lock (versioning only: a deleted version is gone)"],
            components=["governance"],
        ))
        return
    stack.decide(Decision(
        id="aws.governance.audit-object-lock",
        title=f"No Object Lock on the audit buckets in {stack.environment} (deliberately off)",
        why=f"{stack.environment} must stay destroyable: locked versions would keep the buckets, and the "
            "account, from being cleaned up for a year. The buckets stay versioned, KMS-encrypted and "
            "TLS-only, and the trail's log file validation still detects tampering. prod locks them "
            "(GOVERNANCE mode).",
        rule="audit-trail", trigger=f"environment = {stack.environment}",
        alternatives=["GOVERNANCE-mode Object Lock in every environment"], components=["governance"],
    ))


def _config_role(stack: Stack) -> None:
    stack.decide(Decision(
        id="aws.governance.config-service-linked-role",
        title="The Config recorder uses the service-linked role AWSServiceRoleForConfig",
        why="AWS maintains the service-linked role's permissions (AWSConfigServiceRolePolicy) as resource types are "
            "added, nobody can widen them, and it is what AWS recommends for the recorder; it has no S3 or KMS "
            "permission, so Config delivers as its service principal, which the delivery bucket's and key's "
            "policies allow for this account only (aws:SourceAccount). The role is one per account: the "
            "project creates it, and `iacf preflight` reports an account that already has it (adopt it with "
            "the import block it prints, or set create_config_service_linked_role = false in the module call).",
        rule="config-recording", trigger="the Config recorder is created by this project",
        alternatives=["a custom role with AWS_ConfigRole (wider, maintained by the project)"],
        components=["governance"],
    ))
