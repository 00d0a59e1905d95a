"""Google Cloud in a module factory: every vendored module is seeded (a basic example and its mocked test),
`iacf factory init` releases them, the seeded modules pass fmt, validate and `terraform test` against the google
schema and Checkov, the publish gates pass offline; every Checkov Google Cloud check is rated, and the policy's
blocking severities apply to its findings (the kit's FactorySeedContract)."""

from __future__ import annotations

import pytest

from iacf_core.testing import FactorySeedContract


class TestFactorySeeds(FactorySeedContract):
    pytestmark = [pytest.mark.xdist_group("gcp-factory")]
    package = "iacf_gcp"
    cloud = "gcp"
    provider = "google"
    check_ids = r"CKV2?_GCP_\d+"
    publish_sample = "kms"
