from __future__ import annotations

import json
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict

from iacf_core import PolicySection, hookimpl
from iacf_core.kernel.errors import SpecError
from iacf_core.kernel.plugins import Plugins, get_plugin_manager
from iacf_core.kernel.policy import Policy
from iacf_core.request.policyfile import load_policy

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
    assert policy.terraform.at_least(1, 11) and not Policy().terraform.at_least(1, 11)


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
        ("[logs]\nretention_days = { prod = 4000 }\n", "logs.retention_days: 4000 days for prod: give 1 to 3653"),
        ("[regions]\nallowed = ['a']\ndefault = 'b'\n", "default region 'b' is not in the allowed regions"),
        ("[terraform]\nversion = '1.4'\n", "terraform.version: generated code needs Terraform >= 1.5"),
        ("[tags]\nrequired = ['Team']\n", "Team need a value"),
        ("colour = 'blue'\n", "line 1, column 1: colour: unknown section (sections: account_baseline, budget, "),
        ("[tag]\nrequired = []\n", "tag: unknown section, did you mean [tags]? (sections: "),
        ("[terraform]\nflavour = 'x'\n", "line 2, column 1: terraform.flavour: unknown field (fields: version)"),
        ("[budget\n", "not valid TOML"),
        ("[account_baseline]\nmode = 'provided'\nprovided = ['audit-trail']\n",
         "list controls in provided only with mode = \"project\""),
        ("[account_baseline]\nmode = 'landing-zone'\n", "account_baseline.mode"),
        ("[notifications]\nemails = ['ops']\n", "notifications.emails: 'ops' is not an e-mail"),
        ("[notifications]\nemails = ['a@b.io', 'a@b.io']\n", "an address is listed twice"),
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
    assert not Policy().notifications.emails
    policy = Policy.model_validate({"notifications": {"emails": ["secops@example.com"]}})
    assert policy.notifications.emails == ["secops@example.com"]
    # a cloud's own topic is that cloud's setting ([aws] sns_topic_arn), not core's
    with pytest.raises(ValueError, match="sns_topic_arn"):
        Policy.model_validate({"notifications": {"sns_topic_arn": "arn:aws:sns:eu-west-3:123456789012:alerts"}})


# -- sections owned by plugins ------------------------------------------------------------------------------


class FakePolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    size: Literal["s", "m", "l"] = "m"
    zone: str | None = None


def _no_small_prod(policy, section):
    if section.size == "s" and policy.logs.retention_days.get("prod", 0) > 365:
        return [("fake.size", "fake.size: a small size keeps logs at most 365 days in prod")]
    return []


class Sections:
    @hookimpl
    def iacf_register_policy(self, register):
        register(PolicySection("fake", FakePolicy, cloud="fake", replaces=(("regions.zone", "zone"),),
                               check=_no_small_prod))


@pytest.fixture
def registry(plugins):
    return Plugins(get_plugin_manager(load_entry_points=False, extra=[("fake", plugins.pm.get_plugin("fake")),
                                                                    ("sections", Sections())])).registry


def _load(tmp_path, text, registry):
    path = tmp_path / "iacf.toml"
    path.write_text(text)
    return load_policy(path, registry=registry)


def test_a_plugin_section_is_read_typed_with_defaults_when_absent(tmp_path, registry):
    policy = _load(tmp_path, '[fake]\nsize = "l"\n', registry)
    assert policy.section("fake", FakePolicy).size == "l" and policy.states("fake.size")
    assert not policy.states("fake.zone")
    absent = _load(tmp_path, 'owner = "x"\n', registry)
    assert absent.section("fake", FakePolicy) == FakePolicy() and not absent.states("fake.size")
    assert Policy().section("fake", FakePolicy).size == "m"  # built in memory: the model's defaults
    assert load_policy(None, cwd=tmp_path / "none", registry=registry).section("fake") == FakePolicy()
    with pytest.raises(KeyError, match=r"no policy section \[other\]"):
        absent.section("other")


def test_section_errors_come_with_core_errors_at_once_in_file_order(tmp_path, registry):
    with pytest.raises(SpecError) as err:
        _load(tmp_path, '[budget]\nmonthly_amount = -1\n\n[fake]\n  size = "xl"\n  colour = 1\n', registry)
    lines = str(err.value).splitlines()
    assert len(lines) == 3
    assert "line 2, column 1: budget.monthly_amount: Input should be greater than or equal to 0" in lines[0]
    assert "line 5, column 3: fake.size: Input should be 's', 'm' or 'l'" in lines[1]
    assert "line 6, column 3: fake.colour: unknown field (fields: size, zone)" in lines[2]


def test_cross_section_rules_of_a_plugin_bind_its_cloud_only(tmp_path, registry):
    # the rule of the fake cloud's section on the shared [logs]: the file loads, a fake stack is refused with the
    # place in the file, a stack of another cloud is not bound by it
    policy = _load(tmp_path, '[fake]\nsize = "s"\n[logs]\nretention_days = { prod = 731 }\n', registry)
    policy.check_cloud("other")
    with pytest.raises(SpecError, match=r"line 2, column 1: fake.size: a small size keeps logs at most 365"):
        policy.check_cloud("fake")
    _load(tmp_path, '[fake]\nsize = "s"\n', registry).check_cloud("fake")  # within the rule


def test_unknown_sections_name_the_near_miss_or_the_missing_cloud_plugin(tmp_path, registry):
    with pytest.raises(SpecError, match=r"fak: unknown section, did you mean \[fake\]\?"):
        _load(tmp_path, "[fak]\nsize = 'l'\n", registry)
    with pytest.raises(SpecError) as err:
        _load(tmp_path, "[azure]\nsubscription = 'x'\n", registry)
    assert str(err.value).endswith("line 1, column 1: azure: a section of cloud 'azure', whose plugin is not "
                                   "installed (installed clouds: fake)")


def test_a_key_taken_over_by_a_plugin_names_its_new_place(tmp_path, registry):
    with pytest.raises(SpecError) as err:
        _load(tmp_path, "[regions]\nallowed = ['fr-1']\nzone = 'z1'\n", registry)
    assert str(err.value).count("\n") == 0
    assert str(err.value).endswith("line 3, column 1: regions.zone: moved to [fake] zone (a setting of the fake "
                                   "plugin)")


def test_policy_sections_are_registered_once_and_well_formed(plugins):
    from iacf_core.kernel.errors import PluginError

    def make(*sections):
        class One:
            @hookimpl
            def iacf_register_policy(self, register):
                for section in sections:
                    register(section)
        return One()

    def collect(*extra):
        return Plugins(get_plugin_manager(load_entry_points=False, extra=list(extra))).registry

    with pytest.raises(PluginError, match=r"\[fake\] is registered by both plugin 'a' and plugin 'b'"):
        collect(("a", make(PolicySection("fake", FakePolicy))), ("b", make(PolicySection("fake", FakePolicy))))
    with pytest.raises(PluginError, match=r"\[tags\], which is core's own"):
        collect(("a", make(PolicySection("tags", FakePolicy))))

    class NoDefault(BaseModel):
        needed: str

    with pytest.raises(PluginError, match="no default for every field"):
        collect(("a", make(PolicySection("nodefault", NoDefault))))
    with pytest.raises(PluginError, match="lower-case letters"):
        collect(("a", make(PolicySection("Fake", FakePolicy))))


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
