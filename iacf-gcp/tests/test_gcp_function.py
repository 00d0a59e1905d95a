"""function on Google Cloud (Cloud Functions 2nd gen): an English request in staging (a web app invoking a
function, both using a bucket) passes every gate (offline schema validation, Checkov 0 failed); only the app is
granted to invoke it; the cloud_function module's mocked terraform test runs; bad parameters are refused.

One project per request, shared by the module; Checkov and validate run once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iacf_core.testing import assert_every_gate_passes, assert_module_tests_pass, assert_refused, generated_project

REQUEST = "A Django web app calling a Cloud Function with a GCS bucket in staging on GCP"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "gcp-function")


def test_function_is_internal_with_its_own_identities(project: Path) -> None:
    main = (project / "main.tf").read_text()
    block = main[main.index('module "fn" {'):]
    block = block[:block.index("\n}\n")]
    assert 'kms_key                     = module.kms.key_ids["functions"]' in block
    # the API requires the function's image repository under the function's own key
    assert 'artifacts_kms_key           = module.kms.key_ids["functions"]' in block
    keys = main[main.index('module "kms" {'):]
    members = re.search(r"^\s+functions = \[(.*)\]$", keys[:keys.index("\n}\n")], re.M)
    assert members is not None
    assert {agent for agent in re.findall(r"@([a-z-]+)\.iam\.gserviceaccount\.com", members.group(1))} == {
        "gcf-admin-robot", "gcp-sa-artifactregistry", "gs-project-accounts", "serverless-robot-prod"}
    assert 'key_ids["artifacts"]' not in main
    assert "service_account_email       = google_service_account.fn.email" in block
    assert "build_service_account_email = google_service_account.fn_build.email" in block
    assert re.search(r"invokers = \{\s+app = google_service_account\.app\.email\s+\}", block)
    assert re.search(r"FN_URL += module\.fn\.url", main)  # the app knows where to call
    # the function uses the bucket with its own identity, granted on the bucket only
    assert re.search(r'fn += \{ email = google_service_account\.fn\.email, access = "read_write" \}', main)
    assert "gcf-admin-robot.iam.gserviceaccount.com" in main and "gcp-sa-artifactregistry" in main
    module = (project / "modules" / "cloud_function" / "main.tf").read_text()
    assert 'direct_vpc_egress              = "VPC_EGRESS_ALL_TRAFFIC"' in module
    assert "allUsers" not in module and '"ALLOW_ALL"' not in module
    tfvars = (project / "bootstrap" / "iacf.auto.tfvars").read_text()
    # an HTTP function sets no function IAM policy: the developer role deploys it, the admin role is not given
    assert '"roles/logging.logWriter"' in tfvars and '"roles/cloudfunctions.developer"' in tfvars
    assert '"roles/cloudfunctions.admin"' not in tfvars
    assert "TF_VAR_fn_source_object" in (project / ".github" / "workflows" / "terraform.yml").read_text()
    decisions = (project / "DECISIONS.md").read_text()
    assert "gcp.fn.private" in decisions and "invoked by app" in decisions and "CIS GCP 4.1" in decisions


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_every_gate_passes(project: Path) -> None:
    assert_every_gate_passes(project)


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_function_module_mocked_test_runs(project: Path, tmp_path: Path) -> None:
    # the new module alone: the seed's verify test runs the others
    assert_module_tests_pass(project, "cloud_function", "gcp", "google", 5, tmp_path)


@pytest.mark.parametrize(("params", "field"), [
    ("{runtime: python3.13}", "runtime"),
    ("{memory: 3G}", "memory"),
    ("{min_instances: 5, max_instances: 2}", "min_instances"),
    ("{architecture: arm64}", "architecture"),
])
def test_bad_parameters_are_refused(tmp_path: Path, params: str, field: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"project: fns\ncloud: gcp\nenvironment: dev\ncomponents:\n"
                    f"  - kind: function\n    params: {params}\n")
    assert_refused(tmp_path / "out", spec, field)
