"""What the CI roles may touch: every Terraform type the templates declare has its IAM service, a stack's CI
services come from its components, and values produced by a release pipeline are named."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import pytest

from iacf_aws.delivery import (
    GLOBAL_SERVICES,
    IMPLIED,
    NOT_DELEGATED,
    bootstrap_context,
    ci_regions,
    ci_services,
    plan_actions,
    release_values,
    service_of,
    template_types,
    us_east_1_services,
)
from iacf_core.engine.pipeline import build_stack
from iacf_core.kernel.plugins import Plugins, get_plugin_manager
from iacf_core.request.parser import parse_request
from iacf_core.testing import run_cli

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
    assert set(scanned) == {"folders", "us_east_1"}
    # what a root folder creates or reads in us-east-1 is part of what it declares; only a static site has any
    assert set(scanned["us_east_1"]) == {"root/static_site"}
    modules = set().union(*(types for folder, types in scanned["folders"].items() if folder.startswith("modules/")))
    assert set(scanned["us_east_1"]["root/static_site"]) <= set(scanned["folders"]["root/static_site"]) | modules
    assert {"aws_acm_certificate", "aws_wafv2_web_acl"} <= set(scanned["us_east_1"]["root/static_site"])
    scanned = scanned["folders"]
    assert set(scanned) == {f"{top}/{p.name}" for top in ("root", "modules") for p in (TEMPLATES / top).iterdir()
                            if p.is_dir() and p.name != "__pycache__"}
    declares = re.compile(r'(?m)^\s*(?:resource|data|ephemeral)\s+"(aws_[a-z0-9_]+)"')
    texts = [p.read_text(encoding="utf-8") for p in (TEMPLATES / "root" / "function").glob("*")
           if p.suffix in (".tf", ".j2")]
    texts.append((TEMPLATES / "root" / "_alarms.j2").read_text(encoding="utf-8"))  # a partial it imports
    assert template_types("root/function") == {t for text in texts for t in declares.findall(text)} != set()
    # the dead-letter alarms come from that shared partial: the queue's and the function's CI may create them
    alarmed = {folder for folder, types in scanned.items() if "aws_cloudwatch_metric_alarm" in types}
    assert {"root/function", "root/queue"} <= alarmed
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
    assert ci_regions(stack) == ["eu-west-3"]
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


# -- us-east-1: the global services, and what the project creates there; nothing else ----------------------

SITE = "Un site statique avec CloudFront en prod sur AWS"
REGIONAL = {"ec2", "ecs", "ecr", "rds", "s3", "lambda", "sqs", "dynamodb", "elasticloadbalancing", "secretsmanager",
            "elasticache", "apigateway", "backup", "kms", "logs", "acm", "wafv2"}


def test_without_a_static_site_us_east_1_holds_only_the_global_services_the_stack_uses():
    for request in ("App web Django avec PostgreSQL en prod sur AWS",
                    "API serverless avec Lambda, Aurora PostgreSQL, file SQS et bucket S3 en dev sur AWS"):
        stack = _stack(request)
        services = ci_services(stack)
        there = us_east_1_services(stack)
        assert {"ec2", "rds", "s3", "kms", "logs"} <= set(services)
        if "elasticloadbalancing" in services:  # the ALB certificate and REGIONAL web ACL stay in the region
            assert {"acm", "wafv2", "route53"} <= set(services)
        assert not set(there) & REGIONAL, (request, there)  # a regional service is never allowed in us-east-1
        assert set(there) == set(services) & GLOBAL_SERVICES != set(), (request, there)
        assert "budgets" in there and "cloudfront" not in there
        assert ("route53" in there) == ("route53" in services)  # the web app's certificate validation records
        assert bootstrap_context(stack)["ci_us_east_1_services"] == there
        assert bootstrap_context(stack)["ci_regions"] == [stack.region] != ["us-east-1"]


_BLOCK = re.compile(r'^(resource|data|module)\s+"([^"]+)"(?:\s+"[^"]+")?\s*\{\n(.*?)^\}', re.M | re.S)


def _rendered_us_east_1_services(project: Path) -> set[str]:
    """Services of what the rendered project root creates or reads through provider aws.us_east_1, read from
    the generated HCL (a module given that provider: every type of its vendored copy)."""
    found: set[str] = set()
    for path in sorted(project.glob("*.tf")):
        for block, label, body in _BLOCK.findall(path.read_text()):
            if block == "module":
                if re.search(r"^\s*aws\s*=\s*aws\.us_east_1\s*$", body, re.M):
                    source = re.search(r'^\s*source\s*=\s*"\./(modules/[a-z0-9_]+)"', body, re.M)
                    assert source, body
                    texts = [p.read_text() for p in (project / source.group(1)).glob("*.tf")]
                    types = set(re.findall(r'(?m)^\s*(?:resource|data)\s+"(aws_[a-z0-9_]+)"', "\n".join(texts)))
                    found |= {s for t in types if (s := service_of(t))}
            elif re.search(r"^\s*provider\s*=\s*aws\.us_east_1\s*$", body, re.M):
                if service := service_of(label):
                    found.add(service)
    for service in sorted(found):
        found.update(IMPLIED.get(service, ()))
    return found


def test_a_static_site_adds_exactly_the_services_of_its_us_east_1_resources(tmp_path):
    out = tmp_path / "site"
    assert run_cli("generate", SITE, "--out", str(out), "--no-validate").exit_code == 0
    rendered = _rendered_us_east_1_services(out)
    assert {"acm", "wafv2", "logs", "kms"} <= rendered  # certificate, CLOUDFRONT web ACL, its log group and key
    stack = _stack(SITE)
    services = ci_services(stack)
    there = set(us_east_1_services(stack))
    assert there == (set(services) & GLOBAL_SERVICES) | rendered
    assert {"cloudfront", "route53"} <= there
    assert not there & {"ec2", "rds", "s3", "lambda", "ecs", "sqs", "dynamodb", "cloudtrail", "guardduty", "config"}

    tfvars = (out / "bootstrap" / "iacf.auto.tfvars").read_text()
    assert 'ci_regions            = ["eu-west-3"]' in tfvars
    assert f"ci_us_east_1_services = {json.dumps(sorted(there))}" in tfvars
    assert "us_east_1_services  = var.ci_us_east_1_services" in (out / "bootstrap" / "main.tf").read_text()
    decisions = (out / "DECISIONS.md").read_text()
    assert "in us-east-1, only budgets, cloudfront and route53 (global services" in decisions
    assert "acm, kms, logs and wafv2 (what the project creates there" in decisions
    assert "Every other service of the stack is allowed in eu-west-3 only" in decisions


def test_the_module_splits_the_regional_and_the_us_east_1_statements(tmp_path):
    out = tmp_path / "site"
    assert run_cli("generate", SITE, "--out", str(out), "--no-validate").exit_code == 0
    main = (out / "modules" / "github_oidc" / "main.tf").read_text()
    blocks = {re.search(r'sid\s*=\s*"(\w+)"', b).group(1): b
              for b in re.findall(r'(?ms)^  (?:dynamic "statement"|statement) \{\n.*?^  \}', main)}
    for sid in ("ReadStackConfiguration", "ManageStackServices"):
        assert "values   = var.regions" in blocks[sid] and "us-east-1" not in blocks[sid]
    for sid in ("ReadUsEast1Configuration", "ManageUsEast1Services", "CloudFrontLogBucketAcl"):
        assert 'values   = ["us-east-1"]' in blocks[sid] and "var.regions" not in blocks[sid]
    assert "var.us_east_1_services" in main


def test_a_us_east_1_stack_has_one_region_and_nothing_apart():
    stack = _stack("Un site statique avec CloudFront en prod sur AWS us-east-1")
    assert stack.region == "us-east-1"
    assert ci_regions(stack) == ["us-east-1"] and us_east_1_services(stack) == []
