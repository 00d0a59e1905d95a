"""object_storage on Google Cloud: a Cloud Storage bucket generated from an English request in staging passes every
gate (offline schema validation, Checkov 0 failed); a spec asking for a retention policy and a read-only client
renders them; the bucket module's mocked terraform test runs; bad parameters are refused.

One project per request, shared by the module; Checkov and validate run once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from iacf_core.testing import assert_every_gate_passes, assert_module_tests_pass, assert_refused, generated_project

REQUEST = "A Django web app with a Cloud Storage bucket in staging on Google Cloud"
SPEC = """\
project: archive
cloud: gcp
environment: prod
components:
  - kind: web_app
    params: {framework: django}
  - kind: web_app
    name: reports
    params: {framework: flask}
  - kind: object_storage
    name: records
    params: {retention_days: 3650, storage_class: NEARLINE}
connections:
  - {from: app, to: records, access: write}
  - {from: reports, to: records, access: read}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "gcp-storage")


@pytest.fixture(scope="module")
def retained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, yaml.safe_load(SPEC), "gcp-storage-spec")


def test_bucket_is_private_encrypted_and_granted_to_its_client(project: Path) -> None:
    main = (project / "main.tf").read_text()
    assert 'source = "./modules/gcs_bucket"' in main
    assert 'kms_key                 = module.kms.key_ids["storage"]' in main
    assert "gs-project-accounts.iam.gserviceaccount.com" in main  # only Cloud Storage's agent uses the key
    assert re.search(r'app = \{ email = google_service_account\.app\.email, access = "read_write" \}', main)
    assert re.search(r"STORAGE_BUCKET += module\.storage\.name", main)
    assert '"storage.googleapis.com"' in main
    module = (project / "modules" / "gcs_bucket" / "main.tf").read_text()
    assert module.count('public_access_prevention    = "enforced"') == 2
    assert module.count("uniform_bucket_level_access = true") == 2
    assert "allUsers" not in module and "roles/storage.admin" not in module
    decisions = (project / "DECISIONS.md").read_text()
    assert "gcp.storage.private" in decisions and "CIS GCP 5.1" in decisions and "CKV_GCP_62" in decisions


def test_staging_defaults_are_decided(project: Path) -> None:
    main = (project / "main.tf").read_text()
    assert "noncurrent_version_days = 90" in main and "soft_delete_days        = 7" in main
    assert "retention_days          = 0" in main and "force_destroy           = false" in main


def test_retention_and_read_only_client_from_a_spec(retained: Path) -> None:
    main = (retained / "main.tf").read_text()
    assert "retention_days          = 3650" in main and 'storage_class           = "NEARLINE"' in main
    assert re.search(r'app += \{ email = google_service_account\.app\.email, access = "write" \}', main)
    assert re.search(r'reports = \{ email = google_service_account\.reports\.email, access = "read" \}', main)
    assert "noncurrent_version_days = 365" in main and "soft_delete_days        = 30" in main
    decisions = (retained / "DECISIONS.md").read_text()
    assert "retention policy of 3650 days" in decisions and "refuses versioning" in decisions
    assert "app storage.objectCreator, reports storage.objectViewer" in decisions


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_every_gate_passes(project: Path) -> None:
    assert_every_gate_passes(project)


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_bucket_module_mocked_test_runs(project: Path, tmp_path: Path) -> None:
    # the new module alone: the seed's verify test runs the others
    assert_module_tests_pass(project, "gcs_bucket", "gcp", "google", 3, tmp_path)


@pytest.mark.parametrize(("params", "field"), [
    ("{storage_class: GLACIER}", "storage_class"),
    ("{transition_to_glacier_days: 90}", "transition_to_glacier_days"),
    ("{soft_delete_days: 3}", "soft_delete_days"),
    ("{retention_days: 30, expiration_days: 10}", "expiration_days"),
])
def test_bad_parameters_are_refused(tmp_path: Path, params: str, field: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"project: files\ncloud: gcp\nenvironment: dev\ncomponents:\n"
                    f"  - kind: object_storage\n    params: {params}\n")
    assert_refused(tmp_path / "out", spec, field)
