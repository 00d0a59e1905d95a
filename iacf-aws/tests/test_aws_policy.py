"""The ``[aws]`` section of iacf.toml: AWS-only settings live there, validated with the rest of the policy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from iacf_aws.policy import AwsPolicy, lock_mode
from iacf_core.kernel.errors import SpecError
from iacf_core.kernel.plugins import Plugins
from iacf_core.kernel.policy import Policy
from iacf_core.request.policyfile import load_policy

TOPIC = "arn:aws:sns:eu-west-3:123456789012:alerts"


@pytest.fixture(scope="module")
def registry():
    return Plugins().registry


def load(tmp_path, text, registry):
    path = tmp_path / "iacf.toml"
    path.write_text(text)
    return load_policy(path, registry=registry)


def test_the_aws_section_is_typed_and_defaults_when_absent(tmp_path, registry):
    policy = load(tmp_path, f'[aws]\nstate_locking = "both"\ndns_zone = "Z0123456789ABCDEFGHIJ"\nsns_topic_arn = '
                            f'"{TOPIC}"\n', registry)
    section = policy.section("aws", AwsPolicy)
    assert (section.state_locking, section.dns_zone, section.sns_topic_arn) == ("both", "Z0123456789ABCDEFGHIJ", TOPIC)
    assert lock_mode(policy) == "both" and policy.states("aws.state_locking")
    absent = load(tmp_path, '[terraform]\nversion = "1.11"\n', registry)
    assert absent.section("aws", AwsPolicy) == AwsPolicy() and lock_mode(absent) == "lockfile"
    assert lock_mode(Policy()) == "dynamodb"


@pytest.mark.parametrize(("text", "message"), [
    ('[terraform]\nstate_locking = "lockfile"\n',
     "line 2, column 1: terraform.state_locking: moved to [aws] state_locking (a setting of the aws plugin)"),
    ('[dns]\nzone = "Z0123456789ABCDEFGHIJ"\n',
     "line 2, column 1: dns.zone: moved to [aws] dns_zone (a setting of the aws plugin)"),
    (f'[notifications]\nsns_topic_arn = "{TOPIC}"\n',
     "line 2, column 1: notifications.sns_topic_arn: moved to [aws] sns_topic_arn (a setting of the aws plugin)"),
    ('[aws]\nsns_topic_arn = "arn:aws:sns:eu-west-3:123:t"\n', "aws.sns_topic_arn: 'arn:aws:sns:eu-west-3:123:t' is "
                                                              "not an SNS topic ARN"),
    (f'[aws]\nsns_topic_arn = "{TOPIC}.fifo"\n', "a FIFO topic cannot receive alarms"),
    (f'[notifications]\nemails = ["a@b.io"]\n[aws]\nsns_topic_arn = "{TOPIC}"\n',
     "line 4, column 1: aws.sns_topic_arn: give [notifications] emails or [aws] sns_topic_arn, not both"),
    ('[aws]\ndns_zone = "z123"\n', "line 2, column 1: aws.dns_zone: 'z123' is not a Route 53 hosted zone ID"),
    ('[aws]\nstate_locking = "table"\n', "aws.state_locking: Input should be 'auto', 'dynamodb', 'lockfile' or "
                                         "'both'"),
    ('[aws]\nlocking = "both"\n', "aws.locking: unknown field (fields: state_locking, dns_zone, sns_topic_arn)"),
    ("[logs]\nretention_days = { prod = 42 }\n",
     "line 2, column 1: logs.retention_days.prod: 42 days is not a retention CloudWatch Logs accepts"),
    ('[aw]\nstate_locking = "both"\n', "aw: unknown section, did you mean [aws]?"),
])
def test_aws_settings_are_refused_in_one_line_where_they_are_wrong(tmp_path, registry, text, message):
    with pytest.raises(SpecError) as err:
        load(tmp_path, text, registry).check_cloud("aws")  # the [aws] rules on shared sections: AWS stacks only
    assert message in str(err.value) and str(err.value).count("\n") == 0, str(err.value)


def test_the_aws_rules_on_shared_sections_bind_aws_stacks_only(tmp_path, registry):
    policy = load(tmp_path, "[logs]\nretention_days = { prod = 42 }\n", registry)  # not a CloudWatch value
    policy.check_cloud("gcp")  # another cloud's project keeps its 42 days
    with pytest.raises(SpecError, match="42 days is not a retention CloudWatch Logs accepts"):
        policy.check_cloud("aws")
    proc = subprocess.run([sys.executable, "-m", "iacf_core", "generate", "App web Django en dev sur AWS",
                           "--policy", str(tmp_path / "iacf.toml"), "--out", str(tmp_path / "x"), "--no-validate"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "line 2, column 1: logs.retention_days.prod: 42 days is not a retention CloudWatch Logs accepts" \
        in proc.stderr
    assert not (tmp_path / "x").exists()


def test_the_cli_names_the_new_place_of_a_moved_key(tmp_path):
    (tmp_path / "iacf.toml").write_text('[terraform]\nversion = "1.11"\nstate_locking = "both"\n')
    proc = subprocess.run([sys.executable, "-m", "iacf_core", "generate", "App web Django en dev sur AWS",
                           "--policy", str(tmp_path / "iacf.toml"), "--out", str(tmp_path / "x"), "--no-validate"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "line 3, column 1: terraform.state_locking: moved to [aws] state_locking" in proc.stderr
    assert not (tmp_path / "x").exists()


def test_the_locking_decision_cites_the_aws_section(tmp_path, registry):
    from iacf_core.request.parser import parse_request
    from iacf_core.engine.pipeline import build_stack

    policy = load(tmp_path, '[terraform]\nversion = "1.11"\n[aws]\nstate_locking = "both"\n', registry)
    plugins = Plugins()
    parsed = parse_request("App web Django en dev sur AWS", plugins.registry)
    stack = build_stack(parsed.spec, plugins, parsed.defaults, policy=policy)
    decision = {d.id: d for d in stack.decisions}["aws.state.locking"]
    assert stack.components["state"].params["lock_mode"] == "both"
    assert decision.trigger.endswith("iacf.toml [aws] state_locking = both")
