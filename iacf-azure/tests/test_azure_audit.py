"""What a real subscription or a strict auditor would refuse in a generated Azure project, beyond the offline
validate and Checkov: CI runners that cannot reach the state or Key Vault, a paired region the subscription may not
use, a prod entry point whose certificate issuer CI never passes, dead-lettered messages nobody hears of, a
function whose trigger names a connection that does not exist."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from iacf_core.testing import generated_project, run_cli
from iacf_core.toolkit.hcl import load_file

DJANGO = "Django app with PostgreSQL and Redis, prod, on Azure"
FUNCTION = "a Python function that reads a Service Bus queue and writes to Blob storage, prod on Azure"


@pytest.fixture(scope="module")
def django(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, DJANGO, "azure-audit-django")


@pytest.fixture(scope="module")
def function(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, FUNCTION, "azure-audit-function")


def _policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "iacf.toml"
    path.write_text(text)
    return path


def _jobs(project: Path) -> dict[str, dict[str, object]]:
    jobs: dict[str, dict[str, object]] = yaml.safe_load(
        (project / ".github" / "workflows" / "terraform.yml").read_text())["jobs"]
    return jobs


def test_plan_and_apply_run_where_the_state_and_key_vault_answer(django: Path, function: Path) -> None:
    for project in (django, function):
        jobs = _jobs(project)
        # the state account lets in listed ranges only, Key Vault its private endpoint: not GitHub's hosted runners
        assert jobs["plan"]["runs-on"] == ["self-hosted"] and jobs["apply"]["runs-on"] == ["self-hosted"]
        assert jobs["checks"]["runs-on"] == "ubuntu-24.04"  # no Azure access needed
        readme, decisions = (project / "README.md").read_text(), (project / "DECISIONS.md").read_text()
        assert "**Runners for plan and apply**" in readme and "`self-hosted`" in readme
        assert "azure.delivery.runners" in decisions and "GitHub's hosted runners leave from addresses" in decisions


def test_the_runner_labels_come_from_the_policy(tmp_path: Path) -> None:
    policy = _policy(tmp_path, '[azure]\nci_runner = ["self-hosted", "azure-prod"]\n'
                               'deployer_ip_ranges = ["203.0.113.0/24"]\n')
    out = generated_project(tmp_path, DJANGO, "out", "--policy", str(policy))
    jobs = _jobs(out)
    assert jobs["plan"]["runs-on"] == jobs["apply"]["runs-on"] == ["self-hosted", "azure-prod"]
    readme = (out / "README.md").read_text()
    assert "`self-hosted`, `azure-prod`" in readme and "their ranges are in `[azure] deployer_ip_ranges`" in readme
    assert "[azure] ci_runner" in (out / "DECISIONS.md").read_text().split("azure.delivery.runners")[1][:2000]


@pytest.mark.parametrize(("labels", "says"), [
    ('["ubuntu-24.04"]', "GitHub-hosted runner"),
    ('["ubuntu-latest"]', "GitHub-hosted runner"),
    ("[]", "at least one runner label"),
    ('["self hosted"]', "not a runner label"),
])
def test_a_runner_that_cannot_reach_the_state_is_refused(tmp_path: Path, labels: str, says: str) -> None:
    out = tmp_path / "out"
    res = run_cli("generate", DJANGO, "--out", str(out), "--no-validate",
                  "--policy", str(_policy(tmp_path, f"[azure]\nci_runner = {labels}\n")))
    assert res.exit_code == 2 and says in res.stderr, res.stderr
    assert not out.exists()


def test_a_restricted_paired_region_is_a_prerequisite(django: Path, tmp_path: Path) -> None:
    # francecentral's pair, francesouth, opens to a subscription on request only: the geo backups' vault and
    # identity are created there
    main = (django / "main.tf").read_text()
    assert 'location                   = "francesouth"' in main
    readme = (django / "README.md").read_text()
    assert "**Access to francesouth** (`db`)" in readme and "region access request" in readme
    assert "francesouth is one Azure opens to a subscription on request only" in (django / "DECISIONS.md").read_text()
    # Dublin's pair (westeurope) is open to every subscription
    dublin = generated_project(tmp_path, "Django app with PostgreSQL, prod, on Azure in Dublin", "dublin")
    assert 'module "keys_geo"' in (dublin / "main.tf").read_text()
    assert "**Access to" not in (dublin / "README.md").read_text()
    assert "on request only" not in (dublin / "DECISIONS.md").read_text()


def test_a_prod_api_without_a_web_app_gets_its_certificate_issuer_in_ci(tmp_path: Path) -> None:
    out = generated_project(tmp_path, "Une API REST avec API Management pour une fonction Azure, en prod sur Azure",
                            "api")
    variables = load_file(out / "variables.tf")
    issuer = next(v for entry in variables["variable"] for n, v in entry.items() if n == "certificate_issuer")
    assert "default" not in issuer  # prod asks for it: CI must pass it, or every plan stops
    workflow = (out / ".github" / "workflows" / "terraform.yml").read_text()
    assert "TF_VAR_certificate_issuer: ${{ vars.CERTIFICATE_ISSUER }}" in workflow
    assert 'need CERTIFICATE_ISSUER "$TF_VAR_certificate_issuer"' in workflow


def test_dead_letters_alert_the_action_group(function: Path) -> None:
    calls = {n: body for entry in load_file(function / "main.tf")["module"] for n, body in entry.items()}
    assert calls["bus"]["alert_action_group_id"] == "${module.monitoring.action_group_id}"
    resources = {(t, n): body for entry in load_file(function / "modules" / "service_bus" / "main.tf")["resource"]
                 for t, named in entry.items() for n, body in named.items()}
    alert = resources[("azurerm_monitor_metric_alert", "dead_letters")]
    criteria = alert["criteria"][0]
    assert criteria["metric_name"] == "DeadletteredMessages" and criteria["operator"] == "GreaterThan"
    assert criteria["threshold"] == 0 and alert["action"][0]["action_group_id"] == "${var.alert_action_group_id}"
    assert "action group is alerted while the dead-letter queue holds messages" in (
        function / "DECISIONS.md").read_text()


def test_the_function_readme_names_its_service_bus_connection(function: Path) -> None:
    readme = (function / "README.md").read_text()
    assert "name the connection `SERVICEBUS`" in readme and "`%AZURE_SERVICEBUS_QUEUE_QUEUE%`" in readme
    main = (function / "main.tf").read_text()
    assert "SERVICEBUS__fullyQualifiedNamespace = module.bus.endpoint" in main
    assert 'AZURE_SERVICEBUS_QUEUE_QUEUE        = "queue"' in main
