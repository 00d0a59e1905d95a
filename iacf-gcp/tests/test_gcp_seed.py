"""The seed pair on Google Cloud ("App web Django avec PostgreSQL en prod/dev sur GCP"): goldens, every gate
(Checkov 0 failed when it is installed), the mocked terraform tests of `iacf verify`, and what GCP refuses.

Each request is generated once per module; the slow runs (Checkov, verify) run once per stack.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from iacf_core.testing import (
    assert_every_gate_passes,
    assert_refused,
    assert_tree_equal,
    generated_project,
    run_cli,
    template_roots,
)

GOLDEN = Path(__file__).parent / "golden"
REQUESTS = {
    "prod": "App web Django avec PostgreSQL en prod sur GCP",
    "dev": "App web Django avec PostgreSQL en dev sur GCP",
}


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {env: generated_project(tmp_path_factory, request, f"gcp-seed-{env}") for env, request in REQUESTS.items()}


@pytest.mark.parametrize("env", sorted(REQUESTS))
def test_golden(projects: dict[str, Path], env: str, iacf_update_golden: bool) -> None:
    assert_tree_equal(projects[env], GOLDEN / f"django-{env}", iacf_update_golden, vendored_from=template_roots())


def test_prod_and_dev_differ_where_decided(projects: dict[str, Path]) -> None:
    prod = (projects["prod"] / "main.tf").read_text()
    dev = (projects["dev"] / "main.tf").read_text()
    assert 'availability_type              = "REGIONAL"' in prod and '"ZONAL"' in dev
    assert "lock_log_bucket     = true" in prod and "lock_log_bucket     = false" in dev
    assert "deletion_protection            = true" in prod and "deletion_protection            = false" in dev
    decisions = (projects["dev"] / "DECISIONS.md").read_text()
    assert "deliberately off in dev" in decisions


def test_labels_and_no_basic_role(projects: dict[str, Path]) -> None:
    for path in projects.values():
        providers = (path / "providers.tf").read_text() + (path / "bootstrap" / "providers.tf").read_text()
        assert providers.count("default_labels") == 2
        text = "".join(p.read_text() for p in path.rglob("*.tf"))
        assert not re.search(r'"roles/(owner|editor|viewer)"', text)
        assert "allUsers" not in text
        assert 'backend "gcs"' in (path / "backend.tf").read_text()


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
@pytest.mark.parametrize("env", sorted(REQUESTS))
def test_every_gate_passes(projects: dict[str, Path], env: str) -> None:
    assert_every_gate_passes(projects[env])


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_verify_says_no_emulator_and_runs_the_mocked_tests(projects: dict[str, Path]) -> None:
    pytest.importorskip("grpc", reason="the offline extra of iacf-core runs the schema-only provider")
    if shutil.which("terraform") is None:
        pytest.skip("terraform not installed")
    res = run_cli("verify", str(projects["prod"]), "--json", "--quiet")
    report = json.loads(res.stdout)
    assert res.exit_code == 0, report
    assert report["emulator"].startswith("none: no emulator")
    roots = {r["root"] for r in report["roots"]}
    assert {"modules/kms", "modules/network", "modules/cloud_run", "modules/https_lb", "modules/cloud_sql_postgres",
            "modules/baseline", "."} <= roots


@pytest.mark.parametrize("request_text", [
    "A Kafka event stream in prod on Google Cloud",
])
def test_kinds_not_built_are_refused_with_the_list(tmp_path: Path, request_text: str) -> None:
    res = run_cli("generate", request_text, "--out", str(tmp_path / "out"), "--no-validate")
    assert res.exit_code == 2
    listed = set(res.stderr.split("supported components: ")[1].split(")")[0].strip().rstrip(".").split(", "))
    assert {"cache", "function", "http_api", "kubernetes_cluster", "network", "nosql_table", "object_storage",
            "queue", "relational_database", "scheduled_job", "topic", "web_app", "worker"} <= listed
    assert "event_stream" not in listed
    assert res.stderr.strip().count("\n") == 0 and not (tmp_path / "out").exists()


@pytest.mark.parametrize(("words", "region"), [
    ("a Paris", "europe-west9"), ("en Belgique", "europe-west1"), ("a Francfort", "europe-west3"),
    ("a Londres", "europe-west2"), ("aux Pays-Bas", "europe-west4"), ("a Zurich", "europe-west6"),
    ("a Milan", "europe-west8"), ("a Madrid", "europe-southwest1"), ("in Tokyo", "asia-northeast1"),
    ("in Iowa", "us-central1"),
])
def test_regions_by_city_and_country(words: str, region: str) -> None:
    res = run_cli("parse", f"App web Django en dev sur GCP {words}")
    assert res.exit_code == 0, res.stderr
    assert f"region: {region}" in res.stdout


def test_policy_section_is_checked(tmp_path: Path) -> None:
    policy = tmp_path / "iacf.toml"
    policy.write_text('[gcp]\nproject_id = "Not_A_Project"\n')
    assert_refused(tmp_path / "out", REQUESTS["dev"], "project", "--policy", str(policy))
    policy.write_text('[gcp]\nproject_id = "acme-app-dev"\nbilling_account = "012345-6789AB-CDEF01"\n')
    generated_project(tmp_path, REQUESTS["dev"], "ok", "--policy", str(policy))
    tfvars = (tmp_path / "ok" / "iacf.auto.tfvars").read_text()
    assert re.search(r'^project_id +\= "acme-app-dev"$', tfvars, re.M)
    assert re.search(r'^billing_account +\= "012345-6789AB-CDEF01"$', tfvars, re.M)
