"""Requests on Azure: the vocabulary (regions by city and country, service names), refusals with one line and
exit code 2, and the [azure] policy section."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from iacf_core.testing import assert_refused, generated_project, run_cli


@pytest.mark.parametrize(("words", "region"), [
    ("à Paris", "francecentral"), ("à Amsterdam", "westeurope"), ("aux Pays-Bas", "westeurope"),
    ("à Dublin", "northeurope"), ("en Irlande", "northeurope"), ("à Francfort", "germanywestcentral"),
    ("à Londres", "uksouth"), ("in Frankfurt", "germanywestcentral"), ("in westeurope", "westeurope"),
    ("in Virginia", "eastus"), ("à Tokyo", "japaneast"), ("in Singapore", "southeastasia"),
])
def test_regions_by_city_country_or_code(words: str, region: str) -> None:
    res = run_cli("parse", f"App web Django en prod sur Azure {words}", "--json")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["spec"]["region"] == region


@pytest.mark.parametrize("cloud", ["sur Azure", "on Microsoft Azure"])
def test_cloud_names(cloud: str) -> None:
    res = run_cli("parse", f"Django web app with PostgreSQL in dev {cloud}", "--json")
    assert res.exit_code == 0, res.stderr
    parsed = json.loads(res.stdout)
    assert parsed["spec"]["cloud"] == "azure"
    assert {c["kind"] for c in parsed["components"]} >= {"web_app", "relational_database", "network"}


def test_azure_service_names_are_understood() -> None:
    res = run_cli("parse", "Une app App Service avec Azure Database for PostgreSQL en dev sur Azure", "--json")
    assert res.exit_code == 0, res.stderr
    assert {c["kind"] for c in json.loads(res.stdout)["components"]} >= {"web_app", "relational_database"}


@pytest.mark.parametrize("request_text", ["Une app web avec un flux Kafka en prod sur Azure",
                                          "A data warehouse in dev on Azure"])
def test_kinds_not_served_yet_are_refused_with_what_azure_serves(request_text: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run_cli("generate", request_text, "--out", str(out), "--no-validate")
    assert res.exit_code == 2, res.stderr
    assert res.stderr.strip().count("\n") == 0 and "Traceback" not in res.stderr
    assert "the azure catalogue cannot generate" in res.stderr
    supported = set(res.stderr.split("supported components: ")[1].strip().split(", "))
    assert {"cache", "function", "nosql_table", "object_storage", "queue", "relational_database", "topic",
            "web_app"} <= supported
    assert not out.exists()


def _spec(tmp_path: Path, params: dict[str, object], env: str = "prod") -> Path:
    import yaml

    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump({"project": "shop", "cloud": "azure", "environment": env,
                                    "components": [{"kind": "relational_database", "params": params}]}))
    return path


@pytest.mark.parametrize(("params", "says"), [
    ({"engine": "oracle"}, "allowed: postgres, mysql"),
    ({"engine": "mariadb"}, "allowed: postgres"),
    ({"engine_version": "12"}, "Flexible Server offers PostgreSQL"),
    ({"engine": "mysql", "engine_version": "8.0"}, "MySQL Flexible Server offers 8.0.21, 8.4 (MySQL 8.0 is 8.0.21)"),
    ({"storage_gb": 100}, "Flexible Server offers 32, 64"),
    ({"max_storage_gb": 200}, "grows its storage itself"),
    ({"sku_name": "B_Standard_B1ms"}, "Burstable SKUs"),
])
def test_bad_database_parameters_exit_2(params: dict[str, object], says: str, tmp_path: Path) -> None:
    assert_refused(tmp_path / "out", _spec(tmp_path, params), says)


def test_stated_database_parameters_are_used(tmp_path: Path) -> None:
    params = {"engine_version": "17", "storage_gb": 256, "sku_name": "GP_Standard_D8ds_v5",
              "backup_retention_days": 21}
    out = generated_project(tmp_path, _spec(tmp_path, params), "out")
    main = (out / "main.tf").read_text()
    for value in ('"17"', "256", '"GP_Standard_D8ds_v5"', "21"):
        assert value in main, value


def test_unpaired_region_has_no_geo_backup_and_says_why(tmp_path: Path) -> None:
    out = generated_project(tmp_path, "App web Django avec PostgreSQL en prod sur Azure à Milan", "out")
    assert 'module "keys_geo"' not in (out / "main.tf").read_text()
    assert "italynorth has no paired region" in (out / "DECISIONS.md").read_text()


def _policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "iacf.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(("text", "says"), [
    ('[azure]\ndeployer_ip_ranges = ["0.0.0.0/0"]\n', "every address"),
    ('[azure]\nnetwork_watcher = "sometimes"\n', "network_watcher"),
    ("[logs]\nretention_days = {prod = 14}\n", "Log Analytics keeps 30 to 730 days"),
])
def test_bad_azure_policy_exit_2(text: str, says: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run_cli("generate", "App web Django en prod sur Azure", "--out", str(out), "--no-validate",
                  "--policy", str(_policy(tmp_path, text)))
    assert res.exit_code == 2 and says in res.stderr, res.stderr
    assert "Traceback" not in res.stderr and not out.exists()


def test_the_log_analytics_range_does_not_constrain_other_clouds(tmp_path: Path) -> None:
    """[logs] is shared by every cloud: 14 days (a CloudWatch Logs value) is refused for Azure only."""
    policy = _policy(tmp_path, "[logs]\nretention_days = {dev = 14}\n")
    generated_project(tmp_path, "App web Django en dev sur AWS", "aws", "--policy", str(policy))


def test_policy_settings_reach_the_project(tmp_path: Path) -> None:
    policy = _policy(tmp_path, '[azure]\nnetwork_watcher = "create"\ncertificate_issuer = "DigiCert"\n'
                               'deployer_ip_ranges = ["203.0.113.0/24"]\n[account_baseline]\nmode = "provided"\n'
                               '[notifications]\nemails = ["ops@example.com"]\n')
    out = generated_project(tmp_path, "App web Django avec PostgreSQL en prod sur Azure", "out", "--policy",
                            str(policy))
    main, variables = (out / "main.tf").read_text(), (out / "variables.tf").read_text()
    assert "create_network_watcher" in main and "NetworkWatcherRG" not in main
    assert '"DigiCert"' in variables and '"203.0.113.0/24"' in variables
    # the subscription's owner provides the baseline: no module, the controls recorded as provided
    assert 'module "subscription"' not in main and not (out / "modules" / "subscription_baseline").exists()
    assert "subscription_baseline          = false" in (out / "bootstrap" / "iacf.auto.tfvars").read_text()
    assert "provided" in (out / "DECISIONS.md").read_text()


def test_mysql_flexible_server_when_asked(tmp_path: Path) -> None:
    out = generated_project(tmp_path, "Une app Rails avec Azure Database for MySQL en prod sur Azure à Dublin", "out")
    main = (out / "main.tf").read_text()
    assert 'source = "./modules/mysql"' in main and (out / "modules" / "mysql").is_dir()
    assert not (out / "modules" / "postgresql").exists()
    assert re.search(r"administrator_password\s+= var.db_admin_password", main)
    assert 'module "keys_geo"' in main  # northeurope's pair holds the geo-redundant backups' key
    # the password is ephemeral and write-only: Terraform >= 1.11, a GitHub secret, never a variable
    assert '">= 1.11"' in (out / "versions.tf").read_text()
    assert "ephemeral   = true" in (out / "variables.tf").read_text()
    assert "secrets.DB_ADMIN_PASSWORD" in (out / ".github" / "workflows" / "terraform.yml").read_text()
    decisions = (out / "DECISIONS.md").read_text()
    assert "MySQL 8.0.21 Flexible Server GP_Standard_D4ds_v4" in decisions and "aad_auth_only is on" in decisions


def test_two_database_engines_in_one_stack_are_refused(tmp_path: Path) -> None:
    assert_refused(tmp_path / "out", {"project": "shop", "cloud": "azure", "components": [
        {"kind": "relational_database", "name": "pg"},
        {"kind": "relational_database", "name": "my", "params": {"engine": "mysql"}}]},
        "delegated to one Flexible Server service")


def test_object_storage_is_private_and_its_client_gets_the_container_only(tmp_path: Path) -> None:
    out = generated_project(tmp_path, "A Flask web app with Azure Blob Storage for uploads in dev on Azure", "out")
    main = (out / "main.tf").read_text()
    assert 'source = "./modules/storage_account"' in main
    assert re.search(r'scope\s+= module.storage.container_scopes\["files"\]', main)
    assert re.search(r'role_definition_name = "Storage Blob Data Contributor"', main)
    assert "AZURE_STORAGE_STORAGE_URL" in main and "SharedKey" not in main
    assert re.search(r'keys\s+= \["flow-logs", "storage"\]', main)


def test_object_storage_alone_gets_a_network_without_an_internet_tier(tmp_path: Path) -> None:
    out = generated_project(tmp_path, "Un compte de stockage en prod sur Azure", "out")
    main = (out / "main.tf").read_text()
    assert re.search(r"gateway_subnet\s+= false", main) and "azurerm_role_assignment" not in main


@pytest.mark.parametrize(("request_text", "kinds"), [
    ("A Python API on Azure Container Apps with Azure SQL in prod", {"web_app", "relational_database"}),
    ("Une API sur Azure Container Apps avec une base PostgreSQL en dev sur Azure", {"web_app", "relational_database"}),
    ("A Django app on Container Apps in prod on Azure", {"web_app"}),
    # the worker is asked for: a second workload
    ("A Django app and a worker on Container Apps, Azure, dev", {"web_app", "worker"}),
    ("A web app with a Container Apps worker consuming a Service Bus queue on Azure", {"web_app", "worker", "queue"}),
])
def test_an_app_on_container_apps_is_one_app(request_text: str, kinds: set[str]) -> None:
    res = run_cli("parse", request_text, "--json")
    assert res.exit_code == 0, res.stderr
    parsed = json.loads(res.stdout)
    assert {c["kind"] for c in parsed["components"] if c["provenance"]["source"] == "request"} == kinds
    notes = [d["id"] for d in parsed["decisions"]]
    assert ("core.request.app-on-worker-service" in notes) is ("worker" not in kinds)
