"""The ``[aws]`` section of ``iacf.toml``: what only AWS understands (state locking, a Route 53 zone, an SNS
topic). Registered through ``iacf_register_policy``; read with :func:`aws_policy`."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from iacf_core import ZONE_ID, Policy, PolicySection, Stack

SECTION = "aws"
_TOPIC_ARN = re.compile(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$")
# the retention periods CloudWatch Logs accepts; core's [logs] takes any number of days
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
                      3288, 3653)


class AwsPolicy(BaseModel):
    """``[aws]``: every field optional."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    state_locking: Literal["auto", "dynamodb", "lockfile", "both"] = Field(
        default="auto", description="State locking: auto picks the S3 lock file when [terraform] version is 1.11 "
                                    "or later, the DynamoDB table before.")
    dns_zone: str | None = Field(
        default=None,
        description="ID of the public Route 53 hosted zone of the organisation's domains, in the deployment "
                    "account: certificates are validated there in the first apply (a spec's dns_zone wins).")
    sns_topic_arn: str | None = Field(
        default=None,
        description="An existing SNS topic (e.g. the organization's security alerts) to publish notifications to "
                    "instead of creating one; its policy and key must let the publishing services in. Replaces "
                    "[notifications] emails.")

    @field_validator("dns_zone")
    @classmethod
    def _zone_id(cls, value: str | None) -> str | None:
        if value is not None and not ZONE_ID.match(value):
            raise ValueError(f"{value!r} is not a Route 53 hosted zone ID (e.g. Z0123456789ABCDEFGHIJ)")
        return value

    @field_validator("sns_topic_arn")
    @classmethod
    def _topic(cls, value: str | None) -> str | None:
        if value is not None and value.endswith(".fifo"):
            raise ValueError("a FIFO topic cannot receive alarms or budget alerts: give a standard topic")
        if value is not None and not _TOPIC_ARN.match(value):
            raise ValueError(f"{value!r} is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)")
        return value


def lock_mode(policy: Policy) -> str:
    """The state locking the project uses: the policy's choice, else the S3 lock file from Terraform 1.11 on."""
    chosen = policy.section(SECTION, AwsPolicy).state_locking
    if chosen != "auto":
        return chosen
    return "lockfile" if policy.terraform.at_least(1, 11) else "dynamodb"


def aws_policy(stack: Stack) -> AwsPolicy:
    return stack.policy.section(SECTION, AwsPolicy)


def check(policy: Policy, section: AwsPolicy) -> list[tuple[str, str]]:
    """Rules that span core's sections and ``[aws]``."""
    problems = []
    if section.sns_topic_arn and policy.notifications.emails:
        problems.append(("aws.sns_topic_arn", "aws.sns_topic_arn: give [notifications] emails or [aws] "
                                              "sns_topic_arn, not both (subscribe the addresses to that topic "
                                              "where it is managed)"))
    for env, days in sorted(policy.logs.retention_days.items()):
        if days not in LOG_RETENTION_DAYS:
            problems.append((f"logs.retention_days.{env}",
                             f"logs.retention_days.{env}: {days} days is not a retention CloudWatch Logs accepts "
                             "(e.g. 30, 90, 365, 731)"))
    return problems


POLICY_SECTION = PolicySection(
    SECTION, AwsPolicy, cloud="aws", description="AWS-only settings: state locking, Route 53 zone, SNS topic.",
    replaces=(("terraform.state_locking", "state_locking"), ("dns.zone", "dns_zone"),
              ("notifications.sns_topic_arn", "sns_topic_arn")),
    check=check,  # type: ignore[arg-type]  # typed on AwsPolicy, called with the registered model's instance
)
