"""The order of a first `terraform apply` on Azure, where the API refuses what comes too early: a TLS certificate
requested in Key Vault before the deployer's data-plane role exists, before the vault's private endpoint answers
or before its CA issuer is registered; a role granted on the certificate's secret before the certificate exists;
a private endpoint in a subnet whose deny-all rule is in force before its allow rules.

Terraform orders what a reference or `depends_on` links: each test reads the rendered HCL for the link."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from iacf_core.testing import generated_project
from iacf_core.toolkit.hcl import load_file

DEPLOYER_READY = {"${azurerm_role_assignment.deployer}", "${azurerm_private_endpoint.vault}"}


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, {
        "project": "payments", "cloud": "azure", "environment": "prod",
        "components": [{"kind": "web_app", "name": "app", "params": {"framework": "django"}},
                       {"kind": "relational_database", "name": "db", "params": {"engine": "postgres"}},
                       {"kind": "function", "name": "fn"},
                       {"kind": "http_api", "name": "api"}],
        "connections": [{"from": "api", "to": "fn", "access": "invoke"}, {"from": "app", "to": "db",
                                                                          "access": "connect"}]},
        "azure-first-apply")


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, "App web Django avec PostgreSQL en dev sur Azure", "azure-first-dev")


def _blocks(doc: dict[str, Any], kind: str) -> dict[tuple[str, str], dict[str, Any]]:
    """``resource`` / ``data`` blocks of a parsed file by (type, name)."""
    return {(t, n): body for entry in doc.get(kind, []) for t, named in entry.items() for n, body in named.items()}


def _outputs(path: Path) -> dict[str, dict[str, Any]]:
    return {name: body for entry in load_file(path).get("output", []) for name, body in entry.items()}


def _module_call(main: Path, name: str) -> dict[str, Any]:
    calls = {n: body for entry in load_file(main).get("module", []) for n, body in entry.items()}
    return calls[name]


def test_the_vault_is_handed_out_once_the_deployer_can_use_its_data_plane(prod: Path) -> None:
    module = prod / "modules" / "key_vault"
    outputs = _outputs(module / "outputs.tf")
    for name in ("id", "vault_uri"):
        assert set(outputs[name]["depends_on"]) == DEPLOYER_READY, name
    resources = _blocks(load_file(module / "main.tf"), "resource")
    # the endpoint is made after the roles: its creation is time for them to propagate before the first call
    assert resources[("azurerm_private_endpoint", "vault")]["depends_on"] == ["${azurerm_role_assignment.deployer}"]
    assert set(resources[("azurerm_key_vault_key", "this")]["depends_on"]) == DEPLOYER_READY
    roles = resources[("azurerm_role_assignment", "deployer")]["for_each"]
    assert "Key Vault Certificates Officer" in roles and "Key Vault Crypto Officer" in roles


@pytest.mark.parametrize(("module", "caller", "index"), [("web_app", "app", ""), ("api_management", "api", "[0]")])
def test_certificates_wait_for_the_vault_their_issuer_and_grant_their_secret_after(prod: Path, module: str,
                                                                                  caller: str, index: str) -> None:
    # the certificate is created in the vault the key_vault module hands out (after the deployer's role and the
    # endpoint, above)
    assert _module_call(prod / "main.tf", caller)["key_vault_id"] == "${module.keys.id}"
    doc = load_file(prod / "modules" / module / "main.tf")
    resources, data = _blocks(doc, "resource"), _blocks(doc, "data")
    certificate = resources[("azurerm_key_vault_certificate", "tls")]
    assert certificate["key_vault_id"] == "${var.key_vault_id}"
    # a CA issuer is read back from the vault: the certificate names what the read returned
    issuer = data[("azurerm_key_vault_certificate_issuer", "ca")]
    assert issuer["name"] == "${var.certificate_issuer}" and issuer["key_vault_id"] == "${var.key_vault_id}"
    assert "local.registered_issuer" in str(issuer["count"])
    named = certificate["certificate_policy"][0]["issuer_parameters"][0]["name"]
    assert "data.azurerm_key_vault_certificate_issuer.ca[0].name" in named
    assert re.search(r'contains\(\["Self", "Unknown"\], var\.certificate_issuer\) \? 0 : 1',
                     str(doc["locals"][0]["registered_issuer"]))
    # the gateway's role is scoped through the certificate (made once it exists); the gateway after the role
    grant = resources[("azurerm_role_assignment", "gateway_certificate")]
    assert grant["scope"] == f"${{var.key_vault_id}}/secrets/${{azurerm_key_vault_certificate.tls{index}.name}}"
    gateway = resources[("azurerm_application_gateway", "this")]
    assert gateway["depends_on"] == ["${azurerm_role_assignment.gateway_certificate}"]
    assert f"azurerm_key_vault_certificate.tls{index}.versionless_secret_id" in str(gateway["ssl_certificate"])


def test_subnets_and_zones_are_handed_out_with_their_rules_links_and_nat(prod: Path) -> None:
    module = prod / "modules" / "network"
    resources = _blocks(load_file(module / "main.tf"), "resource")
    outputs = _outputs(module / "outputs.tf")
    waits = set(outputs["subnet_ids"]["depends_on"])
    rules = {f"${{azurerm_network_security_rule.{n}}}" for t, n in resources if t == "azurerm_network_security_rule"}
    nat = {f"${{{t}.{n}}}" for t, n in resources
           if t in ("azurerm_subnet_nat_gateway_association", "azurerm_nat_gateway_public_ip_association")}
    assert len(rules) > 10 and "${azurerm_network_security_rule.endpoints_from_management}" in rules
    assert waits == rules | nat | {"${azurerm_subnet_network_security_group_association.this}"}
    assert outputs["private_dns_zone_ids"]["depends_on"] == [
        "${azurerm_private_dns_zone_virtual_network_link.this}"]
    # the vault's endpoint is made in the subnet and zone those outputs hand out
    keys = _module_call(prod / "main.tf", "keys")
    assert keys["private_endpoint_subnet_id"] == '${module.network.subnet_ids["endpoints"]}'
    assert keys["private_dns_zone_id"] == '${module.network.private_dns_zone_ids["privatelink.vaultcore.azure.net"]}'


def test_the_order_is_explained_where_a_reader_looks(prod: Path, dev: Path) -> None:
    decisions = (prod / "DECISIONS.md").read_text()
    assert "stops before requesting it until the issuer is registered" in decisions
    assert decisions.count("the gateway is made after that grant") == 2  # the web app's and the API's
    assert "the private endpoint is made after them" in decisions
    assert "deny-all rule is never in force without the rules" in decisions
    readme = (prod / "README.md").read_text()
    assert "**Certificate issuer**" in readme and "az keyvault certificate issuer create" in readme
    for module in ("key_vault", "web_app", "api_management", "network"):
        assert "## Order on a first apply" in (prod / "modules" / module / "README.md").read_text(), module
    # a self-signed certificate (dev) has no issuer to register, and its decision says no issuer step
    dev_decisions = (dev / "DECISIONS.md").read_text()
    assert "**Certificate issuer**" not in (dev / "README.md").read_text()
    assert "the gateway is made after that grant" in dev_decisions
    assert "until the issuer is registered" not in dev_decisions
