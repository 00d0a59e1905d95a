"""The cache kind on Azure: Azure Managed Redis, private, Entra ID only (no access key), TLS, its own customer-managed
key, highly available with persistence outside dev; each client given the access policy; bad parameters refused.

One staging stack is generated per module; `iacf validate` (fmt, offline validate, Checkov, the kit's gates) runs
on it once. The module's mocked tests run in the seed's verify test of every module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iacf_core.testing import assert_every_gate_passes, assert_refused, generated_project

REQUEST = "Une app web Django avec un cache Azure Managed Redis en staging sur Azure"


@pytest.fixture(scope="module")
def staging(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "azure-cache")


def _module(main: str, name: str) -> str:
    return main.split(f'module "{name}" {{')[1].split("\n}\n")[0]


def test_staging_cache_is_highly_available_private_and_keyed(staging: Path) -> None:
    main = (staging / "main.tf").read_text()
    cache = _module(main, "cache")
    assert 'source = "./modules/managed_redis"' in cache and re.search(r'sku_name\s+= "Balanced_B1"', cache)
    assert re.search(r"high_availability\s+= true", cache) and re.search(r'backup_frequency\s+= "12h"', cache)
    assert 'module.keys.key_ids["cache"]' in cache and '"cache"' in _module(main, "keys")
    assert '"app" = module.app.identity_principal_id' in cache
    app = _module(main, "app")
    assert "REDIS_CACHE_HOST" in app and 'REDIS_CACHE_PORT = "10000"' in app
    assert '"10000"' in _module(main, "network")
    module = (staging / "modules" / "managed_redis" / "main.tf").read_text()
    assert "access_keys_authentication_enabled          = false" in module
    assert 'public_network_access     = "Disabled"' in module and "primary_access_key" not in main + module
    assert "Checkov has no check for azurerm_managed_redis" in (staging / "DECISIONS.md").read_text()


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.xdist_group("azure-cache")
def test_every_gate_passes(staging: Path) -> None:
    assert_every_gate_passes(staging, min_resources=80,
                             gates=("fmt", "validate", "checkov", "tags", "roles", "storage", "ingress", "secrets"))


def test_dev_cache_has_no_replica_and_says_so(tmp_path: Path) -> None:
    out = generated_project(tmp_path, "A Flask web app with an Azure Cache for Redis in dev on Azure", "dev")
    cache = _module((out / "main.tf").read_text(), "cache")
    assert re.search(r"high_availability\s+= false", cache) and re.search(r'backup_frequency\s+= ""', cache)
    assert "high availability is off on purpose" in (out / "DECISIONS.md").read_text()


@pytest.mark.parametrize(("env", "params", "says"), [
    ("dev", {"engine": "memcached"}, "Azure serves Redis"),
    ("dev", {"engine_version": "7.2"}, "engine_version"),
    ("dev", {"sku_name": "C1"}, "sku_name"),
    ("prod", {"sku_name": "Balanced_B0"}, "highly available"),
    ("dev", {"node_type": "cache.t4g.micro"}, "node_type"),
])
def test_bad_cache_parameters_exit_2(env: str, params: dict[str, object], says: str, tmp_path: Path) -> None:
    assert_refused(tmp_path / "out", {"project": "shop", "cloud": "azure", "environment": env,
                                      "components": [{"kind": "cache", "params": params}]}, says)
