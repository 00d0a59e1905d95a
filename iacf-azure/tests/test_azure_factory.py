"""Azure in a module factory: every vendored module is seeded (a basic example and its mocked test), `iacf factory
init` releases them, the seeded modules pass fmt, validate and `terraform test` against the azurerm schema and
Checkov, the publish gates pass offline; every Checkov Azure check is rated, and the policy's blocking severities
apply to its findings (the kit's FactorySeedContract)."""

from __future__ import annotations

import pytest

from iacf_core.testing import FactorySeedContract


class TestFactorySeeds(FactorySeedContract):
    pytestmark = [pytest.mark.xdist_group("azure-factory")]
    package = "iacf_azure"
    cloud = "azure"
    provider = "azurerm"
    check_ids = r"CKV2?_AZURE_\d+"
    publish_sample = "key_vault"
