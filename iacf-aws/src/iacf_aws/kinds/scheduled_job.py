"""The scheduled job kind: an AWS Lambda function run by EventBridge Scheduler (rendered by the function templates)."""

from __future__ import annotations

from iacf_core import KindSpec

from ..params import ScheduledJobParams
from ..serverless import rules
from .function import placeholder

SPEC = KindSpec(
    name="scheduled_job", default_id="job",
    description="AWS Lambda job run by EventBridge Scheduler.",
    words=("eventbridge scheduler", "eventbridge", "cloudwatch events", "scheduled lambda", "scheduled lambda job",
           "lambda planifiee", "lambda cron", "cron lambda"),
    params=ScheduledJobParams, template="function", resolve=rules, files=placeholder,
    controls=("default-encryption", "log-retention", "secrets-management", "least-privilege"),
    sizing="scheduled_job",
)
