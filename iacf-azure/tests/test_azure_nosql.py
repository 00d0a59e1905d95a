"""The NoSQL table kind on Azure: Cosmos DB for NoSQL, private, Entra ID only on the data plane, its own
customer-managed key, continuous backups per environment, each client a data role on its container only.

One prod stack is generated per module; `iacf validate` (fmt, offline validate, Checkov, the kit's gates) runs on
it once. The module's mocked tests run with `iacf verify` in the seed's verify test of every module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iacf_core.testing import assert_every_gate_passes, assert_refused, generated_project

REQUEST = "A Flask web app storing orders in Cosmos DB in prod on Azure, Amsterdam"


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "azure-nosql")


def _module(main: str, name: str) -> str:
    return main.split(f'module "{name}" {{')[1].split("\n}\n")[0]


def test_prod_account_is_zone_redundant_with_30_days_of_restore(prod: Path) -> None:
    main = (prod / "main.tf").read_text()
    table = _module(main, "table")
    assert 'source = "./modules/cosmos_db"' in table
    assert re.search(r"zone_redundant\s+= true", table) and re.search(r'backup_tier\s+= "Continuous30Days"', table)
    assert re.search(r"max_throughput\s+= 4000", table)
    assert 'module.keys.key_ids["table"]' in table and '"table"' in _module(main, "keys")
    decisions = (prod / "DECISIONS.md").read_text()
    assert "point-in-time restore over the last 30 days" in decisions
    assert "privatelink.documents.azure.com" in decisions


def test_the_client_gets_a_data_role_and_no_key(prod: Path) -> None:
    main = (prod / "main.tf").read_text()
    table = _module(main, "table")
    assert ('"app" = { principal_id = module.app.identity_principal_id, '
            'role_definition = "00000000-0000-0000-0000-000000000002" }') in table
    assert "AZURE_COSMOS_TABLE_ENDPOINT" in _module(main, "app")
    module = (prod / "modules" / "cosmos_db" / "main.tf").read_text()
    assert "local_authentication_disabled      = true" in module
    assert "public_network_access_enabled      = false" in module
    assert "primary_key" not in main + module and "connection_strings" not in main + module


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.xdist_group("azure-nosql")
def test_every_gate_passes(prod: Path) -> None:
    assert_every_gate_passes(prod, min_resources=80,
                             gates=("fmt", "validate", "checkov", "tags", "roles", "storage", "ingress", "secrets"))


def test_dev_reader_single_zone_seven_days(tmp_path: Path) -> None:
    out = generated_project(tmp_path, {
        "project": "shop", "cloud": "azure", "environment": "dev",
        "components": [{"kind": "function", "name": "fn"},
                       {"kind": "nosql_table", "name": "orders",
                        "params": {"partition_key": "customerId", "ttl_seconds": 86400}}],
        "connections": [{"from": "fn", "to": "orders", "access": "read"}]}, "out")
    orders = _module((out / "main.tf").read_text(), "orders")
    assert re.search(r"zone_redundant\s+= false", orders) and '"Continuous7Days"' in orders
    assert '"customerId"' in orders and re.search(r"ttl_seconds\s+= 86400", orders)
    assert 'role_definition = "00000000-0000-0000-0000-000000000001"' in orders  # read: the Data Reader role
    decisions = (out / "DECISIONS.md").read_text()
    assert "zone redundancy is off on purpose" in decisions and "keeps 7 days" in decisions


@pytest.mark.parametrize(("params", "says"), [
    ({"max_throughput": 1500}, "max_throughput"),
    ({"max_throughput": 500}, "max_throughput"),
    ({"partition_key": "/pk"}, "partition_key"),
    ({"sort_key": "sk"}, "sort_key"),
])
def test_bad_nosql_parameters_exit_2(params: dict[str, object], says: str, tmp_path: Path) -> None:
    assert_refused(tmp_path / "out", {"project": "shop", "cloud": "azure", "environment": "staging",
                                      "components": [{"kind": "nosql_table", "params": params}]}, says)
