"""The ``aws`` plugin: registers the AWS cloud and implements every hook for stacks whose cloud is ``aws``."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from iacf_core import (
    CloudInfo,
    Component,
    ComponentKind,
    Control,
    ControlImplementation,
    Finding,
    RenderedFile,
    Stack,
    TemplateSource,
    Term,
    hookimpl,
)
from iacf_core.rendering import Renderer

from . import checks
from .resolve import resolve

CLOUD = "aws"
TEMPLATES = "aws"

# kind → the vendored modules its root piece calls
MODULES: dict[str, tuple[str, ...]] = {
    "encryption_keys": ("kms_key",),
    "network": ("network",),
    "load_balancer": ("alb", "waf", "s3_bucket"),
    "web_app": ("ecs_service", "secret"),
    "relational_database": ("rds",),
}

# kinds the AWS plugin can render; the internal ones are added by dependency rules only
KINDS: dict[str, tuple[str, str]] = {
    "web_app": ("app", "ECS Fargate service behind an ALB with WAF, image in ECR."),
    "relational_database": ("db", "Amazon RDS (PostgreSQL, MySQL, MariaDB), private, encrypted, managed secret."),
    "network": ("network", "VPC, subnets over 2-3 AZs, NAT, flow logs (added when needed)."),
    "encryption_keys": ("keys", "Customer-managed KMS keys per purpose (added by governance)."),
    "load_balancer": ("edge", "Application Load Balancer with HTTPS, WAF and access logs (added for web apps)."),
}

INTERNAL_KINDS = frozenset({"network", "encryption_keys", "load_balancer"})

# AWS service names → component kinds (neutral words are core's)
SERVICE_WORDS: dict[str, tuple[str, ...]] = {
    "web_app": ("ecs", "fargate", "ecs fargate", "amazon ecs"),
    "relational_database": ("rds", "amazon rds"),
    "function": ("lambda", "aws lambda"),
    "object_storage": ("s3", "amazon s3"),
    "queue": ("sqs",),
    "topic": ("sns",),
    "nosql_table": ("dynamodb", "dynamo"),
    "cache": ("elasticache",),
    "kubernetes_cluster": ("eks",),
    "static_site": ("cloudfront",),
    "event_stream": ("msk",),
    "document_database": ("documentdb",),
    "data_warehouse": ("redshift",),
}


@cache
def regions() -> dict[str, list[str]]:
    loaded: dict[str, list[str]] = yaml.safe_load(
        files("iacf_aws").joinpath("data", "regions.yaml").read_text(encoding="utf-8")
    )
    return loaded


# -- registration ------------------------------------------------------------------------------------------


@hookimpl
def iacf_register_clouds(register: Callable[[CloudInfo], None]) -> None:
    register(CloudInfo(name=CLOUD, title="Amazon Web Services", default_region="eu-west-3",
                       regions=tuple(sorted(regions())),
                       description="Terraform for the hashicorp/aws provider 5.x"))


@hookimpl
def iacf_register_components(register: Callable[[ComponentKind], None]) -> None:
    for name, (default_id, description) in KINDS.items():
        register(ComponentKind(name=name, description=description, clouds=(CLOUD,), default_id=default_id,
                               internal=name in INTERNAL_KINDS))


@hookimpl
def iacf_register_vocabulary(register: Callable[[Term], None]) -> None:
    for phrase in ("aws", "amazon web services", "amazon"):
        register(Term(phrase, "cloud", CLOUD))
    for code, names in regions().items():
        register(Term(code, "region", code, cloud=CLOUD))
        for name in names:
            register(Term(name, "region", code, cloud=CLOUD))
    for kind, words in SERVICE_WORDS.items():
        for word in words:
            register(Term(word, "component", kind))


@hookimpl
def iacf_register_templates(register: Callable[[TemplateSource], None]) -> None:
    register(TemplateSource(TEMPLATES, Path(str(files("iacf_aws").joinpath("templates")))))


# -- pipeline --------------------------------------------------------------------------------------------


@hookimpl
def iacf_resolve_dependencies(stack: Stack) -> None:
    if stack.cloud == CLOUD:
        resolve(stack)


# control id → (component kinds that implement it, resource types)
IMPLEMENTATIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "encryption-keys": (("encryption_keys",), ("aws_kms_key", "aws_kms_alias")),
    "default-encryption": (
        ("relational_database", "web_app", "load_balancer", "network"),
        ("aws_db_instance", "aws_ecr_repository", "aws_s3_bucket_server_side_encryption_configuration",
         "aws_cloudwatch_log_group"),
    ),
    "log-retention": (("network", "web_app", "load_balancer", "relational_database"), ("aws_cloudwatch_log_group",)),
    "network-flow-logs": (("network",), ("aws_flow_log",)),
    "secrets-management": (("web_app", "relational_database"), ("aws_secretsmanager_secret", "aws_db_instance")),
    "least-privilege": (
        ("web_app", "network", "relational_database", "load_balancer"),
        ("aws_iam_role", "aws_iam_role_policy", "aws_default_security_group", "aws_security_group"),
    ),
    "tagging": ((), ("provider.aws.default_tags",)),
    "public-access-block": (("load_balancer",), ("aws_s3_bucket_public_access_block", "aws_s3_bucket_policy")),
    "web-application-firewall": (("load_balancer",), ("aws_wafv2_web_acl", "aws_wafv2_web_acl_association",
                                                      "aws_wafv2_web_acl_logging_configuration")),
    "private-data-tier": (("relational_database",), ("aws_db_subnet_group", "aws_security_group")),
}


@hookimpl
def iacf_inject_governance(stack: Stack, controls: list[Control]) -> None:
    if stack.cloud != CLOUD:
        return
    for control in controls:
        known = IMPLEMENTATIONS.get(control.id)
        if known is None:
            continue  # core reports the missing implementation
        kinds, resources = known
        components = sorted(c.id for c in stack.components.values() if c.kind in kinds)
        if kinds and not components:
            continue
        stack.implementations.append(ControlImplementation(
            control=control.id, components=components or ["(project)"], resources=list(resources)))


def _context(component: Component | None, stack: Stack) -> dict[str, Any]:
    return {"c": component, "p": component.params if component else {}, "stack": stack,
            "spec": stack.spec, "env": stack.environment, "is_prod": stack.is_prod,
            "region": stack.region, "project": stack.spec.project}


ROOT_FILES = ("main.tf", "variables.tf", "outputs.tf", "checks.tf")


@hookimpl
def iacf_render_module(component: Component, stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    if stack.cloud != CLOUD or component.kind not in MODULES:
        return None
    out = []
    for name in ROOT_FILES:
        template = f"{TEMPLATES}/root/{component.kind}/{name}.j2"
        if _exists(renderer, template):
            out.append(renderer.file(name, template, **_context(component, stack)))
    return out


def _exists(renderer: Renderer, template: str) -> bool:
    try:
        renderer.env.get_template(template)
    except Exception:  # noqa: BLE001 - jinja raises TemplateNotFound subclasses
        return False
    return True


PROJECT_FILES: tuple[tuple[str, str], ...] = (
    ("versions.tf", "versions.tf.j2"),
    ("providers.tf", "providers.tf.j2"),
    ("backend.tf", "backend.tf.j2"),
    ("variables.tf", "variables.tf.j2"),
    ("terraform.tfvars.example", "terraform.tfvars.example.j2"),
    ("backend.hcl.example", "backend.hcl.example.j2"),
    (".gitignore", "gitignore.j2"),
    ("README.md", "README.section.md.j2"),
)


@hookimpl
def iacf_render_project(stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    if stack.cloud != CLOUD:
        return None
    files = [renderer.file(path, f"{TEMPLATES}/root/project/{template}", **_context(None, stack))
             for path, template in PROJECT_FILES]
    modules = sorted({m for c in stack.components.values() for m in MODULES.get(c.kind, ())})
    for module in modules:
        files.extend(renderer.tree(TEMPLATES, f"modules/{module}", f"modules/{module}"))
    return files


@hookimpl
def iacf_validate(out_dir: Path, stack: Stack | None) -> list[Finding]:
    return checks.validate(out_dir, stack)
