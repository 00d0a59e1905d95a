"""GuardDuty Runtime Monitoring adds its agent as a sidecar container to every ECS Fargate task when it manages the
agent of ECS Fargate (the account baseline enables it): the execution roles of the stack's Fargate tasks may pull
that image, from GuardDuty's repository of the region only, the workload boundary allows it, and the private
subnets' S3 endpoint lets the image layers through. Stacks without Fargate tasks get none of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from iacf_core import Spec
from iacf_core.engine.pipeline import generate
from iacf_core.kernel.plugins import Plugins
from iacf_core.kernel.policy import Policy

MODULES = Path(__import__("iacf_aws").__file__).parent / "templates" / "modules"
TABLE_FILES = ("ecs_service/main.tf", "db_users/main.tf", "github_oidc/boundary.tf")
REGIONS = Path(__import__("iacf_aws").__file__).parent / "data" / "regions.yaml"


@pytest.fixture(scope="module")
def plugins():
    return Plugins()


def _files(plugins, components, connections=(), policy=None, env="prod"):
    spec = Spec.model_validate({
        "project": "shop", "cloud": "aws", "environment": env, "components": components,
        "connections": [{"from": s, "to": t, "access": a} for s, t, a in connections]})
    result = generate(spec, plugins, None, policy=policy)
    return {f.path: f.content for f in result.files}, {d.id: d for d in result.stack.decisions}


def _module_call(main: str, name: str) -> str:
    return re.search(rf'^module "{name}" \{{\n.*?^\}}', main, re.M | re.S).group(0)


def test_web_app_and_database_users_tasks_may_pull_the_agent(plugins):
    files, decisions = _files(plugins, [{"kind": "web_app", "params": {"framework": "django"}},
                                        {"kind": "relational_database"}])
    main = files["main.tf"]
    assert "guardduty_agent_pull = true" in _module_call(main, "app")
    assert "guardduty_agent_pull = true" in _module_call(main, "db_users")
    assert "workload_guardduty_agent_pull = true" in files["bootstrap/iacf.auto.tfvars"]
    decision = decisions["aws.guardduty.fargate-agent"]
    assert decision.components == ["app", "db"] and decision.rule == "threat-detection"
    assert "ECS_FARGATE_AGENT_MANAGEMENT" in decision.why and "created by this project" in decision.trigger
    assert "ecr_image_layers = true" in _module_call(main, "network")


def test_an_owner_provided_guardduty_may_add_the_agent_too(plugins):
    policy = Policy.model_validate({"account_baseline": {"mode": "provided", "managed_by": "Control Tower"},
                                    "source": "iacf.toml"})
    files, decisions = _files(plugins, [{"kind": "web_app", "params": {"framework": "django"}}], policy=policy)
    assert "guardduty_agent_pull = true" in _module_call(files["main.tf"], "app")
    decision = decisions["aws.guardduty.fargate-agent"]
    assert "GuardDuty is provided by Control Tower" in decision.why
    assert "threat-detection provided" in decision.trigger


def test_a_stack_without_fargate_tasks_pulls_nothing(plugins):
    files, decisions = _files(plugins, [{"kind": "function"}, {"kind": "nosql_table"}],
                              connections=[("fn", "table", "write")])
    assert "guardduty_agent_pull" not in files["main.tf"]
    assert "workload_guardduty_agent_pull" not in files["bootstrap/iacf.auto.tfvars"]
    assert "aws.guardduty.fargate-agent" not in decisions


def test_a_database_users_task_reads_the_agent_layers_through_the_s3_endpoint(plugins):
    # no web app: the endpoint exists for the bucket a function in the VPC reads; the database-users task
    # (a Fargate task in the same subnets) pulls GuardDuty's agent, whose layers are in ECR's layer bucket
    files, decisions = _files(plugins, [{"kind": "function"}, {"kind": "object_storage", "name": "uploads"},
                                        {"kind": "relational_database"}],
                              connections=[("fn", "uploads", "read"), ("fn", "db", "connect")])
    assert "ecr_image_layers = true" in _module_call(files["main.tf"], "network")
    assert "GuardDuty agent of the database-users task" in decisions["aws.network.s3-endpoint"].why


def _table(path: Path) -> dict[str, str]:
    body = re.search(r"guardduty_agent_accounts = \{\n(.*?)\n  \}", path.read_text(), re.S).group(1)
    return dict(re.findall(r'"([a-z0-9-]+)"\s+= "(\d{12})"', body))


def test_every_module_names_the_same_documented_repository_accounts():
    tables = [_table(MODULES / f) for f in TABLE_FILES]
    assert tables[0] == tables[1] == tables[2]
    # a few entries of AWS's table ("Amazon ECR repository hosting GuardDuty agent", Fargate)
    assert {tables[0][r] for r in ("eu-west-3", "us-east-1", "eu-west-1", "ap-southeast-2")} == {
        "665651866788", "593207742271", "694911143906", "005257825471"}
    regions = set(yaml.safe_load(REGIONS.read_text()))
    missing = regions - set(tables[0])
    assert not missing, f"regions the generator accepts without an agent repository: {missing}"


@pytest.mark.parametrize("path", TABLE_FILES)
def test_the_repository_arn_is_the_region_one_in_its_account(path):
    text = (MODULES / path).read_text()
    assert ':repository/aws-guardduty-agent-fargate"' in text
    assert re.search(r'"arn:\$\{local\.partition\}:ecr:\$\{(local\.region|r)\}:\$\{local\.guardduty_agent_accounts'
                     r'\[(local\.region|r)\]\}:repository/aws-guardduty-agent-fargate"', text)
    assert "ecr:*" not in text
