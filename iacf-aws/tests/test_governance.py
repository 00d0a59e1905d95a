from __future__ import annotations

import json

import pytest

from iacf_aws.policy import AwsPolicy
from iacf_core.request.parser import parse_request
from iacf_core.engine.pipeline import build_stack, render_stack
from iacf_core.kernel.plugins import Plugins
from iacf_core.kernel.policy import Policy
from iacf_core.kernel.rendering import Renderer


@pytest.fixture(scope="module")
def plugins():
    return Plugins()


def build(plugins, text, policy=None):
    parsed = parse_request(text, plugins.registry)
    return build_stack(parsed.spec, plugins, parsed.defaults, policy)


def render(plugins, stack):
    return {f.path: f.content for f in render_stack(stack, plugins, Renderer(plugins.registry))}


def test_every_catalogue_control_is_implemented_for_a_web_stack(plugins):
    stack = build(plugins, "Django avec PostgreSQL en prod sur AWS")
    ids = {c.id for c in stack.controls}
    assert {"state-backend", "audit-trail", "threat-detection", "posture-management", "config-recording", "budget",
            "encryption-keys", "log-retention", "tagging", "public-access-block", "default-encryption",
            "access-analysis", "password-policy", "network-flow-logs", "secrets-management",
            "least-privilege"} <= ids
    assert ids == {i.control for i in stack.implementations}
    switches = stack.components["governance"].params["switches"]
    assert all(switches.values()) and len(switches) == 9


def test_controls_left_to_an_account_baseline(plugins):
    policy = Policy.model_validate({"account_baseline": {"provided": ["audit-trail", "threat-detection"]},
                                    "source": "iacf.toml"})
    stack = build(plugins, "Django avec PostgreSQL en prod sur AWS", policy)
    switches = stack.components["governance"].params["switches"]
    assert switches["enable_cloudtrail"] is False and switches["enable_guardduty"] is False
    assert switches["enable_config"] is True
    provided = {i.control: i.provided_by for i in stack.implementations if i.provided_by}
    assert set(provided) == {"audit-trail", "threat-detection"}
    assert "aws.governance.provided.audit-trail" in {d.id for d in stack.decisions}
    main = render(plugins, stack)["main.tf"]
    assert "enable_cloudtrail                     = false" in main


def test_budget_and_retention_from_policy(plugins):
    policy = Policy.model_validate({"budget": {"monthly_amount": 750, "recipients": ["finops@example.com"]},
                                    "logs": {"retention_days": {"prod": 731}}, "source": "iacf.toml"})
    stack = build(plugins, "Django en prod sur AWS", policy)
    gov = stack.components["governance"].params
    assert gov["budget_amount"] == 750 and gov["budget_emails"] == ["finops@example.com"]
    assert stack.components["app"].params["retention_days"] == 731
    main = render(plugins, stack)["main.tf"]
    assert 'budget_notification_emails = ["finops@example.com"]' in main


@pytest.mark.parametrize(("version", "lock", "required"), [("1.5", "dynamodb", ">= 1.5.0"),
                                                           ("1.11", "lockfile", ">= 1.10.0")])
def test_state_locking_follows_terraform_version(plugins, version, lock, required):
    policy = Policy.model_validate({"terraform": {"version": version}})
    stack = build(plugins, "Django sur AWS", policy)
    assert stack.components["state"].params["lock_mode"] == lock
    files = render(plugins, stack)
    assert f'lock_mode            = "{lock}"' in files["bootstrap/iacf.auto.tfvars"]
    workflow = files[".github/workflows/terraform.yml"]
    assert ('use_lockfile=true' in workflow) == (lock == "lockfile")
    assert ('dynamodb_table=' in workflow) == (lock == "dynamodb")
    assert f'required_version = "{required}"' in files["versions.tf"]
    backend = files["backend.hcl.example"]
    assert ("use_lockfile" in backend) == (lock == "lockfile")
    assert ("dynamodb_table" in backend) == (lock == "dynamodb")


def test_decisions_list_skips_and_controls(plugins):
    stack = build(plugins, "Django avec PostgreSQL en dev sur AWS")
    files = render(plugins, stack)
    decisions = files["DECISIONS.md"]
    assert "`CKV_AWS_157`" in decisions and "`module.db`" in decisions  # dev single-AZ skip, with its reason
    assert "| `audit-trail` |" in decisions
    assert "**Resources affected:**" in decisions
    manifest = json.loads(files[".iacf/manifest.json"])
    assert {c["id"] for c in manifest["controls"]} == {c.id for c in stack.controls}


def test_database_only_stack_has_governance_but_no_edge(plugins):
    stack = build(plugins, "une base MySQL en staging sur AWS")
    assert {"governance", "state", "db", "network", "keys"} == set(stack.components)
    assert stack.components["db"].params["port"] == 3306


def test_sensitive_data_turns_on_data_events_and_tags(plugins):
    stack = build(plugins, "Django avec PostgreSQL et données de santé en prod sur AWS")
    assert stack.spec.data_classification == "restricted"
    assert "data-access-logging" in {c.id for c in stack.controls}
    assert stack.components["governance"].params["s3_data_events"] == "All"
    files = render(plugins, stack)
    assert 'cloudtrail_s3_data_events = "All"' in files["main.tf"]
    assert 'DataClassification = "restricted"' in files["providers.tf"]
    plain = build(plugins, "Django en prod sur AWS")
    assert plain.spec.data_classification == "internal"
    assert "data-access-logging" not in {c.id for c in plain.controls}


def test_policy_required_tags_reach_default_tags(plugins, tmp_path):
    from iacf_aws.checks import validate

    policy = Policy.model_validate({"tags": {"required": ["Team"], "values": {"Team": "payments"}}})
    stack = build(plugins, "Django sur AWS", policy)
    files = render(plugins, stack)
    assert 'Team               = "payments"' in files["providers.tf"]
    (tmp_path / "providers.tf").write_text(files["providers.tf"].replace('Team', 'Squad'))
    errors = [f for f in validate(tmp_path, stack) if f.gate == "tags" and f.severity.value == "error"]
    assert errors and "Team" in errors[0].message


@pytest.mark.parametrize("text", ["Django avec PostgreSQL en prod sur AWS", "Rails avec MySQL en dev sur AWS",
                                  "une base PostgreSQL en staging sur AWS"])
def test_every_decision_and_control_is_in_decisions_md(plugins, text):
    stack = build(plugins, text)
    decisions = render(plugins, stack)["DECISIONS.md"]
    for d in stack.decisions:
        assert f"### `{d.id}`" in decisions and d.why.strip(), d.id
    for comp in stack.components.values():
        if comp.provenance.source in ("dependency", "governance"):
            assert comp.provenance.decision and f"`{comp.provenance.decision}`" in decisions
    for control in stack.controls:
        assert f"| `{control.id}` |" in decisions


def sets(call: str, name: str, value: str) -> bool:
    """The module call sets ``name`` to ``value`` (whatever terraform fmt's alignment)."""
    import re

    return re.search(rf"^\s*{re.escape(name)}\s+= {re.escape(value)}$", call, re.M) is not None


def module_call(main: str, name: str = "governance") -> str:
    start = main.index(f'module "{name}" {{')
    return main[start:main.index("\n}\n", start) + 3]


def test_baseline_provided_by_the_organization(plugins):
    policy = Policy.model_validate({"account_baseline": {"mode": "provided", "managed_by": "Control Tower"},
                                    "source": "iacf.toml"})
    stack = build(plugins, "Django avec PostgreSQL en prod sur AWS", policy)
    switches = stack.components["governance"].params["switches"]
    assert {k for k, on in switches.items() if on} == {"enable_budget"}  # no singleton, the budget stays
    provided = {i.control for i in stack.implementations if i.provided_by}
    assert {"audit-trail", "threat-detection", "posture-management", "config-recording", "access-analysis",
            "password-policy"} <= provided
    assert "public-access-block" not in provided and "default-encryption" not in provided  # still the project's
    decisions = {d.id: d for d in stack.decisions}
    assert decisions["aws.governance.baseline"].title == "Account security baseline provided by Control Tower"
    assert "left to the trail's owner" in decisions["aws.governance.cis-alarms"].title
    assert "aws.governance.provided.account-settings" in decisions
    assert "aws.governance.trail-insights" not in decisions and "aws.governance.audit-object-lock" not in decisions
    files = render(plugins, stack)
    call = module_call(files["main.tf"])
    assert sets(call, "enable_cloudtrail", "false") and sets(call, "enable_cis_alarms", "false")
    assert "audit_object_lock_mode" not in call
    readme = files["README.md"]
    assert "**Account baseline provided by Control Tower**" in readme and "`iacf preflight .`" in readme
    assert "this project pays for its budget only" in readme


def test_trail_choices_follow_the_environment(plugins):
    dev = build(plugins, "Django avec PostgreSQL en dev sur AWS")
    prod = build(plugins, "Django avec PostgreSQL en prod sur AWS")
    d, p = dev.components["governance"].params, prod.components["governance"].params
    assert (d["s3_data_events"], d["insights"], d["object_lock"]) == ("WriteOnly", False, None)
    assert (p["s3_data_events"], p["insights"], p["object_lock"]) == ("All", True, "GOVERNANCE")
    dev_decisions = {x.id: x for x in dev.decisions}
    assert "deliberately off in dev" in dev_decisions["aws.governance.trail-insights"].title
    assert "deliberately off" in dev_decisions["aws.governance.audit-object-lock"].title
    assert "Read events are deliberately off in dev" in dev_decisions["aws.governance.trail-data-events"].why
    prod_decisions = {x.id: x for x in prod.decisions}
    assert "GOVERNANCE mode, 365 days" in prod_decisions["aws.governance.audit-object-lock"].title
    assert "CIS AWS Foundations v3.0.0 3.8" in prod_decisions["aws.governance.trail-data-events"].why
    assert "4.1-4.15" in prod_decisions["aws.governance.cis-alarms"].why
    assert "InvalidCloudWatchLogsRoleArnException" in prod_decisions["aws.governance.cloudtrail-logs-role"].why
    assert "AWSServiceRoleForConfig" in prod_decisions["aws.governance.config-service-linked-role"].title
    call = module_call(render(plugins, prod)["main.tf"])
    assert sets(call, "audit_object_lock_mode", '"GOVERNANCE"') and sets(call, "cloudtrail_insights", "true")
    assert sets(call, "force_destroy_buckets", "false") and sets(call, "cloudtrail_s3_data_events", '"All"')
    assert "cloudtrail_lambda_data_events_function_name_prefixes" not in call  # no function in the stack
    serverless = build(plugins, "une API avec Lambda et DynamoDB en dev sur AWS")
    assert serverless.components["governance"].params["lambda_data_events"] is True
    call = module_call(render(plugins, serverless)["main.tf"])
    assert sets(call, "cloudtrail_lambda_data_events_function_name_prefixes", '["${local.name}-"]')


def test_notifications_from_the_policy(plugins):
    policy = Policy.model_validate({"notifications": {"emails": ["secops@example.com", "finops@example.com"]},
                                    "budget": {"recipients": ["finops@example.com", "cfo@example.com"]},
                                    "source": "iacf.toml"})
    stack = build(plugins, "Django avec PostgreSQL en prod sur AWS", policy)
    assert stack.components["governance"].params["budget_emails"] == ["cfo@example.com"]  # no double alert
    files = render(plugins, stack)
    assert 'notification_emails = ["secops@example.com", "finops@example.com"]' in files["iacf.auto.tfvars"]
    topic = files["notifications.tf"]
    assert 'resource "aws_sns_topic" "notifications"' in topic and "kms_master_key_id" in topic
    assert sets(topic, "notifications_topic_arn", "aws_sns_topic.notifications.arn")
    assert 'resource "aws_sns_topic_subscription" "notifications"' in topic and 'protocol  = "email"' in topic
    assert '"aws:SecureTransport"' in topic
    assert sets(module_call(files["main.tf"]), "notifications_topic_arn", "local.notifications_topic_arn")
    assert "length(var.notification_emails) > 0" in files["variables.tf"]  # prod requires a recipient
    decisions = {d.id: d for d in stack.decisions}
    assert "aws.notifications.recipients" not in decisions
    assert "cfo@example.com" in decisions["aws.governance.budget"].why


def test_prod_without_recipient_generates_and_says_what_to_set(plugins, tmp_path):
    from iacf_aws.checks import check_notifications

    stack = build(plugins, "Django avec PostgreSQL en prod sur AWS")
    files = render(plugins, stack)
    assert "notification_emails = []" in files["iacf.auto.tfvars"]
    assert "iacf.auto.tfvars" in files["variables.tf"].split('variable "notification_emails"')[1]
    decision = {d.id: d for d in stack.decisions}["aws.notifications.recipients"]
    assert "required before the first prod plan" in decision.title and "iacf.auto.tfvars" in decision.why
    assert "required in prod" in files["README.md"]
    for name in ("variables.tf", "iacf.auto.tfvars"):
        (tmp_path / name).write_text(files[name])
    (warning,) = check_notifications(tmp_path)
    assert warning.severity.value == "warning" and "notification_emails" in warning.message
    (tmp_path / "iacf.auto.tfvars").write_text('notification_emails = ["ops@example.com"]\n')
    assert check_notifications(tmp_path)[0].severity.value == "info"
    dev = render(plugins, build(plugins, "Django avec PostgreSQL en dev sur AWS"))
    assert "length(var.notification_emails) > 0" not in dev["variables.tf"]  # dev may have none
    (tmp_path / "variables.tf").write_text(dev["variables.tf"])
    (tmp_path / "iacf.auto.tfvars").write_text(dev["iacf.auto.tfvars"])
    assert check_notifications(tmp_path) == []


def test_existing_topic_replaces_the_project_topic(plugins):
    arn = "arn:aws:sns:eu-west-3:111122223333:org-security-alerts"
    policy = Policy.model_validate({"source": "iacf.toml"}).with_sections({"aws": AwsPolicy(sns_topic_arn=arn)})
    stack = build(plugins, "Django avec PostgreSQL en prod sur AWS", policy)
    files = render(plugins, stack)
    assert "aws_sns_topic" not in files["notifications.tf"]
    assert sets(files["notifications.tf"], "notifications_topic_arn", "var.notifications_topic_arn")
    assert f'notifications_topic_arn = "{arn}"' in files["iacf.auto.tfvars"]
    assert 'variable "notification_emails"' not in files["variables.tf"]
    assert arn in {d.id: d for d in stack.decisions}["aws.notifications.topic"].why
    assert arn in files["README.md"]


@pytest.mark.parametrize(("text", "services"), [
    # the account's detectors (GuardDuty, Security Hub) publish through EventBridge rules in every environment
    ("Django avec PostgreSQL en prod sur AWS", ["backups", "budgets", "cloudwatch", "events", "events.rds"]),
    ("Django avec PostgreSQL en dev sur AWS", ["budgets", "cloudwatch", "events", "events.rds"]),
    ("une API avec Lambda et DynamoDB en dev sur AWS", ["budgets", "cloudwatch", "events"]),
])
def test_only_the_publishing_services_may_publish(plugins, text, services):
    from iacf_aws.notifications import publishers

    stack = build(plugins, text)
    expected = {"backups": "backup", "budgets": "budgets", "cloudwatch": "cloudwatch", "events": "events",
                "events.rds": "rds"}
    assert publishers(stack) == sorted(expected[s] for s in services)
    topic = render(plugins, stack)["notifications.tf"]
    named = {s for s in ("backup.amazonaws.com", "budgets.amazonaws.com", "cloudwatch.amazonaws.com",
                         "events.amazonaws.com", "events.rds.amazonaws.com") if f'"{s}"' in topic}
    assert named == {("backup" if s == "backups" else s) + ".amazonaws.com" for s in services}


# -- governance is never optional by accident ----------------------------------------------------------------


def test_aws_requires_the_catalogue_unconditional_controls():
    catalogue = pytest.importorskip("iacf_governance.plugin").catalogue()
    from iacf_aws.governance import REQUIRED_CONTROLS

    assert set(REQUIRED_CONTROLS) == {e["id"] for e in catalogue if not e.get("when")}


def test_without_the_governance_plugin_generation_is_refused(tmp_path, monkeypatch):
    from iacf_core.testing import run_cli

    monkeypatch.setenv("IACF_DISABLE_PLUGINS", "governance")
    out = tmp_path / "out"
    res = run_cli("generate", "Django app on AWS", "--out", str(out), "--no-validate")
    assert res.exit_code == 2 and res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert res.stderr.startswith("iacf: error: the aws plugin requires governance controls that no installed "
                                 "plugin declares (IACF_DISABLE_PLUGINS=governance): access-analysis, audit-trail")
    assert "[governance] provided_elsewhere" in res.stderr and not out.exists()


def test_controls_provided_elsewhere_are_said_so(tmp_path, monkeypatch):
    from iacf_aws.governance import REQUIRED_CONTROLS
    from iacf_core.testing import run_cli

    monkeypatch.setenv("IACF_DISABLE_PLUGINS", "governance")
    policy = tmp_path / "iacf.toml"
    policy.write_text("[governance]\nprovided_elsewhere = [" + ", ".join(f'"{c}"' for c in REQUIRED_CONTROLS)
                      + "]\n")
    out = tmp_path / "out"
    res = run_cli("generate", "Django app on AWS", "--out", str(out), "--no-validate", "--policy", str(policy))
    assert res.exit_code == 0, res.stderr
    decisions = (out / "DECISIONS.md").read_text()
    assert f"15 governance controls implemented outside this project | policy {policy} [governance] " \
           "provided_elsewhere" in decisions
    assert (f"| `audit-trail` | Audit trail | provided elsewhere | provided by another system (policy {policy}"
            in decisions)
    assert not (out / "bootstrap").exists() and not (out / "modules" / "account_baseline").exists()
    assert "provided outside this project" in (out / "README.md").read_text()
