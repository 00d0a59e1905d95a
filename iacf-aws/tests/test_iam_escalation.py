"""The IAM privilege-escalation rule set: IAM's evaluation (explicit deny, boundary, NotResource, conditions read
in the caller's favour), each known path found in a policy that opens it, and reading roles from a plan."""

from __future__ import annotations

import json

import pytest

from iacf_aws.iam_escalation import (
    Principal,
    Request,
    Scope,
    allowed,
    data_reads,
    escalation_paths,
    principals_from_plan,
    statements,
)

ACCOUNT = "123456789012"
IAM = f"arn:aws:iam::{ACCOUNT}"
BOUNDARY = f"{IAM}:policy/shop-prod-workload-boundary"
SCOPE = Scope(account=ACCOUNT, partition="aws", region="eu-west-3", boundary_arn=BOUNDARY,
              bounded_prefix="shop-prod-",
              protected=(f"{IAM}:role/shop-ci-plan", f"{IAM}:role/shop-ci-prod-apply", BOUNDARY))


def role(*stmts: dict, boundary: list[dict] | None = None) -> Principal:
    return Principal("probe", f"{IAM}:role/probe", statements({"Statement": list(stmts)}),
                     statements({"Statement": boundary}) if boundary is not None else None)


def rules(principal: Principal) -> set[str]:
    return {p.rule for p in escalation_paths(principal, SCOPE)}


def test_explicit_deny_boundary_and_not_resource():
    p = role({"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
             {"Effect": "Deny", "Action": "s3:GetObject*", "NotResource": "arn:aws:s3:::state/*"})
    assert allowed(p, Request("s3:GetObject", "arn:aws:s3:::state/a.tfstate"))
    assert not allowed(p, Request("s3:GetObject", "arn:aws:s3:::data/customers.csv"))
    assert not allowed(p, Request("S3:getobjectversion", "arn:aws:s3:::data/x"))  # actions ignore case
    bounded = role({"Effect": "Allow", "Action": "*", "Resource": "*"},
                   boundary=[{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}])
    assert allowed(bounded, Request("sqs:SendMessage", "arn:aws:sqs:eu-west-3:1:q"))
    assert not allowed(bounded, Request("sqs:DeleteQueue", "arn:aws:sqs:eu-west-3:1:q"))


def test_conditions_are_read_in_the_callers_favour():
    p = role({"Effect": "Allow", "Action": "iam:CreateRole", "Resource": "*",
              "Condition": {"StringEquals": {"iam:PermissionsBoundary": BOUNDARY}}},
             {"Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*",
              "Condition": {"Null": {"kms:ViaService": "true"}}},
             {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
              "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-3"}}})
    with_boundary = {"iam:PermissionsBoundary": (BOUNDARY,)}
    assert allowed(p, Request("iam:CreateRole", f"{IAM}:role/x", with_boundary))
    assert not allowed(p, Request("iam:CreateRole", f"{IAM}:role/x", {}, frozenset({"iam:PermissionsBoundary"})))
    assert not allowed(p, Request("iam:CreateRole", f"{IAM}:role/x", {"iam:permissionsboundary": ("other",)}))
    # an unstated key is the caller's choice: it satisfies the Allow and escapes the Deny
    assert allowed(p, Request("kms:Decrypt", "k"))
    assert not allowed(p, Request("kms:Decrypt", "k", {}, frozenset({"kms:ViaService"})))
    assert allowed(p, Request("kms:Decrypt", "k", {"kms:ViaService": ("s3.eu-west-3.amazonaws.com",)}))
    assert not allowed(p, Request("kms:Decrypt", "k", {"aws:RequestedRegion": ("us-west-2",)}))


def test_a_wide_policy_opens_every_known_path():
    wide = role({"Effect": "Allow", "Action": "*", "Resource": "*"})
    assert rules(wide) == {"policy-version", "role-policy-without-boundary", "users-groups-keys", "boundary-removal",
                           "boundary-change", "update-trust", "delivery-roles", "assume-role", "foreign-compute",
                           "pass-role-compute"}
    assert len(data_reads(wide, SCOPE)) >= 15


def test_the_former_apply_role_could_make_itself_administrator():
    """PowerUserAccess plus IAM on <project>-<env>-* roles without a boundary condition (the issue's finding)."""
    former = role(
        {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"},
        {"Effect": "Allow", "Action": ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy",
                                       "iam:UpdateAssumeRolePolicy", "iam:PassRole", "iam:CreatePolicyVersion"],
         "Resource": [f"{IAM}:role/shop-prod-*", f"{IAM}:policy/shop-prod-*"]})
    found = rules(former)
    assert {"role-policy-without-boundary", "assume-role", "foreign-compute"} <= found
    assert any(p.action == "secretsmanager:GetSecretValue" for p in data_reads(former, SCOPE))


@pytest.mark.parametrize(("statement", "rule"), [
    ({"Action": "iam:CreatePolicyVersion", "Resource": f"{IAM}:policy/*"}, "policy-version"),
    ({"Action": "iam:SetDefaultPolicyVersion", "Resource": "*"}, "policy-version"),
    ({"Action": "iam:PutRolePolicy", "Resource": f"{IAM}:role/shop-prod-*"}, "role-policy-without-boundary"),
    ({"Action": "iam:AttachRolePolicy", "Resource": f"{IAM}:role/shop-prod-*",
      "Condition": {"StringLike": {"iam:PermissionsBoundary": "*"}}}, "role-policy-without-boundary"),
    ({"Action": "iam:CreateAccessKey", "Resource": f"{IAM}:user/*"}, "users-groups-keys"),
    ({"Action": "iam:AddUserToGroup", "Resource": "*"}, "users-groups-keys"),
    ({"Action": "iam:UpdateLoginProfile", "Resource": "*"}, "users-groups-keys"),
    ({"Action": "iam:DeleteRolePermissionsBoundary", "Resource": "*"}, "boundary-removal"),
    ({"Action": "iam:CreatePolicyVersion", "Resource": BOUNDARY}, "boundary-change"),
    ({"Action": "iam:UpdateAssumeRolePolicy", "Resource": "*"}, "update-trust"),
    ({"Action": "iam:PutRolePolicy", "Resource": f"{IAM}:role/shop-ci-*",
      "Condition": {"StringEquals": {"iam:PermissionsBoundary": BOUNDARY}}}, "delivery-roles"),
    ({"Action": "sts:AssumeRole", "Resource": f"{IAM}:role/shop-prod-*"}, "assume-role"),
    ({"Action": "lambda:UpdateFunctionCode", "Resource": "*"}, "foreign-compute"),
    ({"Action": "ssm:SendCommand", "Resource": "*"}, "foreign-compute"),
])
def test_each_rule_finds_its_path(statement, rule):
    assert rule in rules(role({"Effect": "Allow", **statement}))


def test_pass_role_needs_a_role_outside_the_boundary_and_compute():
    compute = {"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"}
    assert "pass-role-compute" in rules(role({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}, compute))
    # the environment's own roles carry the boundary: passing them lends nothing beyond it
    bounded_only = role({"Effect": "Allow", "Action": "iam:PassRole", "Resource": f"{IAM}:role/shop-prod-*"}, compute)
    assert "pass-role-compute" not in rules(bounded_only)


def test_a_role_creator_bound_to_the_boundary_has_no_path():
    creator = role(
        {"Effect": "Allow", "Action": ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy"],
         "Resource": f"{IAM}:role/shop-prod-*", "Condition": {"StringEquals": {"iam:PermissionsBoundary": BOUNDARY}}},
        {"Effect": "Allow", "Action": ["iam:PassRole", "iam:DeleteRole"], "Resource": f"{IAM}:role/shop-prod-*"},
        {"Effect": "Allow", "Action": ["lambda:*", "ecs:*"], "Resource": "*"},
        {"Effect": "Deny", "Action": ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"],
         "NotResource": f"arn:aws:lambda:*:{ACCOUNT}:function:shop-prod-*"},
        {"Effect": "Deny", "Action": ["ecs:RunTask", "ecs:StartTask"],
         "NotResource": f"arn:aws:ecs:*:{ACCOUNT}:task-definition/shop-prod*"},
        {"Effect": "Deny", "Action": ["ecs:ExecuteCommand", "sts:AssumeRole"], "Resource": "*"})
    assert rules(creator) == set()


def test_an_unknown_policy_is_never_assumed_harmless():
    p = role({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"})
    p.unknown.append("arn:aws:iam::aws:policy/PowerUserAccess")
    assert rules(p) == {"unknown-policy"}


def test_roles_policies_and_boundary_read_from_a_plan():
    doc = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]})
    plan = {
        "prior_state": {"values": {"root_module": {"child_modules": [{"resources": [
            {"mode": "data", "type": "aws_caller_identity", "values": {"account_id": ACCOUNT}},
            {"mode": "data", "type": "aws_partition", "values": {"partition": "aws"}}]}]}}},
        "resource_changes": [
            {"mode": "managed", "type": "aws_iam_role", "change": {
                "after": {"name": "app", "path": "/", "permissions_boundary": BOUNDARY}, "after_unknown": {}}},
            {"mode": "managed", "type": "aws_iam_policy", "change": {
                "after": {"name": "shop-prod-workload-boundary", "path": "/", "policy": doc}, "after_unknown": {}}},
            {"mode": "managed", "type": "aws_iam_role_policy", "change": {
                "after": {"name": "inline", "role": "app", "policy": doc}, "after_unknown": {}}},
            {"mode": "managed", "type": "aws_iam_role_policy", "change": {
                "after": {"name": "later", "role": "app"}, "after_unknown": {"policy": True}}},
            {"mode": "managed", "type": "aws_iam_role_policy_attachment", "change": {
                "after": {"role": "app", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
                "after_unknown": {}}},
        ],
    }
    app = principals_from_plan(plan)["app"]
    assert app.arn == f"{IAM}:role/app" and app.boundary and len(app.policies) == 1
    assert app.unknown == ["inline policy later", "arn:aws:iam::aws:policy/ReadOnlyAccess"]
