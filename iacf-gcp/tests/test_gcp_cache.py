"""cache on Google Cloud (Memorystore for Redis): a French request in prod (web app, PostgreSQL, cache) passes
every gate (offline schema validation, Checkov 0 failed) with AUTH, TLS, CMEK and the standard tier; dev runs the
basic tier as a recorded decision; the memorystore_redis module's mocked terraform test runs; bad parameters
are refused.

One project per request, shared by the module; Checkov and validate run once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iacf_core.testing import (
    assert_every_gate_passes,
    assert_module_tests_pass,
    assert_refused,
    generated_project,
)

REQUEST = "App web Django avec PostgreSQL et un cache Memorystore Redis en prod sur GCP"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "gcp-cache")


def test_cache_is_private_authenticated_encrypted(project: Path) -> None:
    main = (project / "main.tf").read_text()
    assert 'kms_key        = module.kms.key_ids["cache"]' in main
    assert "@cloud-redis.iam.gserviceaccount.com" in main
    assert 'tier           = "STANDARD_HA"' in main and "snapshots      = true" in main
    assert 'redis_version  = "REDIS_7_2"' in main
    # the app alone may reach it, on the TLS port, and reads the AUTH string from its own secret
    rule = main[main.index('"app-cache" = {'):]
    assert re.match(r'"app-cache" = \{\s+description[^\n]+\s+target_tags += \["\$\{local\.name\}-app"\]\s+ports += '
                    r'\["6378"\]\s+to_private_services = true', rule)
    assert 'secrets               = ["DJANGO_SECRET_KEY", "CACHE_AUTH"]' in main
    assert re.search(r"CACHE_HOST += module\.cache\.host", main)
    module = (project / "modules" / "memorystore_redis" / "main.tf").read_text()
    assert "auth_enabled            = true" in module
    assert 'transit_encryption_mode = "SERVER_AUTHENTICATION"' in module
    assert 'connect_mode            = "PRIVATE_SERVICE_ACCESS"' in module
    assert "auth_string" not in (project / "outputs.tf").read_text() + (project / "main.tf").read_text()
    readme = (project / "README.md").read_text()
    assert "gcloud redis instances get-auth-string" in readme and "redis.googleapis.com; do" in readme


def test_dev_runs_the_basic_tier_as_a_decision(tmp_path: Path) -> None:
    generated_project(tmp_path, "Django web app with a Redis cache in dev on GCP", "dev")
    main = (tmp_path / "dev" / "main.tf").read_text()
    assert 'tier           = "BASIC"' in main and "snapshots      = false" in main
    assert "deliberately off outside prod" in (tmp_path / "dev" / "DECISIONS.md").read_text()


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_every_gate_passes(project: Path) -> None:
    assert_every_gate_passes(project)


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_redis_module_mocked_test_runs(project: Path, tmp_path: Path) -> None:
    # the new module alone: the seed's verify test runs the others
    assert_module_tests_pass(project, "memorystore_redis", "gcp", "google", 3, tmp_path)


@pytest.mark.parametrize(("params", "field"), [
    ("{engine: memcached}", "engine"),
    ("{engine_version: '5.0'}", "engine_version"),
    ("{memory_size_gb: 0}", "memory_size_gb"),
    ("{node_type: cache.t4g.micro}", "node_type"),
])
def test_bad_parameters_are_refused(tmp_path: Path, params: str, field: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"project: cachekv\ncloud: gcp\nenvironment: dev\ncomponents:\n"
                    f"  - kind: cache\n    params: {params}\n")
    assert_refused(tmp_path / "out", spec, field)
