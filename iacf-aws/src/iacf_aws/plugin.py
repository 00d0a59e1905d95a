"""The ``aws`` plugin: owns the AWS cloud and its kinds; core routes every per-cloud hook of an ``aws`` stack here."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from iacf_core import (
    CheckRating,
    CloudInfo,
    Component,
    ComponentKind,
    Control,
    Finding,
    PolicySection,
    PreflightOptions,
    PreflightReport,
    RenderedFile,
    SecretPattern,
    Stack,
    TemplateSource,
    Term,
    TerraformProvider,
    VerifyOptions,
    VerifyReport,
    hookimpl,
)
from iacf_core.factory import FactoryModuleSource
from iacf_core.registry import RiskLevel
from iacf_core.rendering import Renderer

from . import access, checks, delivery, factory, governance, notifications, policy, scopes
from .certificates import certificate_owners, dns_zone
from .params import PARAMS
from .resolve import resolve
from .serverless import SERVERLESS_KINDS

CLOUD = "aws"
TEMPLATES = "aws"

# kind → the vendored modules its root piece calls
MODULES: dict[str, tuple[str, ...]] = {
    "encryption_keys": ("kms_key",),
    "network": ("network",),
    "load_balancer": ("alb", "acm_certificate", "waf", "s3_bucket"),
    "web_app": ("ecs_service", "secret", "security_group_rules"),
    "relational_database": ("rds", "db_users"),
    "account_baseline": ("account_baseline",),
    "state_backend": ("state_backend", "github_oidc"),
    "queue": (),
    "topic": (),
    "nosql_table": (),
    "object_storage": ("s3_bucket",),
    "function": (),
    "worker": (),
    "scheduled_job": (),
    "http_api": (),
    "static_site": ("s3_bucket", "kms_key", "waf", "acm_certificate"),
    "cache": (),
    "backup": ("backup", "kms_key"),
}

# kinds rendered by another kind's root templates
TEMPLATE_OF: dict[str, str] = {"worker": "function", "scheduled_job": "function"}

# kinds the AWS plugin can render; the internal ones are added by dependency rules only
KINDS: dict[str, tuple[str, str]] = {
    "web_app": ("app", "ECS Fargate service behind an ALB with WAF, image in ECR."),
    "relational_database": ("db", "Amazon RDS (PostgreSQL, MySQL, MariaDB) or Aurora (PostgreSQL, MySQL), private, "
                                  "encrypted, managed secret."),
    "network": ("network", "VPC, subnets over 2-3 AZs, NAT, flow logs (added when needed)."),
    "encryption_keys": ("keys", "Customer-managed KMS keys per purpose (added by governance)."),
    "load_balancer": ("edge", "Application Load Balancer with HTTPS, WAF and access logs (added for web apps)."),
    "account_baseline": ("governance", "CloudTrail, GuardDuty, Security Hub, Config, Budgets, Access Analyzer... "
                                       "(added by governance)."),
    "state_backend": ("state", "S3 + DynamoDB/lock file + KMS remote state, created by bootstrap/ (governance)."),
    "queue": ("queue", "Amazon SQS queue with a dead-letter queue, KMS, TLS-only policy."),
    "topic": ("topic", "Amazon SNS topic, KMS, TLS-only policy restricted to the account."),
    "nosql_table": ("table", "Amazon DynamoDB table, on demand, point-in-time recovery, KMS."),
    "object_storage": ("storage", "Private S3 bucket for uploads: KMS, versioning, TLS-only, access logs, lifecycle."),
    "function": ("fn", "AWS Lambda function: X-Ray, dead-letter queue, reserved concurrency, scoped role."),
    "http_api": ("api", "Amazon API Gateway HTTP API with IAM-authorised routes and access logs, calling Lambda."),
    "worker": ("worker", "AWS Lambda worker consuming an SQS queue (event source mapping)."),
    "scheduled_job": ("job", "AWS Lambda job run by EventBridge Scheduler."),
    "static_site": ("site", "Private S3 bucket behind CloudFront (origin access control, ACM and WAF in us-east-1, "
                            "security headers, logs)."),
    "cache": ("cache", "Amazon ElastiCache (Valkey or Redis OSS) replication group: private, TLS, one "
                       "IAM-authenticated user per client, KMS, logs."),
    "backup": ("backup", "AWS Backup plan and vault (KMS, vault lock) for the production data stores (added by "
                         "rules)."),
}

INTERNAL_KINDS = frozenset({"network", "encryption_keys", "load_balancer", "account_baseline", "state_backend",
                            "backup"})

# AWS service names → component kinds (neutral words are core's)
SERVICE_WORDS: dict[str, tuple[str, ...]] = {
    "web_app": ("ecs", "fargate", "ecs fargate", "amazon ecs"),
    "relational_database": ("rds", "amazon rds"),
    "function": ("lambda", "aws lambda", "lambdas", "lambda function", "fonction lambda", "fonctions lambda"),
    "object_storage": ("s3", "amazon s3", "bucket s3", "s3 bucket", "buckets s3"),
    "queue": ("sqs", "amazon sqs", "file sqs", "sqs queue"),
    "topic": ("sns", "amazon sns", "topic sns", "sns topic"),
    "nosql_table": ("dynamodb", "dynamo", "amazon dynamodb", "table dynamodb", "dynamodb table"),
    "http_api": ("api gateway", "amazon api gateway", "apigateway"),
    "scheduled_job": ("eventbridge scheduler", "eventbridge", "cloudwatch events", "scheduled lambda",
                      "scheduled lambda job", "lambda planifiee", "lambda cron", "cron lambda"),
    "cache": ("elasticache", "amazon elasticache"),
    "kubernetes_cluster": ("eks",),
    "static_site": ("cloudfront", "amazon cloudfront", "distribution cloudfront", "cloudfront distribution"),
    "event_stream": ("msk",),
    "document_database": ("documentdb",),
    "data_warehouse": ("redshift",),
}


# AWS engine names → relational_database engines
ENGINE_WORDS: dict[str, tuple[str, ...]] = {
    "aurora-postgresql": ("aurora postgresql", "aurora postgres", "aurora", "amazon aurora",
                          "aurora postgresql-compatible"),
    "aurora-mysql": ("aurora mysql", "aurora mysql-compatible"),
}

# AWS service names of the governance controls (the neutral words are core's): naming one is understood,
# turning one off ("sans GuardDuty", "CloudTrail disabled") is refused with the control's name
CONTROL_WORDS: dict[str, tuple[str, ...]] = {
    "web-application-firewall": ("aws waf", "wafv2", "aws wafv2"),
    "audit-trail": ("cloudtrail", "aws cloudtrail", "cloud trail"),
    "threat-detection": ("guardduty", "amazon guardduty", "guard duty"),
    "posture-management": ("security hub", "securityhub", "aws security hub"),
    "config-recording": ("aws config", "config recorder", "configuration recorder"),
    "budget": ("aws budgets", "aws budget"),
    "access-analysis": ("access analyzer", "iam access analyzer", "accessanalyzer"),
    "encryption-keys": ("kms", "aws kms", "cles kms", "kms keys", "kms key"),
    "network-flow-logs": ("vpc flow logs", "vpc flow log"),
    "secrets-management": ("secrets manager", "aws secrets manager", "secretsmanager"),
    "public-access-block": ("s3 public access block", "block public access"),
    "backups": ("aws backup",),
}

# ElastiCache names of the cache engines (the engine names themselves are core's)
CACHE_ENGINE_WORDS: dict[str, tuple[str, ...]] = {
    "redis": ("elasticache redis", "elasticache for redis"),
    "valkey": ("elasticache valkey", "elasticache for valkey"),
    "memcached": ("elasticache memcached", "elasticache for memcached"),
}


def modules_of(component: Component) -> tuple[str, ...]:
    """The vendored modules a component's root piece calls (Aurora engines use the cluster module)."""
    if component.kind == "relational_database" and str(component.params.get("engine", "")).startswith("aurora"):
        return ("aurora", "db_users")
    return MODULES[component.kind]


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
                       description="Terraform for the hashicorp/aws provider 5.x",
                       required_controls=governance.REQUIRED_CONTROLS,
                       provider=TerraformProvider("aws", "hashicorp/aws", ">= 5.100, < 6.0")))


@hookimpl
def iacf_register_components(register: Callable[[ComponentKind], None]) -> None:
    for name, (default_id, description) in KINDS.items():
        register(ComponentKind(name=name, description=description, clouds=(CLOUD,), default_id=default_id,
                               params=PARAMS.get(name), internal=name in INTERNAL_KINDS))


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
    for engine, words in ENGINE_WORDS.items():
        for word in words:
            register(Term(word, "component", "relational_database", params=(("engine", engine),)))
    for engine, words in CACHE_ENGINE_WORDS.items():
        for word in words:
            register(Term(word, "component", "cache", params=(("engine", engine),)))
    for control, words in CONTROL_WORDS.items():
        for word in words:
            register(Term(word, "control", control))


@cache
def checkov_map() -> dict[str, dict[str, str]]:
    """Checkov AWS id → {severity, control, title} (data/checkov_map.yaml, built by scripts/build_checkov_map.py)."""
    loaded: dict[str, dict[str, str]] = yaml.safe_load(
        files("iacf_aws").joinpath("data", "checkov_map.yaml").read_text(encoding="utf-8")
    )["checks"]
    return loaded


# the plugin's own checks guard non-negotiables (tags on everything, no open ingress): critical; a listener on
# a certificate that may not be issued fails the first apply (rated like Checkov's HTTPS checks)
OWN_CHECKS: tuple[tuple[str, RiskLevel, str, str], ...] = (
    ("iacf.tags.default-tags", "critical", "tagging", "The provider's default_tags carry every mandatory tag"),
    ("iacf.tags.no-provider", "critical", "tagging", "A provider block with default_tags exists"),
    ("iacf.ingress.open", "critical", "private-data-tier",
     "No ingress from anywhere except HTTPS/HTTP on an internet edge"),
    ("iacf.tls.validated-certificate", "high", "default-encryption",
     "Listeners and distributions use a certificate through its aws_acm_certificate_validation"),
    ("iacf.iam.permissions-boundary", "critical", "least-privilege",
     "Every IAM role carries the project's permissions boundary"),
    ("iacf.notifications.recipients", "high", "audit-trail", "Alerts and alarms have a recipient (required in prod)"),
    ("iacf.secrets.state-data-source", "critical", "secrets-management",
     "No data source reads a secret value into the state"),
    ("iacf.secrets.state-argument", "critical", "secrets-management",
     "No resource argument keeps a secret value in the state"),
    ("iacf.secrets.aws-access-key", "critical", "secrets-management", "No AWS access key id in code"),
)

# an access key id (long-term AKIA, temporary ASIA) written in a file: core's secrets gate looks for it
ACCESS_KEY = SecretPattern("iacf.secrets.aws-access-key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
                           "No AWS access key id in code")


@hookimpl
def iacf_register_checks(register: Callable[[CheckRating], None]) -> None:
    for check_id, entry in checkov_map().items():
        register(CheckRating(check_id, entry["severity"], entry["control"], entry["title"]))  # type: ignore[arg-type]
    for check_id, severity, control, title in OWN_CHECKS:
        register(CheckRating(check_id, severity, control, title))


@hookimpl
def iacf_register_secret_patterns(register: Callable[[SecretPattern], None]) -> None:
    register(ACCESS_KEY)


@hookimpl
def iacf_register_policy(register: Callable[[PolicySection], None]) -> None:
    register(policy.POLICY_SECTION)


@hookimpl
def iacf_register_templates(register: Callable[[TemplateSource], None]) -> None:
    register(TemplateSource(TEMPLATES, Path(str(files("iacf_aws").joinpath("templates")))))


# -- pipeline --------------------------------------------------------------------------------------------


@hookimpl
def iacf_resolve_dependencies(stack: Stack) -> None:
    resolve(stack)


@hookimpl
def iacf_inject_governance(stack: Stack, controls: list[Control]) -> None:
    governance.inject(stack, controls)
    scopes.annotate(stack)


def edge_of(stack: Stack, app_id: str) -> Component | None:
    """The load balancer component in front of ``app_id``."""
    return next((c for c in stack.ordered() if c.kind == "load_balancer" and c.params.get("target") == app_id), None)


def connected(stack: Stack, component: Component, kind: str) -> list[Component]:
    return [stack.components[i] for i in component.connects_to
            if i in stack.components and stack.components[i].kind == kind]


def _context(component: Component | None, stack: Stack) -> dict[str, Any]:
    return {"c": component, "p": component.params if component else {}, "stack": stack,
            "spec": stack.spec, "env": stack.environment, "is_prod": stack.is_prod,
            "region": stack.region, "project": stack.spec.project,
            "edge_of": lambda app_id: edge_of(stack, app_id),
            "connected": lambda comp, kind: connected(stack, comp, kind),
            "statements": lambda comp, *services: access.statements(stack, comp, services),
            "extra_tags": {**stack.policy.tags.values, **stack.spec.tags},
            "release": delivery.release_values(stack),
            "serverless": any(c.kind in SERVERLESS_KINDS for c in stack.components.values()),
            "dns_zone": dns_zone(stack), "certificate_owners": [o.id for o in certificate_owners(stack)]}


ROOT_FILES = ("main.tf", "variables.tf", "outputs.tf", "checks.tf", "iacf.auto.tfvars")


@hookimpl
def iacf_render_module(component: Component, stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    if component.kind not in MODULES:
        return None  # a kind of this cloud another plugin renders
    out = []
    if component.kind == "state_backend":
        out.extend(renderer.tree(TEMPLATES, "bootstrap", "bootstrap"))
        out.append(renderer.file("bootstrap/iacf.auto.tfvars", f"{TEMPLATES}/root/state_backend/tfvars.j2",
                                 **_context(component, stack),
                                 **delivery.bootstrap_context(stack, _other_templates(renderer))))
    folder = TEMPLATE_OF.get(component.kind, component.kind)
    for name in ROOT_FILES:
        template = f"{TEMPLATES}/root/{folder}/{name}.j2"
        if _exists(renderer, template):
            out.append(renderer.file(name, template, **_context(component, stack)))
    if folder == "function":
        out.append(RenderedFile(path=f"functions/{component.id}/placeholder.zip", encoding="base64",
                                content=base64.b64encode(placeholder_zip(component.kind,
                                                                         component.params["runtime"])).decode()))
    return out


def _other_templates(renderer: Renderer) -> list[Path]:
    """Template folders of the other plugins (their kinds' resources need CI permissions too)."""
    return [s.path for prefix, s in sorted(renderer.registry.templates.items()) if prefix not in (TEMPLATES, "core")]


# what each placeholder handler returns, by kind (the deployment pipeline replaces the package)
RESULT = {
    "function": ('{"statusCode": 200, "body": "placeholder"}', "Placeholder handler", ""),
    "worker": ('{"batchItemFailures": []}', "Placeholder worker",
               "report no failed message: every record of the batch is deleted from the queue"),
    "scheduled_job": ('{"status": "done"}', "Placeholder job", ""),
}

# runtime family → (file name, source, comment prefix in the body); every handler is `index.handler`
HANDLER = {
    "python": ("index.py", '"""{title}: the deployment pipeline replaces this package."""\n\n\n'
                           "def handler(event, context):\n{note}    return {result}\n", "    # "),
    "nodejs": ("index.mjs", "// {title}: the deployment pipeline replaces this package.\n"
                            "{note}export const handler = async (event, context) => ({result});\n", "// "),
    "ruby": ("index.rb", "# {title}: the deployment pipeline replaces this package.\n"
                         "def handler(event:, context:)\n{note}  {result}\nend\n", "  # "),
}


@cache
def placeholder_zip(kind: str, runtime: str = "python3.12") -> bytes:
    """A byte-identical zip holding the runtime's index file (stored, fixed timestamp and permissions)."""
    family = re.sub(r"[0-9.x]+$", "", runtime)
    name, source, comment = HANDLER[family]
    result, title, note = RESULT[kind]
    if family == "ruby":  # a Ruby hash literal uses `=>`
        result = result.replace('": ', '" => ')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        info.create_system = 3
        archive.writestr(info, source.format(title=title, result=result, note=f"{comment}{note}\n" if note else ""))
    return buffer.getvalue()


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
    ("main.tf", "main.tf.j2"),
    ("checks.tf", "checks.tf.j2"),
    ("variables.tf", "variables.tf.j2"),
    ("iacf.auto.tfvars", "iacf.auto.tfvars.j2"),
    ("variables.tf", "notifications.variables.tf.j2"),
    ("notifications.tf", "notifications.tf.j2"),
    ("outputs.tf", "notifications.outputs.tf.j2"),
    ("iacf.auto.tfvars", "notifications.auto.tfvars.j2"),
    ("terraform.tfvars.example", "terraform.tfvars.example.j2"),
    ("backend.hcl.example", "backend.hcl.example.j2"),
    (".gitignore", "gitignore.j2"),
    (".checkov.yaml", "checkov.yaml.j2"),
    (".pre-commit-config.yaml", "pre-commit-config.yaml.j2"),
    (".github/workflows/terraform.yml", "github-workflow.yml.j2"),
    ("README.md", "README.section.md.j2"),
)


# tool versions the generated CI pins (a full x.y.z from the policy's terraform.version wins)
CI_TERRAFORM_VERSION = "1.11.4"
CI_CHECKOV_VERSION = "3.3.30"


def _delivery_context(stack: Stack) -> dict[str, Any]:
    state = stack.components.get("state")
    lock = state.params.get("lock_mode", "dynamodb") if state else "dynamodb"
    wanted = stack.policy.terraform.version
    return {"lock_table": lock in ("dynamodb", "both"), "lockfile": lock in ("lockfile", "both"),
            "terraform_version": wanted if wanted.count(".") == 2 else CI_TERRAFORM_VERSION,
            "checkov_version": CI_CHECKOV_VERSION}


@hookimpl
def iacf_render_project(stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    context = {**_context(None, stack), **_delivery_context(stack),
               "notifications": notifications.template_context(stack)}
    files = [renderer.file(path, f"{TEMPLATES}/root/project/{template}", **context)
             for path, template in PROJECT_FILES]
    modules = sorted({m for c in stack.components.values() if c.kind in MODULES for m in modules_of(c)})
    for module in modules:
        files.extend(renderer.tree(TEMPLATES, f"modules/{module}", f"modules/{module}"))
    return files


@hookimpl
def iacf_validate(out_dir: Path, stack: Stack | None) -> list[Finding]:
    return checks.validate(out_dir, stack)


@hookimpl
def iacf_verify(project_dir: Path, options: VerifyOptions) -> VerifyReport | None:
    from .verify import verify

    return verify(project_dir, options)


@hookimpl
def iacf_preflight(project_dir: Path, options: PreflightOptions) -> PreflightReport | None:
    from .preflight import preflight

    return preflight(project_dir, options)


@hookimpl
def iacf_factory_modules() -> list[FactoryModuleSource]:
    return factory.seed_modules(MODULES)
