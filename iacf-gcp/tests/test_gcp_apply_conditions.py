"""The apply identity's storage, Secret Manager and Cloud KMS admin roles are limited to the project's own resources.

No narrower predefined role creates buckets, secrets or keys and sets their IAM policies, so the apply identity keeps
the admin roles, but bootstrap/ grants them with an IAM condition on resource.type and resource.name: on a bucket or
object, a secret, a key ring or key, only the names the project gives its own, never the state bucket, its log bucket
or its key ring; any other check (creating one, which Google checks on the project) passes. The conditions are
evaluated here on the resources the stack creates and on those it must not reach. Pub/Sub and service accounts
recognise no resource attribute in IAM conditions: their admin roles stay project-wide, and say so. The gcp-iam gate
refuses a bootstrap that grants the scoped roles without their condition.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from iacf_core.testing import generated_project
from iacf_core.toolkit.hcl import load_file
from iacf_gcp.checks import check_iam
from iacf_gcp.delivery import SCOPED_ROLES

REQUEST = "a Cloud Function that consumes a Pub/Sub queue and writes to a GCS bucket, prod on GCP"
NAME, NUMBER, PROJECT_ID, REGION = "shop-prod", "123456789", "shop-prod-1", "europe-west9"
# the values Terraform interpolates into the expressions, for the evaluation below
VALUES = {
    "local.name": NAME, "local.number": NUMBER, "var.project_id": PROJECT_ID,
    "local.state_bucket": f"projects/_/buckets/{NAME}-tfstate-{NUMBER}",
    "local.state_logs": f"projects/_/buckets/{NAME}-tfstate-logs-{NUMBER}",
    "local.key_ring": f"locations/{REGION}/keyRings/{NAME}-keys",
}
PROJECT = ("cloudresourcemanager.googleapis.com/Project", f"projects/{NUMBER}")
BUCKET, OBJECT = "storage.googleapis.com/Bucket", "storage.googleapis.com/Object"
SECRET, VERSION = "secretmanager.googleapis.com/Secret", "secretmanager.googleapis.com/SecretVersion"
RING, KEY = "cloudkms.googleapis.com/KeyRing", "cloudkms.googleapis.com/CryptoKey"
KEYS = f"locations/{REGION}/keyRings/{NAME}-keys"
# role → (resources the apply needs: allowed, resources it must not reach: refused)
CASES = {
    "roles/storage.admin": (
        [PROJECT, ("", f"projects/{NUMBER}"), (BUCKET, f"projects/_/buckets/{NAME}-uploads-{NUMBER}"),
         (BUCKET, f"projects/_/buckets/{NAME}-uploads-{NUMBER}-logs"),
         (BUCKET, f"projects/_/buckets/{NAME}-fn-src-{NUMBER}"),
         (OBJECT, f"projects/_/buckets/{NAME}-fn-src-{NUMBER}/objects/source.zip")],
        [(BUCKET, VALUES["local.state_bucket"]), (OBJECT, VALUES["local.state_bucket"] + "/objects/default.tfstate"),
         (BUCKET, VALUES["local.state_logs"]), (OBJECT, VALUES["local.state_logs"] + "/objects/log"),
         (BUCKET, "projects/_/buckets/other-team-data"), (BUCKET, f"projects/_/buckets/{NAME}x-data")]),
    "roles/secretmanager.admin": (
        [PROJECT, (SECRET, f"projects/{NUMBER}/secrets/{NAME}-app-api-key"),
         (VERSION, f"projects/{NUMBER}/secrets/{NAME}-app-api-key/versions/1")],
        [(SECRET, f"projects/{NUMBER}/secrets/other-secret"), (SECRET, f"projects/{NUMBER}/secrets/{NAME}"),
         (VERSION, f"projects/{NUMBER}/secrets/other-secret/versions/1")]),
    "roles/cloudkms.admin": (
        [PROJECT, ("", f"projects/{PROJECT_ID}/locations/{REGION}"), (RING, f"projects/{PROJECT_ID}/{KEYS}"),
         (KEY, f"projects/{PROJECT_ID}/{KEYS}/cryptoKeys/storage"), (KEY, f"projects/{NUMBER}/{KEYS}/cryptoKeys/sql")],
        [(RING, f"projects/{PROJECT_ID}/locations/{REGION}/keyRings/{NAME}-tfstate"),
         (KEY, f"projects/{PROJECT_ID}/locations/{REGION}/keyRings/{NAME}-tfstate/cryptoKeys/tfstate"),
         (RING, f"projects/{PROJECT_ID}/{KEYS}-other"), (KEY, f"projects/{PROJECT_ID}/{KEYS}-other/cryptoKeys/x"),
         (RING, f"projects/{PROJECT_ID}/locations/us-east1/keyRings/{NAME}-keys")]),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "gcp-apply-conditions")


def _locals(project: Path) -> dict:
    found: dict = {}
    for entry in load_file(project / "bootstrap" / "main.tf").get("locals", []):
        found.update(entry)
    return found


def _allows(expression: str, resource_type: str, name: str) -> bool:
    """The IAM condition (CEL, the subset used: ==, !=, !, &&, ||, startsWith) for one resource."""
    text = re.sub(r"\$\{([a-z_.]+)\}", lambda m: VALUES[m.group(1)], expression.replace('\\"', '"'))
    assert "${" not in text, text
    python = (text.replace("&&", " and ").replace("||", " or ").replace("!resource", "not resource")
              .replace(".startsWith(", ".startswith("))
    resource = SimpleNamespace(type=resource_type, name=name)
    # the generator's own expression, translated above: comparisons and startswith only, no builtins
    return bool(eval(python, {"__builtins__": {}}, {"resource": resource}))  # noqa: S307


def test_the_interpolated_values_are_the_bootstraps_and_the_projects_names(project: Path) -> None:
    found = _locals(project)
    assert found["state_bucket"] == "projects/_/buckets/${google_storage_bucket.state.name}"
    assert found["state_logs"] == "projects/_/buckets/${google_storage_bucket.access_logs.name}"
    assert found["key_ring"] == "locations/${var.region}/keyRings/${local.name}-keys"
    assert found["number"] == "${data.google_project.this.number}"
    bootstrap = (project / "bootstrap" / "main.tf").read_text()
    assert 'name                        = "${local.name}-tfstate-${data.google_project.this.number}"' in bootstrap
    assert 'name     = "${local.name}-tfstate"' in bootstrap  # the state key ring, refused below
    main = (project / "main.tf").read_text()
    assert 'name     = "${local.name}-keys"' in main and "location = var.region" in main


@pytest.mark.parametrize("role", sorted(CASES))
def test_each_condition_keeps_the_projects_resources_and_refuses_the_others(project: Path, role: str) -> None:
    expression = _locals(project)["scoped_roles"][role]["expression"]
    allowed, refused = CASES[role]
    for resource_type, name in allowed:
        assert _allows(expression, resource_type, name), (role, resource_type, name)
    for resource_type, name in refused:
        assert not _allows(expression, resource_type, name), (role, resource_type, name)


def test_the_scoped_roles_are_granted_only_with_their_condition(project: Path) -> None:
    assert set(_locals(project)["scoped_roles"]) == set(SCOPED_ROLES)
    bootstrap = (project / "bootstrap" / "main.tf").read_text()
    plain = bootstrap[bootstrap.index('resource "google_project_iam_member" "apply" {'):]
    plain = plain[:plain.index("\n}\n")]
    assert "for_each = toset([for r in var.apply_roles : r if !contains(keys(local.scoped_roles), r)])" in plain
    assert "condition" not in plain.replace("#checkov", "")
    scoped = bootstrap[bootstrap.index('resource "google_project_iam_member" "apply_scoped" {'):]
    scoped = scoped[:scoped.index("\n}\n")]
    assert "r => local.scoped_roles[r] if contains(keys(local.scoped_roles), r)" in scoped
    assert "expression  = each.value.expression" in scoped


def test_the_reasons_say_which_admin_roles_are_conditioned_and_which_stay_project_wide(project: Path) -> None:
    decisions = (project / "DECISIONS.md").read_text()
    decision = decisions[decisions.index("### `gcp.delivery.apply-roles`"):]
    decision = decision[:decision.index("\n### ", 1)]
    readme = (project / "README.md").read_text()
    rows = dict(re.findall(r"^\| `(roles/[^`]+)` \| (.*) \|$", readme, re.M))
    for role in ("roles/storage.admin", "roles/cloudkms.admin"):  # this stack has no secret
        assert f"conditioned (IAM condition on resource.type and resource.name): {SCOPED_ROLES[role]}" in rows[role]
        assert re.search(rf" {re.escape(role)}: [^.]+conditioned \(IAM condition", decision), role
    for role in ("roles/pubsub.admin", "roles/iam.serviceAccountAdmin"):
        assert "project-wide" in rows[role] and "conditioned (" not in rows[role], role
    assert ("roles/cloudkms.admin, roles/secretmanager.admin, roles/storage.admin are granted with an IAM condition "
            "on resource.type and resource.name") not in decision  # this stack has no secret
    assert ("roles/cloudkms.admin, roles/storage.admin are granted with an IAM condition on resource.type and "
            "resource.name") in decision
    assert "roles/pubsub.admin and roles/iam.serviceAccountAdmin stay project-wide" in decision


def test_the_iam_gate_refuses_the_scoped_roles_without_their_condition(project: Path, tmp_path: Path) -> None:
    assert [f.severity.name for f in check_iam(project)] == ["INFO"]
    tampered = tmp_path / "tampered"
    shutil.copytree(project, tampered)
    main = tampered / "bootstrap" / "main.tf"
    text = main.read_text()
    text = text.replace("toset([for r in var.apply_roles : r if !contains(keys(local.scoped_roles), r)])",
                        "toset(var.apply_roles)", 1)
    start = text.index('"roles/storage.admin" = {')
    line = text.index("expression  = ", start)
    text = text[:line] + 'expression  = "request.time < timestamp(\\"2100-01-01T00:00:00Z\\")"' \
        + text[text.index("\n", line):]
    main.write_text(text)
    messages = sorted(f.message for f in check_iam(tampered) if f.severity.name == "ERROR")
    assert messages == [
        "google_project_iam_member.apply grants apply_roles without a condition: "
        + ", ".join(SCOPED_ROLES) + " would be granted project-wide",
        "google_project_iam_member.apply_scoped grants roles/storage.admin without a condition on resource.type and "
        "resource.name in local.scoped_roles",
    ]
