from __future__ import annotations

import json

import pytest

from iacf_core.errors import SpecError
from iacf_core.policy import Policy, load_policy

GOOD = """
owner = "team-payments"
cost_center = "cc-42"

[tags]
required = ["DataClassification"]
values = { DataClassification = "confidential" }
allowed = { CostCenter = ["cc-42", "cc-43"] }

[budget]
monthly_amount = 750
recipients = ["finops@example.com"]

[regions]
allowed = ["fr-1"]
default = "fr-1"

[logs]
retention_days = { dev = 30, prod = 731 }

[account_baseline]
provided = ["audit-trail"]

[terraform]
version = "1.11"
"""


def test_load_good_policy(tmp_path):
    path = tmp_path / "iacf.toml"
    path.write_text(GOOD)
    policy = load_policy(path)
    assert policy.owner == "team-payments" and policy.budget.monthly_amount == 750
    assert policy.logs.retention_days["prod"] == 731
    assert policy.terraform.lock_mode() == "lockfile"
    assert Policy().terraform.lock_mode() == "dynamodb"


def test_found_in_working_folder(tmp_path):
    (tmp_path / "iacf.toml").write_text('owner = "x"\n')
    assert load_policy(None, cwd=tmp_path).owner == "x"


def test_absent_policy_is_empty(tmp_path):
    assert load_policy(None, cwd=tmp_path) == Policy()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[budget]\nrecipients = ['not-an-email']\n", "budget.recipients: 'not-an-email' is not an e-mail"),
        ("[budget]\nmonthly_amount = -3\n", "budget.monthly_amount"),
        ("[logs]\nretention_days = { prod = 42 }\n", "logs.retention_days: 42 days for prod"),
        ("[regions]\nallowed = ['a']\ndefault = 'b'\n", "default region 'b' is not in the allowed regions"),
        ("[terraform]\nversion = '1.4'\n", "terraform.version: generated code needs Terraform >= 1.5"),
        ("[tags]\nrequired = ['Team']\n", "Team need a value"),
        ("colour = 'blue'\n", "colour: unknown field (fields: owner, cost_center, tags, "),
        ("[budget\n", "not valid TOML"),
        ("[account_baseline]\nmode = 'provided'\nprovided = ['audit-trail']\n",
         "list controls in provided only with mode = \"project\""),
        ("[account_baseline]\nmode = 'landing-zone'\n", "account_baseline.mode"),
        ("[notifications]\nemails = ['ops']\n", "notifications.emails: 'ops' is not an e-mail"),
        ("[notifications]\nemails = ['a@b.io', 'a@b.io']\n", "an address is listed twice"),
        ("[notifications]\nsns_topic_arn = 'arn:aws:sns:eu-west-3:123:t'\n", "is not an SNS topic ARN"),
        ("[notifications]\nsns_topic_arn = 'arn:aws:sns:eu-west-3:123456789012:t.fifo'\n", "a FIFO topic"),
        ("[notifications]\nemails = ['a@b.io']\nsns_topic_arn = 'arn:aws:sns:eu-west-3:123456789012:t'\n",
         "give emails or an existing sns_topic_arn, not both"),
    ],
)
def test_invalid_policy_names_field_and_reason(tmp_path, text, message):
    path = tmp_path / "iacf.toml"
    path.write_text(text)
    with pytest.raises(SpecError) as err:
        load_policy(path)
    assert message in str(err.value)


def test_missing_explicit_policy(tmp_path):
    with pytest.raises(SpecError, match="does not exist"):
        load_policy(tmp_path / "nope.toml")


def test_cli_applies_policy(fake_cli, tmp_path, monkeypatch):
    (tmp_path / "iacf.toml").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    res = fake_cli("generate", "Django sur FakeCloud", "--out", "o", "--json", "--no-validate")
    data = json.loads(res.stdout)
    assert res.exit_code == 0, res.stderr
    assert data["spec"]["owner"] == "team-payments" and data["spec"]["cost_center"] == "cc-42"
    decisions = {d["id"]: d for d in data["decisions"]}
    assert "iacf.toml" in decisions["core.default.region"]["why"]


def test_cli_policy_rejects_region_and_tag(fake_cli, tmp_path, monkeypatch):
    (tmp_path / "iacf.toml").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    res = fake_cli("generate", "Django à Berlin sur FakeCloud", "--out", "o")
    assert res.exit_code == 2 and "region 'de-1' is not allowed by the policy" in res.stderr
    spec = tmp_path / "s.yaml"
    spec.write_text("project: shop\ncloud: fake\ncost_center: cc-99\ncomponents: [{kind: web_app}]\n")
    res = fake_cli("generate", "--spec", str(spec), "--out", "o2")
    assert res.exit_code == 2 and "CostCenter='cc-99' is not allowed" in res.stderr
    assert not (tmp_path / "o").exists() and not (tmp_path / "o2").exists()


def test_cli_bad_policy_exit_2(fake_cli, tmp_path):
    bad = tmp_path / "p.toml"
    bad.write_text("[budget]\nrecipients = ['nope']\n")
    res = fake_cli("generate", "Django", "--out", str(tmp_path / "o"), "--policy", str(bad))
    assert res.exit_code == 2 and "budget.recipients" in res.stderr and res.stderr.count("\n") == 1


def test_account_baseline_choice_and_what_it_implies():
    default = Policy().account_baseline
    assert default.mode == "project" and default.left_to_owner() == []
    assert default.summary()[0].startswith("created by this project") and "iacf preflight" in default.summary()[-1]
    partial = Policy.model_validate({"account_baseline": {"provided": ["config-recording"],
                                                          "managed_by": "Control Tower"}}).account_baseline
    assert partial.left_to_owner() == ["config-recording"]
    assert "except config-recording: provided by Control Tower" in partial.summary()[1]
    org = Policy.model_validate({"account_baseline": {"mode": "provided"}}).account_baseline
    assert {"audit-trail", "threat-detection", "config-recording"} <= set(org.left_to_owner())
    assert org.summary()[0].startswith("provided by the organization")


def test_notifications_policy():
    assert not Policy().notifications.configured
    policy = Policy.model_validate({"notifications": {"emails": ["secops@example.com"]}})
    assert policy.notifications.configured and policy.notifications.emails == ["secops@example.com"]
    topic = Policy.model_validate({"notifications": {"sns_topic_arn": "arn:aws:sns:eu-west-3:123456789012:alerts"}})
    assert topic.notifications.configured


def test_parse_shows_the_account_baseline(fake_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = fake_cli("parse", "Django sur FakeCloud")
    assert res.exit_code == 0, res.stderr
    assert "# account baseline: project (default; [account_baseline] mode in iacf.toml)" in res.stdout
    (tmp_path / "iacf.toml").write_text('[account_baseline]\nmode = "provided"\nmanaged_by = "Control Tower"\n')
    res = fake_cli("parse", "Django sur FakeCloud", "--json")
    data = json.loads(res.stdout)["account_baseline"]
    assert data["mode"] == "provided" and data["policy"].endswith("iacf.toml") and "audit-trail" in data["provided"]
    assert data["implies"][0].startswith("provided by Control Tower")
