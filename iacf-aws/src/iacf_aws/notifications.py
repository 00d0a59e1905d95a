"""The project's notifications topic: one SNS topic receives budget alerts, CIS alarms, RDS event subscriptions
and backup notifications (``templates/root/project/notifications.tf.j2`` defines ``local.notifications_topic_arn``;
every template that notifies references that local)."""

from __future__ import annotations

from dataclasses import dataclass

from iacf_core import Decision, Stack

from .policy import aws_policy


@dataclass(frozen=True)
class Publisher:
    service: str  # service principal
    title: str
    sid: str  # statement id in the topic policy
    source_arn: str | None  # aws:SourceArn pattern (Terraform interpolation), when the service sends it


# Services that may publish to the topic, and what the topic policy pins them to (aws:SourceAccount always).
PUBLISHERS: dict[str, Publisher] = {
    "budgets": Publisher("budgets.amazonaws.com", "AWS Budgets alerts", "BudgetAlerts",
                         "arn:${local.notifications_partition}:budgets::${local.notifications_account_id}:*"),
    "cloudwatch": Publisher("cloudwatch.amazonaws.com", "CloudWatch alarms", "CloudWatchAlarms",
                            "arn:${local.notifications_partition}:cloudwatch:${var.region}:"
                            "${local.notifications_account_id}:alarm:*"),
    "rds": Publisher("events.rds.amazonaws.com", "RDS event subscriptions", "RdsEventSubscriptions",
                     "arn:${local.notifications_partition}:rds:${var.region}:${local.notifications_account_id}:*"),
    "backup": Publisher("backup.amazonaws.com", "AWS Backup vault notifications", "BackupVaultNotifications",
                        None),
    "events": Publisher("events.amazonaws.com", "high and critical security findings (EventBridge rules)",
                        "SecurityFindings", "arn:${local.notifications_partition}:events:${var.region}:"
                        "${local.notifications_account_id}:rule/${local.name}-*-findings"),
}


@dataclass(frozen=True)
class Detector:
    switch: str  # the account baseline's switch that creates the detector
    title: str  # its name in comments, descriptions and decisions
    pattern: dict[str, object]  # the EventBridge pattern of its high and critical findings


# the account's detectors whose high and critical findings the project forwards to the topic
FINDINGS: dict[str, Detector] = {
    "guardduty": Detector("enable_guardduty", "GuardDuty", {
        "source": ["aws.guardduty"], "detail-type": ["GuardDuty Finding"],
        "detail": {"severity": [{"numeric": [">=", 7]}]}}),
    "securityhub": Detector("enable_securityhub", "Security Hub", {
        "source": ["aws.securityhub"], "detail-type": ["Security Hub Findings - Imported"],
        "detail": {"findings": {"Severity": {"Label": ["HIGH", "CRITICAL"]}, "Workflow": {"Status": ["NEW"]},
                                "RecordState": ["ACTIVE"]}}}),
}

DATA_STORES = ("relational_database", "nosql_table")


def publishers(stack: Stack) -> list[str]:
    """The services that publish to this stack's topic, and only those (its topic and key policies name them):
    CloudWatch alarms always, Budgets when the project owns the budget, RDS events with a database, AWS Backup
    for prod data stores."""
    kinds = {c.kind for c in stack.components.values()}
    governance = stack.components.get("governance")
    found = ["cloudwatch"]
    if governance is not None and governance.params.get("switches", {}).get("enable_budget"):
        found.append("budgets")
    if "relational_database" in kinds:
        found.append("rds")
    if stack.is_prod and kinds & set(DATA_STORES):
        found.append("backup")
    if findings(stack):
        found.append("events")
    return sorted(found)


def findings(stack: Stack) -> list[str]:
    """The detectors this project creates (GuardDuty, Security Hub) whose high and critical findings go to the
    topic; none when the account baseline is provided elsewhere (its owner routes them)."""
    governance = stack.components.get("governance")
    switches = governance.params.get("switches", {}) if governance is not None else {}
    return [name for name, detector in FINDINGS.items() if switches.get(detector.switch)]


def missing_in_prod(stack: Stack) -> bool:
    """True when prod has nobody to notify: the plan then stops on the variable's validation."""
    return stack.is_prod and not (stack.policy.notifications.emails or aws_policy(stack).sns_topic_arn)


def inject(stack: Stack) -> None:
    """Record the notifications decisions (the topic is a project file, rendered for every AWS stack)."""
    notify = stack.policy.notifications
    topic = aws_policy(stack).sns_topic_arn
    services = ", ".join(PUBLISHERS[p].title for p in publishers(stack))
    if topic:
        stack.decide(Decision(
            id="aws.notifications.topic", title="Notifications go to an existing SNS topic",
            why=f"The policy names the topic {topic} ([aws] sns_topic_arn): {services} "
                "publish there and its owner manages subscribers, key and policy, which must let these services "
                "publish (WA SEC10-BP01, OPS08-BP04). The ARN is in iacf.auto.tfvars (notifications_topic_arn).",
            rule="notifications", trigger=f"{stack.policy.label}: [aws] sns_topic_arn",
            alternatives=["a project topic with e-mail subscribers ([notifications] emails)"],
        ))
        return
    stack.decide(Decision(
        id="aws.notifications.topic",
        title="One SNS topic for budget alerts, security alarms and service events",
        why=f"Every alert of the project reaches the same people through one topic: {services}. The topic is "
            "encrypted with its own KMS key, refuses non-TLS publishing, and only these services of this account "
            "may publish (topic policy with aws:SourceAccount and, where the service sends it, aws:SourceArn). "
            "Subscribers are the e-mail addresses of notification_emails in the committed iacf.auto.tfvars "
            "(from [notifications] emails in iacf.toml; not secret); each confirms its subscription by e-mail "
            "(WA SEC10-BP01, OPS08-BP04; an alarm nobody receives meets no CIS 4.x recommendation).",
        rule="notifications", trigger="always (governance)",
        alternatives=["an existing organization topic ([aws] sns_topic_arn)",
                      "one topic per service (several subscriptions to keep in sync)"],
    ))
    _findings_decision(stack)
    if notify.emails:
        return
    stack.decide(Decision(
        id="aws.notifications.recipients",
        title="No notification recipient yet: required before the first prod plan" if stack.is_prod
        else f"No notification recipient in {stack.environment} (allowed outside prod)",
        why=("prod must not raise alarms nobody receives: the variable notification_emails has a validation that "
             "stops the plan while it is empty. Set notification_emails in iacf.auto.tfvars (or [notifications] "
             "emails in iacf.toml and regenerate) before the first plan."
             if stack.is_prod else
             "Alerts are published to the topic but nobody is subscribed; add addresses to notification_emails in "
             "iacf.auto.tfvars (or [notifications] emails in iacf.toml) to receive them."),
        rule="notifications", trigger=f"environment = {stack.environment}, no [notifications] in the policy",
        alternatives=["[notifications] emails", "[aws] sns_topic_arn"],
    ))


def _findings_decision(stack: Stack) -> None:
    found = findings(stack)
    if not found:
        return
    names = " and ".join(FINDINGS[f].title for f in found)
    stack.decide(Decision(
        id="aws.notifications.findings", title=f"High and critical {names} findings go to the notifications topic",
        why=f"A detector whose findings nobody reads detects nothing: an EventBridge rule per detector sends {names} "
            "findings of high or critical severity (GuardDuty 7 or more; Security Hub HIGH and CRITICAL, new and "
            "active) to the project's topic, which only rules named <project>-*-findings of this account may "
            "publish to (aws:SourceArn). Lower severities stay in the consoles (WA SEC04-BP03, SEC10-BP01; "
            "CIS AWS 4.x relies on someone receiving alerts).",
        rule="notifications", trigger=f"{names} created by this project (account baseline)",
        resources=["aws_cloudwatch_event_rule.*", "aws_cloudwatch_event_target.*"],
        alternatives=["a security tooling account that aggregates findings (baseline provided in the policy)",
                      "a SIEM subscription to the findings (outside this project)"],
    ))


def template_context(stack: Stack) -> dict[str, object]:
    """What the project's notification templates need."""
    topic = aws_policy(stack).sns_topic_arn
    return {"topic_arn": topic, "emails": list(stack.policy.notifications.emails),
            "publishers": [PUBLISHERS[p] for p in publishers(stack)],
            "findings": {name: FINDINGS[name] for name in findings(stack)},
            "required": stack.is_prod and not topic}
