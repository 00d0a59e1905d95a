"""static_site on Google Cloud: a French request for a static site, a bucket and a function in prod passes every
gate (offline schema validation, Checkov 0 failed, the kit's gates); the site bucket is the only public one and
the project's public access prevention policy gives way to bucket-level enforcement, which the gcp-public-buckets
gate proves and fails when a bucket loses it; a connected function publishes; bad parameters are refused.

One project shared by the module; Checkov and validate run once.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from iacf_core import Severity
from iacf_core.testing import assert_every_gate_passes, assert_refused, generated_project
from iacf_gcp.checks import check_iam, check_public_buckets

REQUEST = "Un site statique avec un bucket GCS et une fonction Cloud Functions en prod sur GCP"
SPEC = """\
project: brochure
cloud: gcp
environment: dev
domain_name: www.brochure.example.org
components:
  - kind: static_site
    params: {spa: true, blocked_countries: [KP, IR], cache_ttl_seconds: 600, index_document: main.html}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "gcp-site")


def _errors(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.message for f in findings if f.severity == Severity.ERROR]


def test_site_bucket_is_served_by_cloud_cdn_under_an_edge_policy(project: Path) -> None:
    main = (project / "main.tf").read_text()
    assert 'source = "./modules/cdn_site"' in main and 'kms_key                 = module.kms.key_ids["storage"]' in main
    assert "spa                     = false" in main and "default_ttl             = 3600" in main
    assert '"compute.googleapis.com"' in main and '"storage.googleapis.com"' in main
    assert re.search(r'site_domains += \["static-site\.example\.com"\]', (project / "iacf.auto.tfvars").read_text())
    module = (project / "modules" / "cdn_site" / "main.tf").read_text()
    assert 'type        = "CLOUD_ARMOR_EDGE"' in module
    assert "edge_security_policy = google_compute_security_policy.edge.id" in module
    assert "enable_cdn           = true" in module and "negative_caching   = true" in module
    assert "signed_url" not in module and "google_compute_backend_bucket_signed_url_key" not in module
    assert 'min_tls_version = "TLS_1_2"' in module and "https_redirect         = true" in module
    decisions = (project / "DECISIONS.md").read_text()
    for did in ("cdn", "public-bucket", "edge-policy", "tls", "publishers"):
        assert f"gcp.site.{did}" in decisions, did
    assert "backend-service only" in decisions or "only backend services take" in decisions


def test_site_bucket_is_the_only_public_one(project: Path) -> None:
    module = (project / "modules" / "cdn_site" / "main.tf").read_text()
    assert module.count('member = "allUsers"') == 1 and "allAuthenticatedUsers" not in module
    assert re.search(r'bucket = google_storage_bucket\.site\.name\n  role   = "roles/storage\.objectViewer"\n'
                     r'  member = "allUsers"', module)
    assert 'role   = "roles/storage.objectAdmin"' in module  # publishers, on the site bucket only
    # every other bucket of the output enforces public access prevention; the site's inherits
    buckets = {}
    for tf in project.rglob("*.tf"):
        for name, body in re.findall(r'resource "google_storage_bucket" "(\w+)" \{(.*?)\n\}', tf.read_text(), re.S):
            buckets[f"{tf.parent.relative_to(project)}/{name}"] = re.search(
                r'public_access_prevention\s+= "(\w+)"', body).group(1)
    assert buckets.pop("modules/cdn_site/site") == "inherited"
    assert len(buckets) >= 5 and set(buckets.values()) == {"enforced"}, buckets
    assert _errors(check_public_buckets(project)) == [] and _errors(check_iam(project)) == []


def test_project_policy_gives_way_to_bucket_enforcement(project: Path) -> None:
    assert "enforce_public_access_prevention = false" in (project / "main.tf").read_text()
    decisions = (project / "DECISIONS.md").read_text()
    section = decisions[decisions.index("gcp.org-policies"):]
    assert "public access prevention enforced per bucket, not on the project" in section
    assert "CIS GCP 5.1" in section and "gcp-public-buckets" in section
    # every Checkov skip of the output is explained in DECISIONS.md
    skips = {m for tf in project.rglob("*.tf") for m in re.findall(r"checkov:skip=(CKV_GCP_\d+)", tf.read_text())}
    assert {"CKV_GCP_28", "CKV_GCP_114", "CKV_GCP_73"} <= skips
    assert all(s in decisions for s in skips), skips - {s for s in skips if s in decisions}


def test_gate_fails_a_bucket_that_loses_enforcement(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "out"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".terraform*"))
    storage = copy / "modules" / "gcs_bucket" / "main.tf"
    storage.write_text(storage.read_text().replace('public_access_prevention    = "enforced"',
                                                   'public_access_prevention    = "inherited"', 1))
    site = copy / "modules" / "cdn_site" / "main.tf"
    site.write_text(site.read_text().replace('member = "group:cloud-storage-analytics@google.com"',
                                             'member = "allAuthenticatedUsers"'))
    errors = _errors(check_public_buckets(copy))
    assert any("google_storage_bucket.access_logs does not set public_access_prevention" in e for e in errors)
    assert any("access_logs_writer grants allAuthenticatedUsers" in e for e in errors)
    assert len(errors) == 2, errors
    # the site's public grant widened to writing objects is no longer the allowed one
    site.write_text(site.read_text().replace('role   = "roles/storage.objectViewer"\n  member = "allUsers"',
                                             'role   = "roles/storage.objectCreator"\n  member = "allUsers"'))
    assert any("public_read grants allUsers" in e for e in _errors(check_public_buckets(copy)))
    assert any("public_read grants allUsers" in e for e in _errors(check_iam(copy)))


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_every_gate_passes(project: Path) -> None:
    assert_every_gate_passes(project, gates=("gcp-public-buckets", "coverage"))


def test_spec_parameters_and_publishers(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC)
    generated_project(tmp_path, spec, "out")
    main = (tmp_path / "out" / "main.tf").read_text()
    assert "spa                     = true" in main and 'index_document          = "main.html"' in main
    assert "default_ttl             = 600" in main and 'blocked_regions         = ["KP", "IR"]' in main
    assert "publishers              = var.site_publishers" in main
    assert re.search(r'site_domains += \["www\.brochure\.example\.org"\]',
                     (tmp_path / "out" / "iacf.auto.tfvars").read_text())
    decisions = (tmp_path / "out" / "DECISIONS.md").read_text()
    assert "Publishers of site (site_publishers): objectAdmin on the site bucket only" in decisions
    assert "2 region(s) and 0 range(s) blocked" in decisions


@pytest.mark.parametrize(("params", "field"), [
    ("{price_class: PriceClass_100}", "price_class"),
    ("{rate_limit_per_minute: 600}", "rate_limit_per_minute"),
    ("{blocked_countries: [fr]}", "blocked_countries"),
    ("{blocked_ip_ranges: [10.0.0.1/8]}", "blocked_ip_ranges"),
    ("{index_document: pages/index.html}", "index_document"),
    ("{cache_ttl_seconds: 100000}", "cache_ttl_seconds"),
])
def test_bad_parameters_are_refused(tmp_path: Path, params: str, field: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"project: site\ncloud: gcp\nenvironment: dev\ncomponents:\n"
                    f"  - kind: static_site\n    params: {params}\n")
    assert_refused(tmp_path / "out", spec, field)
