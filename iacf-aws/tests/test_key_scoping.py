"""The project's roles use a KMS key only through the service that holds the data: a Lambda function's role decrypts
the application key (its environment variables) only through Lambda and for its own function; a scheduled job's
Scheduler role decrypts its own schedule only (the schedule's ARN as encryption context) and uses the data key for
its dead-letter queue only through SQS, for that queue. No role of a function
may use a key with its credentials alone, outside a service."""

from __future__ import annotations

import re

import pytest

from iacf_core import Spec
from iacf_core.engine.pipeline import generate
from iacf_core.kernel.plugins import Plugins

COMPONENTS = [
    {"kind": "function", "name": "resize"},
    {"kind": "worker"},
    {"kind": "scheduled_job", "name": "report"},
    {"kind": "queue", "name": "jobs"},
    {"kind": "object_storage", "name": "uploads"},
    {"kind": "relational_database"},
]
CONNECTIONS = [("resize", "uploads", "read"), ("worker", "jobs", "consume"), ("report", "db", "connect")]


@pytest.fixture(scope="module")
def main() -> str:
    spec = Spec.model_validate({
        "project": "shop", "cloud": "aws", "environment": "prod", "components": COMPONENTS,
        "connections": [{"from": s, "to": t, "access": a} for s, t, a in CONNECTIONS]})
    result = generate(spec, Plugins(), None)
    return next(f.content for f in result.files if f.path == "main.tf")


def role_policies(main: str) -> dict[str, dict[str, str]]:
    """The statements of every inline role policy of main.tf, by role policy name then Sid (comments included)."""
    found = {}
    for m in re.finditer(r'^resource "aws_iam_role_policy" "(\w+)" \{\n.*?^\}', main, re.M | re.S):
        found[m.group(1)] = {s.group(1): s.group(0) for s in re.finditer(
            r'\{\n(?:\s*#[^\n]*\n)*\s*Sid\s+= "(\w+)".*?\n {6}\},', m.group(0), re.S)}
    return found


def test_every_function_decrypts_its_environment_only_through_lambda_for_itself(main):
    roles = role_policies(main)
    for fn, name in (("resize", "resize"), ("worker", "worker"), ("report", "report")):
        found = roles[fn]
        app_key = [sid for sid, text in found.items() if "module.kms_app.key_arn" in text]
        assert app_key == ["EnvironmentKeyThroughLambdaOnly"], (fn, sorted(found))
        text = found["EnvironmentKeyThroughLambdaOnly"]
        assert re.search(r'Action\s+= "kms:Decrypt"\n', text), "decrypt only: Lambda encrypts at deployment"
        assert '"kms:ViaService"                               = "lambda.${local.region}.amazonaws.com"' in text
        assert ('"kms:EncryptionContext:aws:lambda:FunctionArn" = "arn:${local.partition}:lambda:${local.region}:'
                f'${{local.account_id}}:function:${{local.name}}-{name}"') in text
        # the function's own ARN, built from its name: the role policy cannot reference the function (which
        # depends on it)
        assert f'function_name                  = "${{local.name}}-{name}"' in main


def test_no_function_role_uses_a_key_outside_a_service(main):
    roles = role_policies(main)
    functions = {"resize", "worker", "report"}
    for role in functions:
        for sid, text in roles[role].items():
            if '"kms:' in text.split("Resource")[0]:
                assert "kms:ViaService" in text, (role, sid)


def test_the_scheduler_role_uses_the_data_key_for_its_dead_letter_queue_through_sqs_only(main):
    scheduler = role_policies(main)["report_scheduler"]
    keys = {sid: text for sid, text in scheduler.items() if "module.kms_data.key_arn" in text}
    assert set(keys) == {"ScheduleKey", "DeadLetterQueueKey"}
    assert re.search(r'Action\s+= "kms:Decrypt"\n', keys["ScheduleKey"]), "no data key generated for the schedule"
    dlq = keys["DeadLetterQueueKey"]
    assert re.search(r'Action\s+= \["kms:Decrypt", "kms:GenerateDataKey"\]', dlq)
    assert '"kms:ViaService"                    = "sqs.${local.region}.amazonaws.com"' in dlq
    assert '"kms:EncryptionContext:aws:sqs:arn" = aws_sqs_queue.report_dlq.arn' in dlq
    assert "GenerateDataKey" not in keys["ScheduleKey"]


def test_the_scheduler_role_decrypts_its_own_schedule_only(main):
    """The schedule key statement is bound to the encryption context Scheduler decrypts the schedule in: this
    schedule's ARN, built from its name and group (the schedule references the role: no cycle)."""
    text = role_policies(main)["report_scheduler"]["ScheduleKey"]
    arn = ("arn:${local.partition}:scheduler:${local.region}:${local.account_id}:schedule/default/"
           "${local.name}-report")
    assert re.search(r'Condition = \{\n\s+StringEquals = \{\n\s+"kms:EncryptionContext:aws:scheduler:schedule-arn" = '
                     + re.escape(f'"{arn}"') + r'\n', text), text
    assert "aws_scheduler_schedule." not in text, "the ARN is built, not referenced"
    schedule = re.search(r'^resource "aws_scheduler_schedule" "report" \{\n.*?^\}', main, re.M | re.S).group(0)
    assert re.search(r'^  name\s+= "\$\{local.name\}-report"$', schedule, re.M)
    assert re.search(r'^  group_name\s+= "default"$', schedule, re.M), "the group the built ARN names"


def test_every_scheduler_key_statement_is_scoped(main):
    """No statement of the Scheduler role uses a key without a service or encryption-context condition."""
    for sid, text in role_policies(main)["report_scheduler"].items():
        if '"kms:' in text.split("Resource")[0]:
            assert "kms:ViaService" in text or "kms:EncryptionContext:" in text, sid


def test_the_decisions_say_how_the_keys_are_reached():
    spec = Spec.model_validate({"project": "shop", "cloud": "aws", "environment": "dev",
                                "components": [{"kind": "scheduled_job", "name": "report"}]})
    decisions = {d.id: d for d in generate(spec, Plugins(), None).stack.decisions}
    assert "only through Lambda and for this function" in decisions["aws.report.iam"].why
    assert "aws:lambda:FunctionArn" in decisions["aws.report.iam"].why
    assert "through SQS only" in decisions["aws.report.schedule"].why
    assert "aws:scheduler:schedule-arn equal to the schedule's ARN" in decisions["aws.report.schedule"].why
