"""Delivery of a generated AWS project: the values CI plans with, the AWS services its CI roles may touch,
and the decisions behind the GitHub OIDC roles and the workload permissions boundary.

* Every non-secret value a plan needs is committed in ``iacf.auto.tfvars``; values another pipeline produces
  (an application's image tag) are repository variables that the workflow maps to ``TF_VAR_*``
  (:func:`release_values`).
* The CI roles get the IAM services of the stack's resource types only (:func:`ci_services`): the plan role
  reads them, the apply role manages them, both without data reads.
* They may call those services in the stack's region (:func:`ci_regions`); in us-east-1 only the global
  services and those of what the project creates there (:func:`us_east_1_services`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from iacf_core import Decision, Stack

from .kinds import SPECS, modules_of

# IAM service prefix → the Terraform type prefixes whose API belongs to it (longest prefix wins)
SERVICE_TYPES: dict[str, tuple[str, ...]] = {
    "access-analyzer": ("aws_accessanalyzer_",),
    "acm": ("aws_acm_",),
    "apigateway": ("aws_apigatewayv2_", "aws_api_gateway_"),
    "application-autoscaling": ("aws_appautoscaling_",),
    "backup": ("aws_backup_",),
    "budgets": ("aws_budgets_",),
    "cloudfront": ("aws_cloudfront_",),
    "cloudtrail": ("aws_cloudtrail",),
    "cloudwatch": ("aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm", "aws_cloudwatch_dashboard"),
    "config": ("aws_config_",),
    "dynamodb": ("aws_dynamodb_",),
    "ec2": ("aws_vpc", "aws_subnet", "aws_route", "aws_route_table", "aws_internet_gateway", "aws_nat_gateway",
            "aws_eip", "aws_security_group", "aws_default_", "aws_network_acl", "aws_flow_log", "aws_ebs_",
            "aws_ec2_", "aws_availability_zones"),
    "ecr": ("aws_ecr_",),
    "ecs": ("aws_ecs_",),
    "elasticache": ("aws_elasticache_",),
    "elasticloadbalancing": ("aws_lb", "aws_alb"),
    "events": ("aws_cloudwatch_event_",),
    "guardduty": ("aws_guardduty_",),
    "iam": ("aws_iam_",),
    "kms": ("aws_kms_",),
    "lambda": ("aws_lambda_",),
    "logs": ("aws_cloudwatch_log_",),
    "rds": ("aws_db_", "aws_rds_"),
    "route53": ("aws_route53_",),
    "s3": ("aws_s3_",),
    "scheduler": ("aws_scheduler_",),
    "secretsmanager": ("aws_secretsmanager_",),
    "securityhub": ("aws_securityhub_",),
    "sns": ("aws_sns_",),
    "sqs": ("aws_sqs_",),
    "ssm": ("aws_ssm_",),
    "wafv2": ("aws_wafv2_",),
    "xray": ("aws_xray_",),
}

# types computed by the provider alone (no API call, hence no permission)
NO_API = frozenset({"aws_iam_policy_document", "aws_caller_identity", "aws_partition", "aws_service_principal",
                    "aws_region", "aws_elb_service_account", "aws_default_tags"})

# services a service uses on the caller's behalf when Terraform creates its resources
IMPLIED: dict[str, tuple[str, ...]] = {
    "rds": ("secretsmanager", "kms"),  # the RDS-managed master secret is created with the caller's rights
    "lambda": ("ec2",),  # functions in a VPC: the caller must be able to describe subnets and security groups
    "backup": ("backup-storage",),  # creating a backup vault mounts its storage with the caller's rights
}

# IAM itself is granted by the roles' own statements (permissions boundary), never as a whole service
NOT_DELEGATED = frozenset({"iam", "sts"})

# what the plan role may call on a service: Describe*/Get*/List* unless the service names its reads otherwise
PLAN_READS: dict[str, tuple[str, ...]] = {
    "apigateway": ("GET",),
    "application-autoscaling": ("Describe*", "ListTagsForResource"),
    "budgets": ("ViewBudget", "ListTagsForResource", "DescribeBudgetAction*"),
    "ec2": ("Describe*", "GetEbsDefaultKmsKeyId", "GetEbsEncryptionByDefault"),
    "elasticloadbalancing": ("Describe*",),
    "s3": ("Get*", "List*"),
}


def service_of(resource_type: str) -> str | None:
    """The IAM service a Terraform type calls, None for provider-only types; KeyError for an unknown type."""
    if resource_type in NO_API:
        return None
    best = max(((len(p), svc) for svc, prefixes in SERVICE_TYPES.items() for p in prefixes
                if resource_type.startswith(p)), default=None)
    if best is None:
        raise KeyError(f"no IAM service is known for {resource_type} (add it to iacf_aws.delivery.SERVICE_TYPES)")
    return best[1]


_TYPE = re.compile(r'^\s*(?:resource|data|ephemeral)\s+"(aws_[a-z0-9_]+)"', re.M)
TYPE_INDEX = "template_types.json"  # data/: the types of each template folder (iacf_aws.typeindex writes it)


def declared_types(texts: Iterable[str]) -> set[str]:
    """Resource, data and ephemeral types the template ``texts`` declare."""
    return {t for text in texts for t in _TYPE.findall(text)}


@cache
def _type_index() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The shipped index: the types each folder declares, and those each root folder declares through its
    us-east-1 provider."""
    index = json.loads(files("iacf_aws").joinpath("data", TYPE_INDEX).read_text(encoding="utf-8"))
    folders, there = ({folder: frozenset(types) for folder, types in index[part].items()}
                      for part in ("folders", "us_east_1"))
    return folders, there


def template_types(folder: str) -> frozenset[str]:
    """Resource, data and ephemeral types a template folder (``modules/x`` or ``root/<kind>``) declares, from the
    index shipped with the package (:mod:`iacf_aws.typeindex`; a test checks it against the templates)."""
    return _type_index()[0].get(folder, frozenset())


def foreign_kinds(stack: Stack) -> list[str]:
    """Kinds of the stack that another plugin renders (the AWS plugin does not know their templates)."""
    return sorted({c.kind for c in stack.components.values() if c.kind not in SPECS})


def stack_types(stack: Stack) -> set[str]:
    """Every type the project root of ``stack`` may declare (templates of its kinds and their modules)."""
    found = set(template_types("root/project"))
    foreign = set(foreign_kinds(stack))
    for component in stack.components.values():
        if component.kind == "state_backend" or component.kind in foreign:
            continue  # bootstrap/ runs with the administrator's credentials, not the CI roles'
        found |= template_types(f"root/{SPECS[component.kind].folder}")
        for module in modules_of(component):
            found |= template_types(f"modules/{module}")
    return found


def folder_types(folders: Iterable[Path]) -> set[str]:
    """Types declared by the templates under ``folders`` (another plugin's template sources)."""
    return declared_types(path.read_text(encoding="utf-8", errors="replace") for folder in folders
                          for path in sorted(folder.rglob("*")) if path.is_file() and path.suffix in (".tf", ".j2"))


def ci_services(stack: Stack, extra_types: Iterable[str] = ()) -> list[str]:
    """IAM services the CI roles may use for this stack (IAM and STS are granted separately). ``extra_types``:
    types rendered by other plugins; one whose service is unknown is left out."""
    services = {s for t in stack_types(stack) if (s := service_of(t))}
    for t in extra_types:
        try:
            service = service_of(t)
        except KeyError:
            continue
        if service:
            services.add(service)
    for service in sorted(services):
        services.update(IMPLIED.get(service, ()))
    return sorted(services - NOT_DELEGATED)


def plan_actions(services: list[str]) -> list[str]:
    """The read actions of the plan role on ``services`` (data reads are denied separately, by the module)."""
    return sorted(f"{s}:{a}" for s in services for a in PLAN_READS.get(s, ("Describe*", "Get*", "List*")))


US_EAST_1 = "us-east-1"

# IAM services whose API answers in us-east-1 whatever the stack's region (global services, or their control
# plane). IAM and STS are granted by statements that carry no region condition (modules/github_oidc); the
# organization's and the account's own settings are never delegated to a project's CI (the module refuses them).
GLOBAL_SERVICES = frozenset({"budgets", "ce", "cloudfront", "health", "route53", "route53domains", "shield",
                             "support"})

def ci_regions(stack: Stack) -> list[str]:
    """Regions where the CI roles may call every service of the stack: the stack's own region only. us-east-1
    is allowed besides for the services :func:`us_east_1_services` lists, not as a whole."""
    return [stack.region]


def us_east_1_types(stack: Stack) -> set[str]:
    """Terraform types the project root of ``stack`` creates or reads through its us-east-1 provider
    (``aws.us_east_1``: a static site's certificate, CLOUDFRONT-scope web ACL, its log group and key)."""
    folders = ["project"] + sorted({SPECS[c.kind].folder for c in stack.components.values()
                                    if c.kind in SPECS and c.kind != "state_backend"})
    there = _type_index()[1]
    return {t for folder in folders for t in there.get(f"root/{folder}", ())}


def us_east_1_services(stack: Stack, services: Iterable[str] | None = None) -> list[str]:
    """Of the stack's CI services (``services``, :func:`ci_services` when None), those the CI roles may also
    call in us-east-1: the global services, whose API answers there, and the services of what the project
    creates or reads through its us-east-1 provider. Empty when us-east-1 is the stack's region (all of them
    are allowed there already)."""
    if US_EAST_1 in ci_regions(stack):
        return []
    granted = set(ci_services(stack) if services is None else services)
    there = {s for t in us_east_1_types(stack) if (s := service_of(t))}
    for service in sorted(there):
        there.update(IMPLIED.get(service, ()))
    return sorted(granted & (GLOBAL_SERVICES | there))


def bootstrap_context(stack: Stack, template_folders: Iterable[Path] = ()) -> dict[str, list[str]]:
    """What bootstrap/iacf.auto.tfvars gives the CI roles; ``template_folders``: the template sources of the
    other plugins, read when the stack holds a kind they render."""
    services = ci_services(stack, folder_types(template_folders) if foreign_kinds(stack) else ())
    return {"ci_regions": ci_regions(stack), "ci_services": services, "ci_plan_actions": plan_actions(services),
            "ci_us_east_1_services": us_east_1_services(stack, services)}


# -- values produced by another pipeline ------------------------------------------------------------------


@dataclass(frozen=True)
class ReleaseValue:
    """A Terraform variable whose value a release pipeline produces (never known when the project is generated)."""

    component: str
    variable: str  # Terraform variable, e.g. app_image_tag
    github: str  # GitHub Actions variable mapped to TF_VAR_<variable>, e.g. APP_IMAGE_TAG
    what: str
    example: str


def release_values(stack: Stack) -> list[ReleaseValue]:
    """The stack's release values, in component order."""
    out = []
    for c in stack.ordered():
        if c.kind == "web_app":
            out.append(ReleaseValue(
                component=c.id, variable=f"{c.id}_image_tag", github=f"{c.id.upper()}_IMAGE_TAG",
                what=f"Immutable tag of the {c.id} image in its ECR repository, pushed by the application's "
                     "release pipeline", example="1.0.0"))
    return out


# -- decisions ----------------------------------------------------------------------------------------------


def _us_east_1_text(stack: Stack, services: list[str]) -> str:
    """What the CI roles may call in us-east-1 besides the stack's region, and why (data residency)."""
    if US_EAST_1 in ci_regions(stack):
        return ""
    there = us_east_1_services(stack, services)
    if not there:
        return (f", and nothing in us-east-1 or any other region: no resource can be created outside "
                f"{stack.region} (data residency)")
    global_ = [s for s in there if s in GLOBAL_SERVICES]
    created = [s for s in there if s not in GLOBAL_SERVICES]
    reasons = []
    if global_:
        reasons.append(f"{_and(global_)} (global {'services' if len(global_) > 1 else 'service'}: "
                       "the API answers in us-east-1 whatever the region)")
    if created:
        reasons.append(f"{_and(created)} (what the project creates there"
                       + (": CloudFront only accepts an ACM certificate and a CLOUDFRONT-scope WAF web ACL from "
                          "us-east-1, and the web ACL logs to a CloudWatch log group there, encrypted by a KMS key "
                          "of that region" if stack.by_kind("static_site") else "") + ")")
    acl = "cloudfront" in there and "s3" in services
    return (f"; in us-east-1, only {' and '.join(reasons)}"
            + (", plus s3:GetBucketAcl and s3:PutBucketAcl on the environment's buckets, which CloudFront calls "
               "with the apply role's rights to grant log delivery on the standard-logs bucket" if acl else "")
            + f". Every other service of the stack is allowed in {stack.region} only: a compromised pipeline cannot "
              f"create compute, databases, storage or queues in us-east-1 or any other region (data residency). "
              f"IAM, granted by its own statements, carries no region condition (its API answers in us-east-1)")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def boundary_name(stack: Stack) -> str:
    return f"{stack.spec.project}-{stack.environment}-workload-boundary"


def decide(stack: Stack) -> None:
    """Record the delivery decisions (CI roles, permissions boundary, committed values)."""
    delivery = stack.policy.delivery
    repo = delivery.github_repository
    name = f"{stack.spec.project}-{stack.environment}"
    services = ci_services(stack)
    stack.decide(Decision(
        id="aws.delivery.github-oidc",
        title="CI authenticates to AWS through GitHub OIDC: a plan role for pull requests, an apply role for "
              "the main branch's environment",
        why="No static access key exists anywhere (WA SEC02-BP02, temporary credentials). bootstrap/ creates the "
            "account's GitHub OIDC provider (or reuses it) and two roles whose trust policies match the token's "
            "audience and exact subject: the plan role for pull requests of the repository and pushes to "
            f"{', '.join(delivery.plan_branches)}; the apply role only for jobs of the GitHub environment "
            f"{stack.environment}, which the README's settings limit to the main branch with required reviewers "
            "(an environment job's OIDC subject does not carry its branch, so that rule lives in GitHub). "
            f"Both roles are limited to the services of this stack's resources ({', '.join(services)}"
            + (f", and those of the templates of the plugins rendering {', '.join(foreign_kinds(stack))}"
               if foreign_kinds(stack) else "") + f") in {' and '.join(ci_regions(stack))}"
            + _us_east_1_text(stack, services) + ". The plan role reads their configuration only: no "
            "ReadOnlyAccess, no secret value, no SSM parameter value, no object data except the state, no log "
            "event, no table item, no image layer; it writes only the state lock. The apply role manages "
            "those services, reads no secret or data value either, cannot assume any role, and changes IAM "
            "only through the permissions boundary (aws.delivery.permissions-boundary). Functions are refreshed "
            "with lambda:GetFunction, which also returns a short-lived link to the deployed package: packages "
            "never hold secrets (the secrets gate). The apply role deploys the workloads, and the workloads read "
            "their secrets: the last guard on what it deploys is the reviewed main branch and the environment's "
            "reviewers, not IAM.",
        rule="least-privilege",
        trigger=(f"policy delivery.github_repository = {repo}" if repo else
                 "always (governance); the repository is set in bootstrap/terraform.tfvars "
                 "(no [delivery] github_repository in the policy)"),
        alternatives=["static IAM user keys in repository secrets (long-lived, leak-prone)",
                      "one role for plan and apply (every pull request could change production)",
                      "ReadOnlyAccess for plan (reads S3 objects, SSM parameters, log events, DynamoDB items)",
                      "PowerUserAccess for apply (every service, secret values, sts:AssumeRole; no IAM boundary)",
                      "per-resource ARNs for the apply role (most names are random until created; tag-based "
                      "ABAC is the next step where every service supports aws:ResourceTag)",
                      "us-east-1 as a second region for every service of the stack (simpler, but a compromised "
                      "pipeline could create EC2, RDS, S3 or Lambda resources there, outside the chosen region)"],
        components=["state"],
    ))
    stack.decide(Decision(
        id="aws.delivery.permissions-boundary",
        title=f"Every IAM role of the project carries the permissions boundary {boundary_name(stack)}",
        why="The apply role must create the stack's roles, and a role creator can otherwise make itself "
            "administrator (a role it trusts with an inline *:* policy). It may create or change only roles "
            f"named {name}-* and only with the boundary attached (iam:PermissionsBoundary on CreateRole, "
            "PutRolePolicy, AttachRolePolicy, DetachRolePolicy, DeleteRolePolicy, PutRolePermissionsBoundary); it "
            "cannot remove a boundary, change the boundary policy, touch the CI roles or manage users, groups, "
            "access keys or managed policy versions (WA SEC03-BP05, permission guardrails). The boundary is "
            "what any workload role may do at most, the same for every project: use data of this account "
            "(objects, queue messages, topic publications, table items, KMS data keys, function invocations, "
            "database and cache IAM connections), read this environment's secrets "
            f"({name}/*) and the database-managed ones, pull images, write logs, metrics and traces, and manage "
            "network interfaces, in this account and the project's region only (and, for AWS Backup's role in prod, "
            "the backup and restore actions of AWS's managed policies on the data stores it protects); no IAM, "
            "no STS, no other account's resources, and nothing at all from a session opened through a web "
            "identity (OIDC) provider. A role's trust policy is not an IAM condition key: a compromised apply job "
            "could still let an outside principal assume a bounded role, which the boundary caps, IAM Access "
            "Analyzer (external access) reports, and an organisation RCP/SCP on sts:AssumeRole can refuse.",
        rule="least-privilege",
        trigger="always (governance): the CI apply role creates the project's IAM roles",
        alternatives=["no boundary (the apply role's IAM rights become administrator)",
                      "a deny-list boundary (everything but IAM): simpler, but no real workload maximum",
                      "a boundary per role (exact, but every new role changes the delivery roles)"],
        components=sorted(c.id for c in stack.components.values()
                          if c.kind in ("web_app", "relational_database", "network", "account_baseline",
                                        "function", "worker", "scheduled_job", "state_backend")),
    ))
    _decide_evidence(stack)
    released = release_values(stack)
    stack.decide(Decision(
        id="aws.delivery.committed-values",
        title="CI plans from committed files: iacf.auto.tfvars holds every non-secret value"
              + (", release values are GitHub variables" if released else ""),
        why="terraform.tfvars is git-ignored (it is where people put local values), so a workflow on a clean "
            "checkout would stop on a required variable. iacf.auto.tfvars is generated, committed and loaded by "
            "Terraform on its own; it holds no secret (secrets live in Secrets Manager and never pass through "
            "Terraform variables). "
            + ("Values that another pipeline produces ("
               + ", ".join(f"{r.variable} ← GitHub variable {r.github}" for r in released)
               + ") are not committed: the workflow maps each GitHub variable to TF_VAR_<name> and stops with a "
               "message when one is missing. They are not in iacf.auto.tfvars on purpose: a *.auto.tfvars value "
               "would override the TF_VAR_ one."
               if released else "The stack has no value that another pipeline produces."),
        rule="aws.delivery.ci",
        trigger="always: every generated project is planned by its CI workflow",
        alternatives=["terraform.tfvars committed (it is git-ignored by convention and holds local values)",
                      "every value as a GitHub variable (values outside code review)",
                      "defaults in variables.tf (values hidden in code, no single place to review them)"],
        components=[r.component for r in released],
    ))


# what the CI boundary denies outside dev (modules/github_oidc/ci_boundary.tf, KeepTheEvidence and the next two)
EVIDENCE_DENIED = (
    "cloudtrail:DeleteTrail, StopLogging and UpdateTrail; config:DeleteConfigurationRecorder, "
    "StopConfigurationRecorder and DeleteDeliveryChannel; guardduty:DeleteDetector and the disassociation from "
    "an administrator account; securityhub:DisableSecurityHub, BatchDisableStandards and the disassociation; "
    "backup:DeleteBackupVault, DeleteRecoveryPoint, UpdateRecoveryPointLifecycle, "
    "DeleteBackupVaultLockConfiguration and DeleteBackupVaultAccessPolicy; kms:ScheduleKeyDeletion, DisableKey "
    "and DeleteImportedKeyMaterial on every key, and kms:PutKeyPolicy with the lockout safety check bypassed; "
    "logs:DeleteLogGroup and DeleteLogStream on the CloudTrail (/aws/cloudtrail/*) and VPC flow log "
    "(/aws/vpc-flow-logs/*) groups"
)


def _decide_evidence(stack: Stack) -> None:
    """Outside dev, the CI roles cannot remove the evidence of what they did (segregation of duties)."""
    boundary = f"{stack.spec.project}-ci-boundary"
    if stack.environment == "dev":
        stack.decide(Decision(
            id="aws.delivery.evidence-out-of-reach",
            title="In dev, the CI roles may destroy the audit evidence, backups and keys of the stack",
            why="A dev stack is torn down and rebuilt by its pipeline: its trail, Config recorder, GuardDuty "
                "detector, Security Hub, backup vault and KMS keys are destroyed by terraform destroy like any other "
                f"resource, so the CI boundary {boundary} does not deny it (it still denies cloudtrail:StopLogging "
                "and lifting an Object Lock). Staging and prod are generated with the deny: an account whose "
                "bootstrap has environment staging or prod, or an apply role for staging or prod, gets it.",
            rule="least-privilege",
            trigger="environment dev",
            alternatives=["the prod deny in dev too (every dev destroy would need a break-glass role)"],
            components=["state"],
            resources=["module.github_oidc.aws_iam_policy.ci_boundary"],
        ))
        return
    stack.decide(Decision(
        id="aws.delivery.evidence-out-of-reach",
        title=f"The CI roles cannot delete, stop or disable the audit evidence, the backups or the keys of "
              f"{stack.environment}: a break-glass role outside the pipeline does",
        why="Segregation of duties: whoever can merge to main drives the apply role, and a pipeline must not be "
            "able to remove the evidence of what it did. Without a deny, <service>:* on the stack's services would "
            "let it delete the trail or change where it writes, stop AWS Config, delete the GuardDuty detector, "
            "disable Security Hub, delete backup vaults and recovery points, delete the CloudTrail log group, or "
            "schedule the deletion of the keys that encrypt the Object-Locked logs and the backups (crypto-"
            f"shredding them). The CI boundary {boundary} (bootstrap/, environment {stack.environment}) denies, "
            f"on every resource: {EVIDENCE_DENIED}. A boundary deny is final: no policy attached to a CI role "
            "later lifts it, and the roles the pipeline creates carry the workload boundary, which grants none of "
            "these actions. An apply that creates or tags these resources calls none of them; the provider calls "
            "UpdateTrail only when the trail's bucket, key, log group, topic or regions change (where the evidence "
            "goes), a break-glass change too. Left allowed, because creating or growing the stack calls them and "
            "IAM cannot tell a creation from a narrowing: cloudtrail:PutEventSelectors and PutInsightSelectors, "
            "backup:PutBackupVaultAccessPolicy (the CI roles still cannot delete a recovery point, and a vault lock "
            "in compliance mode keeps them whatever the policy says), "
            "logs:PutRetentionPolicy, config:PutConfigurationRecorder, guardduty:UpdateDetector, kms:PutKeyPolicy "
            "without the bypass; each such change is a management event of the CloudTrail event history, which no "
            "API deletes. When a change needs a denied action (destroying or replacing one of these resources, a "
            "key replacement, retiring the stack), the CI apply stops at that resource with AccessDenied; after "
            "review, a break-glass role outside the pipeline (an administrator role through SSO, under the "
            "organisation's break-glass procedure) applies the merged commit from the project root, and the "
            "approval is kept with the change record (bootstrap/README.md, Break-glass).",
        rule="least-privilege",
        trigger=f"environment {stack.environment} (not dev)",
        alternatives=["no deny (anyone who can merge to main can erase the audit trail and the backups)",
                      "deny cloudtrail:PutEventSelectors too (a new trail, or Insights turned on, would need the "
                      "break-glass role: CreateTrail is followed by PutEventSelectors in the same apply)",
                      "an organisation SCP with the same denies (stronger: it also binds administrators; it needs "
                      "AWS Organizations, outside this project)"],
        components=["state"],
        resources=["module.github_oidc.aws_iam_policy.ci_boundary"],
    ))

