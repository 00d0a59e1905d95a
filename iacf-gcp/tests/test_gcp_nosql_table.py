"""nosql_table on Google Cloud (Firestore Native): a French request in prod passes every gate (offline schema
validation, Checkov 0 failed) with PITR, delete protection and weekly backups; a dev spec turns them off as
recorded decisions; the firestore module's mocked terraform test runs; bad parameters are refused.

One project per request, shared by the module; Checkov and validate run once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from iacf_core.testing import assert_every_gate_passes, assert_module_tests_pass, assert_refused, generated_project

REQUEST = "Une app web Flask avec une base Firestore en prod sur GCP"
SPEC = """\
project: catalog
cloud: gcp
environment: dev
components:
  - kind: web_app
    params: {framework: django}
  - kind: nosql_table
    name: products
connections:
  - {from: app, to: products, access: read}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "gcp-firestore")


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, yaml.safe_load(SPEC), "gcp-firestore-spec")


@pytest.mark.parametrize("request_text", ["A web app with a Firestore database in dev on Google Cloud",
                                          "Une app web avec une base de données Firestore en prod sur GCP"])
def test_a_firestore_database_is_no_sql_database_besides(request_text: str) -> None:
    from iacf_core.testing import run_cli

    res = run_cli("parse", request_text, "--json")
    assert res.exit_code == 0, res.stderr
    assert [c["kind"] for c in json.loads(res.stdout)["spec"]["components"]] == ["web_app", "nosql_table"]


def test_prod_database_is_protected_encrypted_and_granted_on_itself(project: Path) -> None:
    main = (project / "main.tf").read_text()
    assert 'kms_key                = module.kms.key_ids["documents"]' in main
    assert "@gcp-sa-firestore.iam.gserviceaccount.com" in main
    assert "point_in_time_recovery = true" in main and "delete_protection      = true" in main
    assert "weekly_backup_weeks    = 14" in main
    assert re.search(r'app = \{ email = google_service_account\.app\.email, access = "read_write" \}', main)
    assert re.search(r"TABLE_DATABASE += module\.table\.name", main)
    module = (project / "modules" / "firestore" / "main.tf").read_text()
    assert 'resource.name == \\"projects/${var.project_id}/databases/${var.name}\\"' in module
    tfvars = (project / "bootstrap" / "iacf.auto.tfvars").read_text()
    assert '"roles/datastore.user"' in tfvars and '"roles/datastore.owner"' in tfvars
    assert "firestore.googleapis.com; do gcloud beta services identity create" in (project / "README.md").read_text()


def test_dev_turns_protection_off_as_a_decision(dev: Path) -> None:
    main = (dev / "main.tf").read_text()
    assert "point_in_time_recovery = false" in main and "delete_protection      = false" in main
    assert "weekly_backup_weeks    = 0" in main
    assert re.search(r'app = \{ email = google_service_account\.app\.email, access = "read" \}', main)
    decisions = (dev / "DECISIONS.md").read_text()
    assert "deliberately off in dev" in decisions and "app datastore.viewer" in decisions


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_every_gate_passes(project: Path) -> None:
    assert_every_gate_passes(project)


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_firestore_module_mocked_test_runs(project: Path, tmp_path: Path) -> None:
    # the new module alone: the seed's verify test runs the others
    assert_module_tests_pass(project, "firestore", "gcp", "google", 3, tmp_path)


@pytest.mark.parametrize(("params", "field"), [
    ("{partition_key: id}", "partition_key"),
    ("{weekly_backup_weeks: 15}", "weekly_backup_weeks"),
    ("{concurrency_mode: OPTIMISTIC_WITH_ENTITY_GROUPS}", "concurrency_mode"),
])
def test_bad_parameters_are_refused(tmp_path: Path, params: str, field: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"project: docs\ncloud: gcp\nenvironment: dev\ncomponents:\n"
                    f"  - kind: nosql_table\n    params: {params}\n")
    assert_refused(tmp_path / "out", spec, field)
