"""A mixed stack whose access is stated pair by pair (a spec's `connections`) through every gate: terraform fmt and
validate, Checkov with no failed check, the static gates; DECISIONS.md and the README say who may use what."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from iacf_core.testing import run_cli

SPEC = {
    "project": "shop", "cloud": "aws", "environment": "staging",
    "components": [
        {"kind": "web_app", "params": {"framework": "django"}},
        {"kind": "relational_database"},
        {"kind": "cache"},
        {"kind": "function", "name": "resize"},
        {"kind": "function", "name": "report"},
        {"kind": "http_api"},
        {"kind": "worker"},
        {"kind": "queue", "name": "jobs"},
        {"kind": "topic", "name": "events"},
        {"kind": "nosql_table", "name": "orders"},
        {"kind": "object_storage", "name": "uploads"},
    ],
    "connections": [
        {"from": "app", "to": "db", "access": "connect"},
        {"from": "app", "to": "cache", "access": "connect"},
        {"from": "app", "to": "uploads", "access": "write"},
        {"from": "app", "to": "jobs", "access": "send"},
        {"from": "app", "to": "resize", "access": "invoke"},
        {"from": "api", "to": "report", "access": "invoke"},
        {"from": "api", "to": "orders", "access": "read"},
        {"from": "report", "to": "db", "access": "connect"},
        {"from": "report", "to": "events", "access": "publish"},
        {"from": "resize", "to": "uploads", "access": "read"},
        {"from": "worker", "to": "jobs", "access": "consume"},
        {"from": "worker", "to": "orders", "access": "write"},
    ],
}
GATES = ("hcl", "secrets", "tags", "ingress", "coverage", "fmt", "validate", "checkov")


@pytest.mark.terraform
@pytest.mark.checkov
def test_stated_connections_pass_every_gate(tmp_path: Path, need_terraform: None, need_checkov: None) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(SPEC, sort_keys=False))
    out = tmp_path / "infra"
    res = run_cli("generate", "--spec", str(spec), "--out", str(out), "--json")
    report = json.loads(res.stdout)
    assert res.exit_code == 0, [f for f in report["findings"] if f["severity"] == "error"][:10]
    gates = {g["gate"]: g for g in report["gates"]}
    for gate in GATES:
        assert gates[gate]["status"] == "passed", gates[gate]
    counts = gates["checkov"]["counts"]
    assert counts["failed"] == 0 and counts["parsing_errors"] == 0 and counts["resource_count"] > 100
    decisions = (out / "DECISIONS.md").read_text()
    for title in ("Access as stated: 12 connection(s), nothing else", "What api uses is what its function report uses",
                  "app reaches cache over TLS with IAM authentication"):
        assert title in decisions, title
    readme = (out / "README.md").read_text()
    assert "| `report` | `orders` | read |" in readme and "| `worker` | `orders` | write |" in readme
