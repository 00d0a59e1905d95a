"""A Lambda function fed by SQS polls within its reserved concurrency (throttled batches would count toward
maxReceiveCount and land in the dead-letter queue), and every queue's dead-letter queue raises an alarm on the
project's notifications topic."""

from __future__ import annotations

import re

import pytest

from iacf_aws.serverless import maximum_concurrency
from iacf_core.testing import run_cli
from iacf_core.toolkit.hcl import blocks, load_text


@pytest.mark.parametrize(("reserved", "sources", "each"), [(100, 1, 100), (5, 2, 2), (7, 3, 2), (1, 1, 2),
                                                           (3000, 1, 1000), (10, 3, 3)])
def test_maximum_concurrency_shares_the_reservation(reserved, sources, each):
    assert maximum_concurrency(reserved, sources) == each


@pytest.mark.parametrize("request_text", [
    "A Lambda function triggered by an SQS queue, writing to a DynamoDB table, in prod on AWS",
    "A worker consuming an SQS FIFO queue in dev on AWS",
])
def test_queue_consumers_are_capped_and_dead_letters_alarmed(tmp_path, request_text):
    out = tmp_path / "out"
    res = run_cli("generate", request_text, "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    doc = load_text((out / "main.tf").read_text())
    resources = {(b.labels[0], b.labels[1]): b.body for b in blocks(doc, None, "resource", 2)}
    functions = {name: body for (kind, name), body in resources.items() if kind == "aws_lambda_function"}
    mappings = [body for (kind, _), body in resources.items() if kind == "aws_lambda_event_source_mapping"]
    assert mappings
    decisions = (out / "DECISIONS.md").read_text()
    for mapping in mappings:
        fn = re.fullmatch(r"\$\{aws_lambda_function\.(\w+)\.arn\}", mapping["function_name"])[1]
        reserved = functions[fn]["reserved_concurrent_executions"]
        scaling = mapping["scaling_config"]
        scaling = scaling[0] if isinstance(scaling, list) else scaling
        assert 2 <= scaling["maximum_concurrency"] <= reserved, (fn, scaling, reserved)
        assert f"### `aws.{fn}.sqs-concurrency`" in decisions
    assert_every_dead_letter_queue_alarms(resources, decisions)


def assert_every_dead_letter_queue_alarms(resources: dict, decisions: str) -> None:
    """Each dead-letter queue, a queue's or a function's (failed asynchronous events), alarms to the topic."""
    functions = [name for kind, name in resources if kind == "aws_lambda_function"]
    dlqs = [name for kind, name in resources if kind == "aws_sqs_queue" and name.endswith("_dlq")]
    assert functions and {f"{fn}_dlq" for fn in functions} <= set(dlqs)
    alarms = {name: body for (kind, name), body in resources.items() if kind == "aws_cloudwatch_metric_alarm"}
    for dlq in dlqs:
        alarm = alarms[dlq]
        assert alarm["dimensions"] == {"QueueName": f"${{aws_sqs_queue.{dlq}.name}}"}
        assert alarm["metric_name"] == "ApproximateNumberOfMessagesVisible" and alarm["namespace"] == "AWS/SQS"
        assert alarm["comparison_operator"] == "GreaterThanThreshold" and alarm["threshold"] == 0
        assert alarm["alarm_actions"] == ["${local.notifications_topic_arn}"]
        assert alarm["tags"]["Name"]
        assert f"### `aws.{dlq.removesuffix('_dlq')}.dlq-alarm`" in decisions


@pytest.mark.parametrize("request_text", [
    "A Lambda function writing to an S3 bucket, in dev on AWS",
    "A job every night at 2am writing to a DynamoDB table, in prod on AWS",
])
def test_functions_dead_letter_queues_alarm(tmp_path, request_text):
    out = tmp_path / "out"
    res = run_cli("generate", request_text, "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    doc = load_text((out / "main.tf").read_text())
    resources = {(b.labels[0], b.labels[1]): b.body for b in blocks(doc, None, "resource", 2)}
    assert_every_dead_letter_queue_alarms(resources, (out / "DECISIONS.md").read_text())
