"""The function kind on Azure: a Function App on Functions Premium, private, its own storage reached with its
identity, the stack's connections granted per resource, prod/dev differences recorded, bad parameters refused.

One prod stack is generated per module; `iacf validate` (fmt, offline validate, Checkov, the kit's gates) runs
on it once. The module's mocked tests run in the seed's verify test of every module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iacf_core.testing import assert_every_gate_passes, assert_refused, generated_project

REQUEST = "Orders: an Azure Function App with blob storage in prod on Azure, Frankfurt"


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "azure-function")


def _module(main: str, name: str) -> str:
    return main.split(f'module "{name}" {{')[1].split("\n}\n")[0]


def test_prod_function_is_zone_redundant_premium(prod: Path) -> None:
    fn = _module((prod / "main.tf").read_text(), "fn")
    assert 'source = "./modules/function_app"' in fn
    assert re.search(r'sku_name\s+= "EP2"', fn) and re.search(r"min_instances\s+= 3", fn)
    assert re.search(r"zone_redundant\s+= true", fn)
    assert 'subnet_id                  = module.network.subnet_ids["app"]' in fn
    decisions = (prod / "DECISIONS.md").read_text()
    assert "Functions Premium EP2, 3 to 20 instances, zone-redundant" in decisions
    assert "privatelink.azurewebsites.net" in decisions  # its private endpoint's zone


def test_its_own_storage_has_its_own_key_and_no_account_key(prod: Path) -> None:
    main = (prod / "main.tf").read_text()
    host = _module(main, "fn_host_storage")
    assert 'module.keys.key_ids["fn-storage"]' in host and "azure-webjobs-hosts" in host
    assert '"fn-storage"' in _module(main, "keys")
    module = (prod / "modules" / "function_app" / "main.tf").read_text()
    assert "storage_uses_managed_identity                  = true" in module
    assert "storage_account_access_key" not in module and "instrumentation_key" not in module
    assert "local_authentication_disabled = true" in module


def test_connections_are_granted_on_the_container_only(prod: Path) -> None:
    main = (prod / "main.tf").read_text()
    grant = main.split('resource "azurerm_role_assignment" "fn_storage" {')[1].split("\n}\n")[0]
    assert 'module.storage.container_scopes["files"]' in grant and "module.fn.identity_principal_id" in grant
    assert "AZURE_STORAGE_STORAGE_URL" in _module(main, "fn")


def test_ci_and_example_name_the_function_inputs(prod: Path) -> None:
    workflow = (prod / ".github" / "workflows" / "terraform.yml").read_text()
    for name in ("fn_image", "fn_image_tag", "fn_registry_url"):
        assert f"TF_VAR_{name}:" in workflow, name
        assert f"{name}" in (prod / "terraform.tfvars.example").read_text(), name


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.xdist_group("azure-function")
def test_every_gate_passes(prod: Path) -> None:
    assert_every_gate_passes(prod, min_resources=80,
                             gates=("fmt", "validate", "checkov", "tags", "roles", "storage", "ingress", "secrets"))


def test_dev_is_single_zone_and_says_so(tmp_path: Path) -> None:
    out = generated_project(tmp_path, "Une Function App en dev sur Azure", "dev")
    fn = _module((out / "main.tf").read_text(), "fn")
    assert re.search(r'sku_name\s+= "EP1"', fn) and re.search(r"zone_redundant\s+= false", fn)
    assert "zone redundancy is off on purpose" in (out / "DECISIONS.md").read_text()


@pytest.mark.parametrize(("env", "params", "says"), [
    ("prod", {"min_instances": 1}, "at least 3 instances"),
    ("dev", {"min_instances": 4, "max_instances": 2}, "below min_instances"),
    ("dev", {"sku_name": "Y1"}, "sku_name"),
    ("dev", {"memory_mb": 512}, "memory_mb"),
    ("dev", {"max_instances": 500}, "max_instances"),
])
def test_bad_function_parameters_exit_2(env: str, params: dict[str, object], says: str, tmp_path: Path) -> None:
    assert_refused(tmp_path / "out", {"project": "shop", "cloud": "azure", "environment": env,
                                      "components": [{"kind": "function", "params": params}]}, says)
