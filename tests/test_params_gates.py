"""A spec that states parameters of every AWS kind (non-default values: FIFO, custom keys, another runtime and
architecture, Aurora readers, no single-page routing...) generates a project that passes every gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from iacf_core.testing import run_cli

SPEC = {
    "project": "params", "cloud": "aws", "environment": "prod", "domain_name": "shop.example.com",
    "components": [
        {"kind": "web_app", "params": {"framework": "fastapi", "min_replicas": 4, "max_replicas": 8, "cpu": 2048,
                                       "memory": 8192, "port": 9000, "health_check_path": "/ready"}},
        {"kind": "relational_database", "params": {"engine": "aurora-mysql", "instances": 3,
                                                   "instance_class": "db.r7g.xlarge", "backup_retention_days": 14,
                                                   "database_name": "shop"}},
        {"kind": "cache", "params": {"engine": "redis", "engine_version": "7.0", "node_type": "cache.r7g.large",
                                     "nodes": 2, "snapshot_retention_days": 3}},
        {"kind": "static_site", "params": {"price_class": "PriceClass_200", "spa": False}},
        {"kind": "queue", "params": {"fifo": True, "visibility_timeout_seconds": 400,
                                     "message_retention_seconds": 86400, "max_receive_count": 3}},
        {"kind": "topic", "params": {"fifo": True}},
        {"kind": "nosql_table", "params": {"partition_key": "order_id", "partition_key_type": "N",
                                           "sort_key": "created_at", "ttl_attribute": "expires_at"}},
        {"kind": "object_storage", "params": {"transition_to_ia_days": 45, "transition_to_glacier_days": 120,
                                              "expiration_days": 400, "noncurrent_version_retention_days": 60}},
        {"kind": "function", "params": {"runtime": "nodejs22.x", "architecture": "x86_64", "memory_mb": 1024,
                                        "timeout_seconds": 20, "reserved_concurrency": 30}},
        {"kind": "worker", "params": {"runtime": "ruby3.3", "batch_size": 5, "timeout_seconds": 60}},
        {"kind": "scheduled_job", "params": {"runtime": "python3.13", "schedule": "cron(0 3 * * ? *)",
                                             "timezone": "Europe/Paris"}},
        {"kind": "http_api", "params": {"throttling_rate_limit": 40, "throttling_burst_limit": 80}},
    ],
}


@pytest.mark.terraform
@pytest.mark.checkov
def test_a_spec_stating_every_kind_s_parameters_passes_every_gate(tmp_path: Path, need_terraform, need_checkov):
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(SPEC, sort_keys=False))
    res = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--json")
    report = json.loads(res.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert res.exit_code == 0, errors[:10] or res.stderr
    gates = {g["gate"]: g for g in report["gates"]}
    assert all(g["status"] == "passed" for g in gates.values()), gates
    checkov = gates["checkov"]["counts"]
    assert checkov["failed"] == 0 and checkov["parsing_errors"] == 0 and checkov["resource_count"] > 250, checkov
