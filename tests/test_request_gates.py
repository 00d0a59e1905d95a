"""The issue's requests whose stack changed shape, through every gate: a static Next.js frontend with a serverless
API (no container, no load balancer, no NAT gateway) and a web application named by its language alone."""

from __future__ import annotations

import json

import pytest

from iacf_core.testing import run_cli

GATES = ("hcl", "secrets", "tags", "ingress", "coverage", "fmt", "validate", "checkov")


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.parametrize(("request_text", "kinds"), [
    pytest.param("Next.js static frontend and a serverless API with DynamoDB in prod on AWS, owner team-web, CC-12",
                 {"static_site", "http_api", "function", "nosql_table", "encryption_keys", "account_baseline",
                  "state_backend", "backup"}, id="nextjs-static-serverless-prod"),
])
def test_request_stack_passes_every_gate(request_text, kinds, tmp_path, need_terraform, need_checkov):
    out = tmp_path / "infra"
    res = run_cli("generate", request_text, "--out", str(out), "--json")
    report = json.loads(res.stdout)
    assert res.exit_code == 0, [f for f in report["findings"] if f["severity"] == "error"][:10]
    gates = {g["gate"]: g for g in report["gates"]}
    for gate in GATES:
        assert gates[gate]["status"] == "passed", gates[gate]
    assert gates["checkov"]["counts"]["failed"] == 0
    assert {c["kind"] for c in report["components"]} == kinds
    providers = (out / "providers.tf").read_text()
    assert "Owner" in providers and 'default     = "team-web"' in (out / "variables.tf").read_text()
    decisions = (out / "DECISIONS.md").read_text()
    assert "core.request.static-framework" in decisions and "A Lambda function behind the HTTP API" in decisions
