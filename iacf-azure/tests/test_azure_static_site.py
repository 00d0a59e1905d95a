"""The static site kind on Azure: a storage account static website behind Front Door Premium, reached over Private
Link, under a WAF policy in prevention mode, HTTPS only, with a managed certificate for a custom domain; the
frontdoor gate catches what Checkov cannot read; bad parameters refused.

One prod stack is generated per module; `iacf validate` (fmt, offline validate, Checkov, the kit's gates) runs on
it once. The module's mocked tests run in the seed's verify test of every module."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from iacf_azure.checks import check_front_door
from iacf_core.testing import assert_every_gate_passes, assert_refused, generated_project

DOMAIN = "www.example.com"


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, {
        "project": "brochure", "cloud": "azure", "environment": "prod", "region": "westeurope",
        "domain_name": DOMAIN,
        "components": [{"kind": "static_site", "name": "site", "params": {"spa": False,
                                                                           "rate_limit_per_minute": 600}}]},
        "azure-site")


def _module(main: str, name: str) -> str:
    return main.split(f'module "{name}" {{')[1].split("\n}\n")[0]


def test_prod_site_is_private_keyed_and_behind_the_waf(prod: Path) -> None:
    main = (prod / "main.tf").read_text()
    site = _module(main, "site")
    assert 'source = "./modules/front_door_site"' in site and f'domain_name                = "{DOMAIN}"' in site
    assert re.search(r"spa\s+= false", site) and re.search(r"rate_limit_per_minute\s+= 600", site)
    assert re.search(r"soft_delete_days\s+= 90", site) and 'module.keys.key_ids["site"]' in site
    assert '"site"' in _module(main, "keys")
    module = (prod / "modules" / "front_door_site" / "main.tf").read_text()
    assert 'sku_name                          = "Premium_AzureFrontDoor"' in module
    assert 'mode                              = "Prevention"' in module
    assert '"Microsoft_DefaultRuleSet"' in module and '"Microsoft_BotManagerRuleSet"' in module
    assert 'target_type            = "web"' in module and "public_network_access_enabled     = false" in module
    assert "shared_access_key_enabled         = false" in module
    assert 'forwarding_protocol             = "HttpsOnly"' in module
    outputs = (prod / "outputs.tf").read_text()
    assert "site_domain_validation_token" in outputs and "site_storage_account_id" in outputs
    readme = (prod / "README.md").read_text()
    assert "private-endpoint-connection approve" in readme and f"_dnsauth.{DOMAIN}" in readme
    decisions = (prod / "DECISIONS.md").read_text()
    assert f"Front Door managed certificate for {DOMAIN}" in decisions and "multi-page site" in decisions
    assert "600 requests per minute per client address" in decisions
    assert "compensating controls" in decisions and "frontdoor gate" in decisions


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.xdist_group("azure-site")
def test_every_gate_passes(prod: Path) -> None:
    assert_every_gate_passes(prod, min_resources=80, gates=("fmt", "validate", "checkov", "tags", "roles", "storage",
                                                            "frontdoor", "secrets", "coverage"))


@pytest.mark.parametrize(("old", "new", "says"), [
    ('mode                              = "Prevention"', 'mode                              = "Detection"',
     "prevention mode"),
    ("https_redirect_enabled          = true", "https_redirect_enabled          = false", "HTTP redirected"),
    ('type    = "Microsoft_BotManagerRuleSet"', 'type    = "Microsoft_BotManagerRuleSetX"',
     "Microsoft_BotManagerRuleSet rule set"),
    ('minimum_tls_version = "TLS12"', 'minimum_tls_version = "TLS10"', "TLS 1.2 minimum"),
    ('resource "azurerm_cdn_frontdoor_security_policy" "this"', 'resource "azurerm_cdn_frontdoor_secret" "this"',
     "without a WAF policy"),
])
def test_frontdoor_gate_catches_a_weakened_edge(prod: Path, tmp_path: Path, old: str, new: str,
                                                says: str) -> None:
    copy = tmp_path / "project"
    shutil.copytree(prod, copy)
    assert [f.severity.value for f in check_front_door(copy)] == ["info"]
    module = copy / "modules" / "front_door_site" / "main.tf"
    text = module.read_text()
    assert old in text
    module.write_text(text.replace(old, new))
    errors = [f.message for f in check_front_door(copy) if f.severity.value == "error"]
    assert errors and says in " ".join(errors), errors


def test_dev_site_keeps_the_waf_and_private_link(tmp_path: Path) -> None:
    out = generated_project(tmp_path, "Un site statique avec Azure Front Door en dev sur Azure", "dev")
    site = _module((out / "main.tf").read_text(), "site")
    assert re.search(r"spa\s+= true", site) and re.search(r"soft_delete_days\s+= 7", site)
    assert re.search(r"rate_limit_per_minute\s+= 1000", site) and re.search(r'domain_name\s+= ""', site)
    assert "site_domain_validation_token" not in (out / "outputs.tf").read_text()
    decisions = (out / "DECISIONS.md").read_text()
    assert "dev keeps the WAF too" in decisions and "Private Link is used in every environment" in decisions
    assert "single-page application routing" in decisions


@pytest.mark.parametrize(("params", "says"), [
    ({"price_class": "PriceClass_100"}, "no price class"),
    ({"rate_limit_per_minute": 5}, "rate_limit_per_minute"),
    ({"soft_delete_days": 3}, "soft_delete_days"),
    ({"spa": "yes"}, "spa"),
    ({"node_type": "cache.t4g.micro"}, "node_type"),
])
def test_bad_site_parameters_exit_2(params: dict[str, object], says: str, tmp_path: Path) -> None:
    assert_refused(tmp_path / "out", {"project": "shop", "cloud": "azure", "environment": "staging",
                                      "components": [{"kind": "static_site", "params": params}]}, says)
