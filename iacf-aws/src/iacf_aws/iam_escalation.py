"""IAM privilege-escalation analysis of identity policies, from their JSON documents.

A :class:`Principal` is a role's identity policies (inline and managed) and its permissions boundary. Requests
are evaluated as IAM does (an explicit deny wins; an allow is needed in the identity policies and, when there
is one, in the boundary), with conditions read in the attacker's favour: a key the request does not state is
one the caller chooses, so it satisfies an Allow and escapes a Deny. A request states the keys that matter
(``iam:PermissionsBoundary`` given or absent, ``kms:ViaService`` absent...).

:func:`escalation_paths` probes the known paths (policy versions, role/user/group policies without the
boundary, boundary removal or change, trust policy updates, PassRole with compute, changes to the CI roles,
role assumption, code on compute that is not the project's); :func:`data_reads` probes reads of secret and
data values. Both return :class:`Path` findings; an empty list means no path was found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

NEGATED = ("StringNotEquals", "StringNotLike", "ArnNotEquals", "ArnNotLike", "NotIpAddress",
           "StringNotEqualsIgnoreCase", "NumericNotEquals", "DateNotEquals")


@dataclass(frozen=True)
class Statement:
    effect: str
    actions: tuple[str, ...] = ()
    not_actions: tuple[str, ...] | None = None
    resources: tuple[str, ...] = ()
    not_resources: tuple[str, ...] | None = None
    conditions: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (operator, key, values)


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in (value if isinstance(value, list) else [value]))


def statements(document: str | Mapping[str, Any]) -> list[Statement]:
    """The statements of a policy document (JSON text or parsed)."""
    doc = json.loads(document) if isinstance(document, str) else document
    raw = doc.get("Statement", [])
    out = []
    for s in raw if isinstance(raw, list) else [raw]:
        conditions = tuple((op, key, _tuple(values)) for op, block in (s.get("Condition") or {}).items()
                           for key, values in block.items())
        out.append(Statement(
            effect=s.get("Effect", "Allow"), actions=_tuple(s.get("Action")),
            not_actions=_tuple(s["NotAction"]) if "NotAction" in s else None,
            resources=_tuple(s.get("Resource")),
            not_resources=_tuple(s["NotResource"]) if "NotResource" in s else None,
            conditions=conditions))
    return out


@dataclass
class Principal:
    """An IAM role as the analysis sees it."""

    name: str
    arn: str
    policies: list[Statement] = field(default_factory=list)
    boundary: list[Statement] | None = None
    unknown: list[str] = field(default_factory=list)  # attached policies whose document is not known


@dataclass(frozen=True)
class Request:
    action: str
    resource: str
    context: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    absent: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Path:
    rule: str
    principal: str
    action: str
    resource: str
    why: str

    def __str__(self) -> str:
        return f"{self.principal}: {self.rule}: {self.action} on {self.resource} ({self.why})"


@cache
def _glob(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    body = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile(f"^{body}$", re.I | re.S if ignore_case else re.S)


def _match(patterns: Iterable[str], value: str, ignore_case: bool = False) -> bool:
    return any(_glob(p, ignore_case).match(value) for p in patterns)


def _condition(op: str, key: str, values: tuple[str, ...], req: Request, effect: str) -> bool:
    """Whether one condition holds for ``req``; an unstated key is the caller's choice."""
    base = op.split(":", 1)[-1]
    if_exists = base.endswith("IfExists")
    base = base.removesuffix("IfExists")
    context = {k.lower(): v for k, v in req.context.items()}
    absent = {k.lower() for k in req.absent}
    k = key.lower()
    if base == "Null":
        want_absent = values[:1] == ("true",)
        if k in context:
            return not want_absent
        if k in absent:
            return want_absent
        return effect == "Allow"
    if k not in context:
        if k in absent:
            return if_exists or base in NEGATED
        return effect == "Allow"
    given = context[k]
    if base in ("Bool",):
        hit = any(v.lower() == g.lower() for v in values for g in given)
    elif base.startswith(("Arn", "StringLike", "StringNotLike")):
        hit = any(_match(values, g) for g in given)
    elif base.endswith("IgnoreCase"):
        hit = any(v.lower() == g.lower() for v in values for g in given)
    elif base.startswith("String"):
        hit = any(v == g for v in values for g in given)
    else:  # numeric, date, IP: not modelled, read in the caller's favour
        return effect == "Allow"
    return not hit if base in NEGATED else hit


def _applies(s: Statement, req: Request) -> bool:
    if s.not_actions is not None:
        if _match(s.not_actions, req.action, ignore_case=True):
            return False
    elif not _match(s.actions, req.action, ignore_case=True):
        return False
    if s.not_resources is not None:
        if _match(s.not_resources, req.resource):
            return False
    elif not _match(s.resources, req.resource):
        return False
    return all(_condition(op, key, values, req, s.effect) for op, key, values in s.conditions)


def _any(policy: Iterable[Statement], effect: str, req: Request) -> bool:
    return any(s.effect == effect and _applies(s, req) for s in policy)


def allowed(principal: Principal, req: Request) -> bool:
    """IAM's decision for one request of ``principal`` (identity policies and boundary, no resource policy)."""
    boundary = principal.boundary
    if _any(principal.policies, "Deny", req) or (boundary is not None and _any(boundary, "Deny", req)):
        return False
    if not _any(principal.policies, "Allow", req):
        return False
    return boundary is None or _any(boundary, "Allow", req)


# -- the rule set -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Where the analysed principals live, and what must stay out of their reach.

    ``bounded_prefix``: role names (after ``role/``) the principals may create, always with ``boundary_arn``.
    ``protected``: ARNs of the delivery roles and of every boundary policy.
    """

    account: str
    partition: str
    region: str
    boundary_arn: str
    bounded_prefix: str
    protected: tuple[str, ...] = ()

    def arn(self, service: str, resource: str, region: bool = True) -> str:
        return f"arn:{self.partition}:{service}:{self.region if region else ''}:{self.account}:{resource}"

    @property
    def iam(self) -> str:
        return f"arn:{self.partition}:iam::{self.account}"


# actions that run code or a service with a role passed to them (the PassRole paths)
COMPUTE = ("lambda:CreateFunction", "lambda:UpdateFunctionConfiguration", "ecs:RegisterTaskDefinition",
           "ecs:RunTask", "ec2:RunInstances", "glue:CreateDevEndpoint", "glue:CreateJob",
           "cloudformation:CreateStack", "cloudformation:UpdateStack", "codebuild:CreateProject",
           "sagemaker:CreateNotebookInstance", "sagemaker:CreateTrainingJob", "states:CreateStateMachine",
           "datapipeline:CreatePipeline", "batch:SubmitJob", "apprunner:CreateService", "scheduler:CreateSchedule")

ROLE_WRITES = ("iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:DeleteRolePolicy",
               "iam:UpdateAssumeRolePolicy", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
               "iam:UpdateRole", "iam:DeleteRole", "iam:TagRole", "iam:UntagRole", "iam:PassRole")

USER_PATHS = ("iam:CreateUser", "iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:PutGroupPolicy",
              "iam:AttachGroupPolicy", "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateLoginProfile",
              "iam:UpdateLoginProfile", "iam:AddUserToGroup", "iam:PutUserPermissionsBoundary",
              "iam:CreateGroup")


def _probes(scope: Scope) -> list[tuple[str, str, list[Request]]]:
    """(rule, why, requests): any allowed request is a path."""
    bounded = f"{scope.iam}:role/{scope.bounded_prefix}probe"
    foreign_role = f"{scope.iam}:role/OrganizationAccountAccessRole"
    foreign_policy = f"{scope.iam}:policy/team-administrator"
    user, group = f"{scope.iam}:user/someone", f"{scope.iam}:group/administrators"
    no_boundary = frozenset({"iam:PermissionsBoundary"})
    wrong_boundary = {"iam:PermissionsBoundary": (foreign_policy,)}
    right_boundary = {"iam:PermissionsBoundary": (scope.boundary_arn,)}
    policies = (foreign_policy, scope.boundary_arn, *[a for a in scope.protected if ":policy/" in a])
    roles = [a for a in scope.protected if ":role/" in a]
    out: list[tuple[str, str, list[Request]]] = [
        ("policy-version", "rewriting a managed policy rewrites every identity it is attached to",
         [Request(a, p) for a in ("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion") for p in policies]),
        ("role-policy-without-boundary", "a role without the fixed boundary can be given any permission",
         [Request(a, r, ctx, absent) for a in ("iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy",
                                                "iam:PutRolePermissionsBoundary")
          for r in (bounded, foreign_role)
          for ctx, absent in (({}, no_boundary), (wrong_boundary, frozenset()))]),
        ("users-groups-keys", "users, groups and their keys or passwords are identities outside any boundary",
         [Request(a, r, {}, no_boundary) for a in USER_PATHS for r in (user, group)]),
        ("boundary-removal", "a role or user without its boundary keeps only its own, unbounded, policies",
         [Request(a, r) for a in ("iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary")
          for r in (bounded, foreign_role, user)]),
        ("boundary-change", "changing the boundary policy widens every bounded role at once",
         [Request(a, scope.boundary_arn) for a in ("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
                                                   "iam:DeletePolicy", "iam:DeletePolicyVersion")]),
        ("update-trust", "trusting oneself (or an outside principal) in a role that is not bounded gives its rights",
         [Request("iam:UpdateAssumeRolePolicy", r) for r in (foreign_role, *roles)]),
        ("delivery-roles", "the delivery roles and boundaries must not be changed by a delivery role",
         [Request(a, r, ctx) for a in ROLE_WRITES for r in roles for ctx in ({}, right_boundary)]),
        ("assume-role", "assuming a role it can create or change hands over that role's rights directly",
         [Request("sts:AssumeRole", r) for r in (bounded, foreign_role, *roles)]),
        ("foreign-compute", "changing or running code the account already has runs it with that code's role",
         [Request("lambda:UpdateFunctionCode", scope.arn("lambda", "function:other-team-function")),
          Request("lambda:UpdateFunctionConfiguration", scope.arn("lambda", "function:other-team-function")),
          Request("ecs:RunTask", scope.arn("ecs", "task-definition/other-team:1")),
          Request("ecs:ExecuteCommand", scope.arn("ecs", "cluster/other-team")),
          Request("ssm:SendCommand", scope.arn("ec2", "instance/i-0123456789abcdef0")),
          Request("ssm:StartSession", scope.arn("ec2", "instance/i-0123456789abcdef0"))]),
    ]
    return out


def escalation_paths(principal: Principal, scope: Scope) -> list[Path]:
    """Every known privilege-escalation path open to ``principal`` (empty: none found)."""
    found = [Path("unknown-policy", principal.name, "*", arn, "a policy whose document is not known cannot be "
                  "shown free of escalation paths") for arn in principal.unknown]
    for rule, why, requests in _probes(scope):
        found.extend(Path(rule, principal.name, r.action, r.resource, why) for r in requests if allowed(principal, r))
    foreign_roles = [f"{scope.iam}:role/OrganizationAccountAccessRole", *[a for a in scope.protected if ":role/" in a]]
    passable = [r for r in foreign_roles if allowed(principal, Request("iam:PassRole", r))]
    if passable:
        compute = [a for a in COMPUTE if allowed(principal, Request(a, "*"))]
        found.extend(Path("pass-role-compute", principal.name, f"iam:PassRole + {a}", passable[0],
                          "a role passed to new compute lends it that role's rights") for a in compute)
    return _unique(found)


def data_reads(principal: Principal, scope: Scope, allowed_objects: tuple[str, ...] = ()) -> list[Path]:
    """Reads of secret or data values open to ``principal``; ``allowed_objects`` are the S3 object ARNs it is
    meant to read (the state)."""
    own = {"aws:ResourceAccount": (scope.account,), "aws:RequestedRegion": (scope.region,)}
    direct = frozenset({"kms:ViaService", "aws:FederatedProvider"})
    secret = scope.arn("secretsmanager", f"secret:{scope.bounded_prefix.rstrip('-')}/app-secret-key-AbCdEf")
    requests = [
        Request("secretsmanager:GetSecretValue", secret, own, direct),
        Request("secretsmanager:GetSecretValue", scope.arn("secretsmanager", "secret:rds!db-0000-AbCdEf"), own, direct),
        Request("ssm:GetParameter", scope.arn("ssm", "parameter/app/password"), own, direct),
        Request("ssm:GetParametersByPath", scope.arn("ssm", "parameter/app"), own, direct),
        Request("s3:GetObject", f"arn:{scope.partition}:s3:::some-data-bucket/customers.csv", own, direct),
        Request("s3:GetObjectVersion", f"arn:{scope.partition}:s3:::some-data-bucket/customers.csv", own, direct),
        Request("logs:GetLogEvents", scope.arn("logs", "log-group:/app:log-stream:x"), own, direct),
        Request("logs:FilterLogEvents", scope.arn("logs", "log-group:/app"), own, direct),
        Request("logs:StartQuery", scope.arn("logs", "log-group:/app"), own, direct),
        Request("dynamodb:GetItem", scope.arn("dynamodb", "table/customers"), own, direct),
        Request("dynamodb:Query", scope.arn("dynamodb", "table/customers"), own, direct),
        Request("dynamodb:Scan", scope.arn("dynamodb", "table/customers"), own, direct),
        Request("sqs:ReceiveMessage", scope.arn("sqs", "orders"), own, direct),
        Request("ecr:BatchGetImage", scope.arn("ecr", "repository/app"), own, direct),
        Request("ecr:GetDownloadUrlForLayer", scope.arn("ecr", "repository/app"), own, direct),
        Request("kms:Decrypt", scope.arn("kms", "key/00000000-0000-0000-0000-000000000000"), own, direct),
        Request("rds:DownloadDBLogFilePortion", scope.arn("rds", "db:app"), own, direct),
        Request("lambda:InvokeFunction", scope.arn("lambda", f"function:{scope.bounded_prefix}fn"), own, direct),
    ]
    return [Path("data-read", principal.name, r.action, r.resource, "a delivery role never reads data or secret "
                 "values") for r in requests
            if allowed(principal, r) and not _match(allowed_objects, r.resource)]


def _unique(paths: list[Path]) -> list[Path]:
    seen, out = set(), []
    for p in paths:
        if (p.rule, p.action, p.resource) not in seen:
            seen.add((p.rule, p.action, p.resource))
            out.append(p)
    return out


# -- from a Terraform plan --------------------------------------------------------------------------------


def _resources(module: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    yield from module.get("resources", [])
    for child in module.get("child_modules", []):
        yield from _resources(child)


def principals_from_plan(plan: Mapping[str, Any]) -> dict[str, Principal]:
    """The IAM roles a plan (``terraform show -json``) creates, by name, with their inline and attached policies
    and their boundary. A policy whose document is unknown at plan time (or an AWS-managed one) is listed in
    ``unknown``: the analysis then reports it rather than assuming it harmless."""
    data = {r["type"]: r.get("values") or {} for r in _resources((plan.get("prior_state") or {}).get("values", {})
                                                                  .get("root_module", {})) if r["mode"] == "data"}
    account = str(data.get("aws_caller_identity", {}).get("account_id", ""))
    partition = str(data.get("aws_partition", {}).get("partition", "aws"))
    by_type: dict[str, list[tuple[Mapping[str, Any], Mapping[str, Any]]]] = {}
    for change in plan.get("resource_changes", []):
        if change.get("mode") == "managed":
            body = change.get("change") or {}
            by_type.setdefault(change["type"], []).append((body.get("after") or {}, body.get("after_unknown") or {}))
    documents: dict[str, str | None] = {}
    for after, unknown in by_type.get("aws_iam_policy", []):
        arn = f"arn:{partition}:iam::{account}:policy{after.get('path') or '/'}{after['name']}"
        documents[arn] = None if unknown.get("policy") else after.get("policy")
    out: dict[str, Principal] = {}
    for after, unknown in by_type.get("aws_iam_role", []):
        name = after["name"]
        boundary_arn = after.get("permissions_boundary")
        principal = Principal(name=name, arn=f"arn:{partition}:iam::{account}:role{after.get('path') or '/'}{name}")
        if unknown.get("permissions_boundary"):
            principal.unknown.append("permissions boundary (unknown at plan time)")
        elif boundary_arn:
            text = documents.get(boundary_arn)
            if text is None:
                principal.unknown.append(boundary_arn)
            else:
                principal.boundary = statements(text)
        out[name] = principal
    for after, unknown in by_type.get("aws_iam_role_policy", []):
        role = out.get(str(after.get("role")))
        if role is None:
            continue
        if unknown.get("policy") or not after.get("policy"):
            role.unknown.append(f"inline policy {after.get('name')}")
        else:
            role.policies.extend(statements(after["policy"]))
    for after, _unknown in by_type.get("aws_iam_role_policy_attachment", []):
        role = out.get(str(after.get("role")))
        if role is None:
            continue
        text = documents.get(str(after.get("policy_arn")))
        if text is None:
            role.unknown.append(str(after.get("policy_arn")))
        else:
            role.policies.extend(statements(text))
    return out
