"""The seed pair on Azure ("App web Django avec PostgreSQL en prod/dev sur Azure"): golden files, Checkov with 0
failed checks, the decisions that separate prod from dev, and `iacf verify` without an emulator.

Each stack is generated once per module; Checkov runs once per stack, the mocked module tests once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from iacf_core.testing import assert_tree_equal, generated_project, run_cli, template_roots, tree
from iacf_core.toolkit.tools import find_checkov

GOLDEN = Path(__file__).parent / "golden"
REQUESTS = {"prod": "App web Django avec PostgreSQL en prod sur Azure",
            "dev": "App web Django avec PostgreSQL en dev sur Azure",
            # not a golden: the MySQL variant, checked by Checkov like the seed pair
            "mysql": "Rails web app with Azure Database for MySQL in staging on Azure, Dublin",
            # not a golden: every served kind in one stack, so the one verify run tests every vendored module
            "all": "Une app web Django avec PostgreSQL, une base Azure SQL reporting et du stockage blob, une "
                   "Function App qui consomme la file Service Bus jobs, un sujet Service Bus events, une base Cosmos "
                   "DB, un cache Azure Managed Redis, un cluster AKS, une API Management pour la fonction, un site "
                   "statique avec Azure Front Door, un worker Container Apps qui consomme la file Service Bus tasks "
                   "et un job Container Apps chaque nuit, en prod sur Azure"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {env: generated_project(tmp_path_factory, request, f"azure-seed-{env}")
            for env, request in REQUESTS.items()}


@pytest.mark.parametrize("env", ["prod", "dev"])
def test_golden(generated: dict[str, Path], env: str, iacf_update_golden: bool) -> None:
    assert_tree_equal(generated[env], GOLDEN / env, update=iacf_update_golden, vendored_from=template_roots())


def test_same_request_twice_is_byte_identical(generated: dict[str, Path], tmp_path: Path) -> None:
    generated_project(tmp_path, REQUESTS["prod"], "again")
    assert tree(tmp_path / "again") == tree(generated["prod"])


def test_layout(generated: dict[str, Path]) -> None:
    for path in (generated["prod"], generated["dev"]):
        for name in ("versions.tf", "providers.tf", "backend.tf", "main.tf", "variables.tf", "outputs.tf",
                     "README.md", "DECISIONS.md", "bootstrap/main.tf", "bootstrap/ci.tf",
                     "bootstrap/iacf.auto.tfvars", ".github/workflows/terraform.yml",
                     "modules/web_app/tests/defaults.tftest.hcl"):
            assert (path / name).is_file(), name
        providers = (path / "providers.tf").read_text()
        assert "storage_use_azuread = true" in providers and "features {" in providers
        backend = (path / "backend.tf").read_text()
        assert 'backend "azurerm"' in backend and "use_azuread_auth = true" in backend
        workflow = (path / ".github/workflows/terraform.yml").read_text()
        assert "id-token: write" in workflow and 'ARM_USE_OIDC: "true"' in workflow
        assert "client-secret" not in workflow and "ARM_CLIENT_SECRET" not in workflow


def _decisions(path: Path) -> str:
    return (path / "DECISIONS.md").read_text()


def test_prod_and_dev_differ_by_recorded_decisions(generated: dict[str, Path]) -> None:
    prod, dev = _decisions(generated["prod"]), _decisions(generated["dev"])
    assert "Zone-redundant high availability, geo-redundant backups" in prod
    assert "in francesouth for geo-redundant backups" in prod
    assert "Single zone, no standby, backups in the region" in dev
    assert "off on purpose" in dev  # a control deliberately off in dev says so
    assert "zone-redundant" in prod.split("azure.app.app-service")[1].split("\n")[0]
    prod_main = (generated["prod"] / "main.tf").read_text()
    dev_main = (generated["dev"] / "main.tf").read_text()
    assert re.search(r"high_availability\s+= true", prod_main) and re.search(r"high_availability\s+= false", dev_main)
    assert 'module "keys_geo"' in prod_main and 'module "keys_geo"' not in dev_main
    # prod's certificate comes from a CA: no self-signed default, and Self is refused
    assert re.search(r'default\s+= "Self"',  (generated["dev"] / "variables.tf").read_text())
    assert 'var.certificate_issuer != "Self"' in (generated["prod"] / "variables.tf").read_text()


def test_every_control_is_shown_with_its_way(generated: dict[str, Path]) -> None:
    manifest = json.loads((generated["prod"] / ".iacf" / "manifest.json").read_text()) \
        if (generated["prod"] / ".iacf" / "manifest.json").is_file() else None
    text = _decisions(generated["prod"])
    for control in ("audit-trail", "threat-detection", "posture-management", "config-recording", "budget",
                    "encryption-keys", "least-privilege", "tagging", "access-analysis", "password-policy",
                    "state-backend", "network-flow-logs", "web-application-firewall", "private-data-tier"):
        assert control in text, control
    assert "concept-password-ban-bad" in text  # password-policy: not applicable, with its reference
    assert "CIS Microsoft Azure Foundations 2.0.0" in text
    assert manifest is None or manifest


def test_inline_checkov_skips_are_listed_in_decisions(generated: dict[str, Path]) -> None:
    text = _decisions(generated["prod"])
    for check in ("CKV_AZURE_40", "CKV_AZURE_225", "CKV_AZURE_136", "CKV2_AZURE_57", "CKV_AZURE_189"):
        assert check in text, check


def test_every_taggable_resource_is_tagged(generated: dict[str, Path]) -> None:
    from iacf_azure.checks import check_tags

    for env, path in generated.items():
        findings = check_tags(path)
        assert not [f for f in findings if f.severity.value == "error"], env
        checked = next(f for f in findings if f.check == "iacf.tags.resource")
        assert "taggable resource(s) set tags" in checked.message, checked.message


@pytest.mark.checkov
@pytest.mark.xdist_group("azure-checkov")
@pytest.mark.parametrize("env", ["prod", "dev", "mysql", "all"])
def test_checkov_zero_failed(generated: dict[str, Path], env: str) -> None:
    if find_checkov() is None:
        pytest.skip("checkov not found (set IACF_CHECKOV or put checkov on PATH)")
    from iacf_core.toolkit.validation.gates import checkov

    gate, findings, _skips = checkov(generated[env])
    assert gate.status == "passed", [f.message for f in findings if f.severity.value == "error"]
    assert gate.counts["failed"] == 0 and gate.counts["parsing_errors"] == 0
    assert gate.counts["resource_count"] > 90  # Checkov read the whole stack (it reports 0 on a parse failure)


@pytest.mark.terraform
@pytest.mark.xdist_group("azure-verify")
def test_verify_says_no_emulator_and_runs_the_mocked_tests(generated: dict[str, Path]) -> None:
    pytest.importorskip("grpc", reason="the offline extra (schema-only provider) is not installed")
    res = run_cli("verify", str(generated["all"]), "--json")
    assert res.exit_code == 0, res.stdout + res.stderr
    report = json.loads(res.stdout)
    assert "no Azure emulator exists" in report["emulator"]
    roots = {r["root"]: r for r in report["roots"]}
    assert set(roots) == {f"modules/{m}" for m in ("aks", "api_management", "container_app_job",
                                                    "container_app_worker", "container_apps_environment",
                                                    "cosmos_db", "front_door_site", "function_app", "key_vault",
                                                    "managed_redis", "monitoring", "mssql", "network", "postgresql",
                                                    "service_bus",
                                                    "storage_account",
                                                    "subscription_baseline", "web_app")}
    assert all(r["ok"] and r["stages"][0]["name"] == "test" for r in roots.values())
