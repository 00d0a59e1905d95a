"""The kubernetes cluster kind on Azure (an AKS private cluster, Entra ID RBAC only, Azure CNI Overlay with a
network policy, system and user pools across zones in prod, CMK disks, a private Premium registry the kubelet
pulls from) and Azure SQL as an engine of relational_database (Entra ID only, private endpoint, TDE with a customer
key, auditing, Defender for SQL, zone-redundant with long-term retention in prod); prod/dev differences recorded;
bad parameters refused.

One prod stack carrying both is generated per module; `iacf validate` (fmt, offline validate, Checkov, the kit's
gates) runs on it once. The module's mocked tests run in the seed's verify test of every module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iacf_core.testing import assert_every_gate_passes, assert_refused, generated_project

REQUEST = "Une app web Django avec une base Azure SQL et un cluster Kubernetes AKS en prod sur Azure, Paris"


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "azure-aks")


def _module(main: str, name: str) -> str:
    return main.split(f'module "{name}" {{')[1].split("\n}\n")[0]


def test_prod_cluster_is_standard_zoned_and_autoscaled(prod: Path) -> None:
    k8s = _module((prod / "main.tf").read_text(), "k8s")
    assert 'source = "./modules/aks"' in k8s and re.search(r'sku_tier\s+= "Standard"', k8s)
    assert re.search(r'zones\s+= \["1", "2", "3"\]', k8s)
    assert re.search(r"min_nodes\s+= 3", k8s) and re.search(r"max_nodes\s+= 10", k8s)
    assert re.search(r'network_policy\s+= "cilium"', k8s) and re.search(r'kubernetes_version\s+= "1.33"', k8s)
    assert re.search(r'georeplication_location\s+= "francesouth"', k8s)  # the paired region
    assert "var.k8s_admin_group_object_id" in k8s
    decisions = (prod / "DECISIONS.md").read_text()
    assert "AKS 1.33, Standard tier; user pool Standard_D4ds_v5 autoscaled 3 to 10 nodes across zones" in decisions
    assert "Private cluster: the API server has no public address" in decisions
    assert "CKV_AZURE_170" in decisions  # the inline skip (Free in dev) is listed


def test_the_network_gives_the_cluster_its_tier_zone_and_keys(prod: Path) -> None:
    # "un cluster Kubernetes AKS" is the kind's words: the component has the kind's default id
    main = (prod / "main.tf").read_text()
    net, keys = _module(main, "network"), _module(main, "keys")
    assert "cluster_subnet                 = true" in net
    assert '"privatelink.francecentral.azmk8s.io"' in net and '"privatelink.azurecr.io"' in net
    assert '"k8s"' in keys and '"k8s-registry"' in keys
    assert 'subnet_ids["cluster"]' in _module(main, "k8s")
    assert 'k8s_admin_group_object_id = "' in (prod / "terraform.tfvars.example").read_text()


def test_module_is_private_entra_only_and_least_privilege(prod: Path) -> None:
    module = (prod / "modules" / "aks" / "main.tf").read_text()
    for setting in ("private_cluster_enabled             = true", "local_account_disabled              = true",
                    "private_cluster_public_fqdn_enabled = false", "azure_rbac_enabled     = true",
                    "workload_identity_enabled           = true", 'os_disk_type                 = "Ephemeral"',
                    "host_encryption_enabled      = true", "only_critical_addons_enabled = true",
                    "admin_enabled                 = false", "public_network_access_enabled = false"):
        assert setting in module, setting
    roles = re.findall(r'role_definition_name = "([^"]+)"', module)
    assert sorted(roles) == sorted(["Network Contributor", "Private DNS Zone Contributor",
                                    "Managed Identity Operator", "Reader", "AcrPull",
                                    "Key Vault Crypto Service Encryption User",
                                    "Key Vault Crypto Service Encryption User"])
    assert "subscription" not in " ".join(re.findall(r"scope\s+= (\S+)", module))


def test_prod_azure_sql_is_private_entra_only_keyed_and_zone_redundant(prod: Path) -> None:
    main = (prod / "main.tf").read_text()
    db = _module(main, "db")
    assert 'source = "./modules/mssql"' in db and re.search(r'sku_name\s+= "GP_Gen5_4"', db)
    assert re.search(r"zone_redundant\s+= true", db) and re.search(r'backup_storage\s+= "GeoZone"', db)
    assert re.search(r"long_term_retention\s+= true", db) and 'subnet_ids["endpoints"]' in db
    assert '"privatelink.database.windows.net"' in db and 'module.keys.key_ids["db"]' in db
    net = _module(main, "network")
    assert 'endpoint_extra_ports           = ["1433"]' in net and "data_port                      = 0" in net
    assert 'DATABASE_PORT = "1433"' in _module(main, "app") and "admin_password" not in main
    plans = _module(main, "subscription")
    assert 'SqlServers = ""' in plans and 'Containers = ""' in plans and "OpenSource" not in plans
    module = (prod / "modules" / "mssql" / "main.tf").read_text()
    for setting in ("azuread_authentication_only = true", "public_network_access_enabled        = false",
                    'minimum_tls_version                  = "1.2"', 'type = "SystemAssigned"',
                    "azurerm_mssql_server_transparent_data_encryption", "log_monitoring_enabled = true",
                    'state                = "Enabled"', "prevent_destroy = true"):
        assert setting in module, setting
    decisions = (prod / "DECISIONS.md").read_text()
    assert "Entra ID authentication only: no SQL login, no password exists" in decisions
    assert "no secret to keep" in decisions and "express configuration" in decisions
    assert "CREATE USER [<app identity name>] FROM" in (prod / "README.md").read_text()


def test_dev_azure_sql_is_single_zone_without_long_term_retention(tmp_path: Path) -> None:
    out = generated_project(tmp_path, "A Flask web app with an MSSQL database in dev on Azure", "dev")
    db = _module((out / "main.tf").read_text(), "db")
    assert re.search(r"zone_redundant\s+= false", db) and re.search(r'backup_storage\s+= "Local"', db)
    assert re.search(r"long_term_retention\s+= false", db) and re.search(r'sku_name\s+= "GP_Gen5_2"', db)
    assert "neither zone-redundant nor keeps long-term backups, on purpose" in (out / "DECISIONS.md").read_text()


@pytest.mark.parametrize(("params", "says"), [
    ({"engine": "sqlserver", "engine_version": "2019"}, "no version to choose"),
    ({"engine": "sqlserver", "sku_name": "GP_Standard_D2ds_v5"}, "vCore SKU"),
    ({"engine": "sqlserver", "storage_gb": 8192}, "at most 4096 GiB"),
    ({"engine": "sqlserver", "max_storage_gb": 100}, "no autoscaling ceiling"),
    ({"engine": "postgres", "sku_name": "GP_Gen5_2"}, "a vCore SKU of Azure SQL"),
])
def test_bad_azure_sql_parameters_exit_2(params: dict[str, object], says: str, tmp_path: Path) -> None:
    assert_refused(tmp_path / "out", {"project": "shop", "cloud": "azure", "environment": "dev",
                                      "components": [{"kind": "relational_database", "params": params}]}, says)


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.xdist_group("azure-aks")
def test_every_gate_passes(prod: Path) -> None:
    assert_every_gate_passes(prod, min_resources=120,
                             gates=("fmt", "validate", "checkov", "tags", "roles", "storage", "ingress", "secrets"))


def test_dev_cluster_is_free_single_zone_and_says_so(tmp_path: Path) -> None:
    out = generated_project(tmp_path, "A k8s cluster (Azure Kubernetes Service) with the azure network policy in "
                                      "dev on Azure, Amsterdam", "dev")
    k8s = _module((out / "main.tf").read_text(), "k8s")
    assert re.search(r'sku_tier\s+= "Free"', k8s) and re.search(r"zones\s+= \[\]", k8s)
    assert re.search(r'georeplication_location\s+= ""', k8s) and re.search(r"min_nodes\s+= 1", k8s)
    assert '"privatelink.westeurope.azmk8s.io"' in k8s and re.search(r'network_policy\s+= "azure"', k8s)
    decisions = (out / "DECISIONS.md").read_text()
    assert "Dev runs the Free tier (no uptime SLA) on purpose" in decisions
    assert "It is not geo-replicated" in decisions


@pytest.mark.parametrize(("env", "params", "says"), [
    ("prod", {"min_nodes": 2}, "three availability zones"),
    ("dev", {"min_nodes": 4, "max_nodes": 2}, "below min_nodes"),
    ("dev", {"vm_size": "Standard_D4s_v5"}, "vm_size"),
    ("dev", {"network_policy": "calico"}, "network_policy"),
    ("dev", {"kubernetes_version": "1.25"}, "kubernetes_version"),
    ("dev", {"node_count": 3}, "node_count"),
])
def test_bad_cluster_parameters_exit_2(env: str, params: dict[str, object], says: str, tmp_path: Path) -> None:
    assert_refused(tmp_path / "out", {"project": "shop", "cloud": "azure", "environment": env,
                                      "components": [{"kind": "kubernetes_cluster", "params": params}]}, says)
