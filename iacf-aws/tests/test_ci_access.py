"""What the CI roles may touch: every Terraform type the templates declare has its IAM service, a stack's CI
services come from its components, and values produced by a release pipeline are named."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest

from iacf_aws.delivery import (
    NOT_DELEGATED,
    ci_regions,
    ci_services,
    plan_actions,
    release_values,
    service_of,
    template_types,
)
from iacf_core.request.parser import parse_request
from iacf_core.engine.pipeline import build_stack
from iacf_core.kernel.plugins import Plugins, get_plugin_manager

TEMPLATES = Path(str(files("iacf_aws").joinpath("templates")))


def _stack(request: str):
    plugins = Plugins(get_plugin_manager())
    return build_stack(parse_request(request, plugins.registry).spec, plugins)


def test_every_template_type_has_an_iam_service():
    folders = [f"modules/{p.name}" for p in (TEMPLATES / "modules").iterdir() if p.is_dir()]
    folders += [f"root/{p.name}" for p in (TEMPLATES / "root").iterdir() if p.is_dir()]
    types = set().union(*(template_types(f) for f in folders))
    assert len(types) > 80
    unknown = []
    for t in sorted(types):
        try:
            service_of(t)
        except KeyError:
            unknown.append(t)
    assert unknown == []
    assert service_of("aws_route53_record") == "route53" and service_of("aws_route_table") == "ec2"
    assert service_of("aws_lambda_function") == "lambda" and service_of("aws_lb_listener") == "elasticloadbalancing"
    assert service_of("aws_cloudwatch_log_group") == "logs" and service_of("aws_cloudwatch_event_rule") == "events"
    assert service_of("aws_iam_policy_document") is None
    with pytest.raises(KeyError, match="aws_made_up_thing"):
        service_of("aws_made_up_thing")


def test_the_shipped_type_index_is_read_from_the_templates():
    # the index a generate reads (data/template_types.json) is what the templates declare: after changing a
    # template, `python -m iacf_aws.typeindex` rewrites it
    from iacf_aws import typeindex

    shipped = files("iacf_aws").joinpath("data", "template_types.json").read_text(encoding="utf-8")
    scanned = typeindex.scan()
    assert shipped == typeindex.render(scanned), "run: python -m iacf_aws.typeindex"
    assert set(scanned) == {f"{top}/{p.name}" for top in ("root", "modules") for p in (TEMPLATES / top).iterdir()
                            if p.is_dir() and p.name != "__pycache__"}
    declares = re.compile(r'(?m)^\s*(?:resource|data|ephemeral)\s+"(aws_[a-z0-9_]+)"')
    texts = [p.read_text(encoding="utf-8") for p in (TEMPLATES / "root" / "function").glob("*")
           if p.suffix in (".tf", ".j2")]
    assert template_types("root/function") == {t for text in texts for t in declares.findall(text)} != set()
    assert "aws_ecs_service" in template_types("modules/ecs_service")
    assert template_types("root/nowhere") == set()


def test_ci_services_follow_the_stack():
    seed = ci_services(_stack("App web Django avec PostgreSQL en prod sur AWS"))
    assert {"ecs", "ecr", "rds", "elasticloadbalancing", "wafv2", "ec2", "kms", "s3", "secretsmanager",
            "cloudtrail", "guardduty"} <= set(seed)
    assert not set(seed) & NOT_DELEGATED and "lambda" not in seed
    queue = ci_services(_stack("Une file d'attente SQS en dev sur AWS"))
    assert "sqs" in queue and "ecs" not in queue and "rds" not in queue
    fn = ci_services(_stack("Une fonction Lambda avec une base MariaDB en dev sur AWS"))
    assert {"lambda", "rds", "secretsmanager", "ec2"} <= set(fn)  # RDS-managed secret, functions in the VPC
    reads = plan_actions(seed)
    assert "ec2:Describe*" in reads and "s3:Get*" in reads and "elasticloadbalancing:Describe*" in reads
    assert not [a for a in reads if a.endswith(":*")]


def test_ci_regions_and_release_values():
    stack = _stack("App web Django avec PostgreSQL en prod sur AWS")
    assert ci_regions(stack) == ["eu-west-3", "us-east-1"]
    (tag,) = release_values(stack)
    assert (tag.variable, tag.github) == ("app_image_tag", "APP_IMAGE_TAG")
    assert release_values(_stack("Une file d'attente SQS en dev sur AWS")) == []


def test_kinds_of_other_plugins_add_the_services_of_their_templates(tmp_path):
    from iacf_aws.delivery import folder_types, foreign_kinds
    from iacf_core import Component, Provenance

    stack = _stack("Une file d'attente SQS en dev sur AWS")
    stack.add(Component(id="jobs", kind="job_queue", params={}, provenance=Provenance(source="request")))
    assert foreign_kinds(stack) == ["job_queue"]
    (tmp_path / "job_queue").mkdir()
    (tmp_path / "job_queue" / "job.tf.j2").write_text(
        'resource "aws_batch_job_queue" "{{ id }}" {}\ndata "aws_caller_identity" "x" {}\n'
        'resource "aws_not_a_real_type" "y" {}\nresource "azurerm_thing" "z" {}\n')
    types = folder_types([tmp_path])
    assert types == {"aws_batch_job_queue", "aws_caller_identity", "aws_not_a_real_type"}
    with pytest.raises(KeyError):
        service_of("aws_batch_job_queue")  # unknown here: left out rather than guessed
    assert set(ci_services(stack, {"aws_sqs_queue", "aws_lambda_function", "aws_not_a_real_type"})) >= {
        "sqs", "lambda", "ec2"}
