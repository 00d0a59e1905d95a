"""The detectors whose findings reach the notifications topic are data (``notifications.FINDINGS``): each one's
switch, title and EventBridge pattern; the decision and the rendered rules take the title from there."""

from __future__ import annotations

import dataclasses

import pytest

from iacf_aws import notifications
from iacf_core.engine.pipeline import build_stack, render_stack
from iacf_core.kernel.plugins import Plugins
from iacf_core.kernel.rendering import Renderer
from iacf_core.request.parser import parse_request

REQUEST = "Django avec PostgreSQL en prod sur AWS"


@pytest.fixture(scope="module")
def plugins():
    return Plugins()


def _generate(plugins):
    parsed = parse_request(REQUEST, plugins.registry)
    stack = build_stack(parsed.spec, plugins, parsed.defaults, None)
    files = {f.path: f.content for f in render_stack(stack, plugins, Renderer(plugins.registry))}
    return stack, files["notifications.tf"]


def test_each_detector_is_named_by_its_title_in_the_rules_and_the_decision(plugins, monkeypatch):
    for name, title in (("guardduty", "Threat Finder"), ("securityhub", "Posture Desk")):
        monkeypatch.setitem(notifications.FINDINGS, name,
                            dataclasses.replace(notifications.FINDINGS[name], title=title))
    stack, text = _generate(plugins)
    assert "# Threat Finder's high and critical findings reach the topic's subscribers" in text
    assert 'description   = "High and critical Threat Finder findings to the notifications topic"' in text
    assert 'description   = "High and critical Posture Desk findings to the notifications topic"' in text
    assert "GuardDuty's" not in text and "Security Hub findings to" not in text
    decision = next(d for d in stack.decisions if d.id == "aws.notifications.findings")
    assert decision.title == "High and critical Threat Finder and Posture Desk findings go to the notifications topic"


def test_each_rule_matches_its_detectors_pattern(plugins, monkeypatch):
    pattern = {"source": ["aws.guardduty"], "detail-type": ["GuardDuty Finding"],
               "detail": {"severity": [{"numeric": [">=", 8]}]}}
    monkeypatch.setitem(notifications.FINDINGS, "guardduty",
                        dataclasses.replace(notifications.FINDINGS["guardduty"], pattern=pattern))
    _, text = _generate(plugins)
    rule = text.split('resource "aws_cloudwatch_event_rule" "guardduty_findings" {', 1)[1].split("\n}\n", 1)[0]
    assert 'severity = [{ numeric = [">=", 8] }]' in rule and '">=", 7' not in rule


def test_a_detector_switched_off_in_the_baseline_has_no_rule(plugins, monkeypatch):
    monkeypatch.setitem(notifications.FINDINGS, "guardduty",
                        dataclasses.replace(notifications.FINDINGS["guardduty"], switch="enable_nothing"))
    stack, text = _generate(plugins)
    assert notifications.findings(stack) == ["securityhub"]
    assert '"aws_cloudwatch_event_rule" "guardduty_findings"' not in text
    assert '"aws_cloudwatch_event_rule" "securityhub_findings"' in text
