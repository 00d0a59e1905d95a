"""The HTTP API kind on Azure: API Management in internal VNet mode, in a subnet of its own, published only through
an Application Gateway WAF_v2, TLS 1.2 only, subscription keys, the function's key from Key Vault; bad parameters
refused.

One prod stack (a French request) is generated per module; `iacf validate` (fmt, offline validate, Checkov, the
kit's gates) runs on it once. The module's mocked tests run in the seed's verify test of every module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from iacf_core.testing import assert_every_gate_passes, assert_refused, generated_project, run_cli

REQUEST = ("Une API REST avec API Management pour une fonction Azure qui écrit dans une base PostgreSQL, en prod "
           "sur Azure")


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "azure-api")


def _module(main: str, name: str) -> str:
    return main.split(f'module "{name}" {{')[1].split("\n}\n")[0]


def test_prod_api_is_internal_premium_and_published_through_the_waf(prod: Path) -> None:
    main = (prod / "main.tf").read_text()
    api = _module(main, "api")
    assert 'source = "./modules/api_management"' in api and re.search(r'sku_name\s+= "Premium_3"', api)
    assert re.search(r'zones\s+= \["1", "2", "3"\]', api) and 'module.network.subnet_ids["apim"]' in api
    assert re.search(r"backend_host\s+= module.fn.default_hostname", api)
    assert re.search(r'backend_key_name\s+= "api-backend-key"', api) and 'subnet_ids["gateway"]' in api
    # the function keeps its database: the API runs no code of its own
    assert "DATABASE_HOST" in _module(main, "fn")
    network = _module(main, "network")
    assert re.search(r"apim_subnet\s+= true", network) and re.search(r"gateway_subnet\s+= true", network)
    module = (prod / "modules" / "api_management" / "main.tf").read_text()
    assert 'virtual_network_type          = "Internal"' in module and "subscription_required = true" in module
    assert "frontend_tls11_enabled                              = false" in module
    assert 'mode                        = "Prevention"' in module and "local_authentication_disabled = true" in module
    nsg = (prod / "modules" / "network" / "main.tf").read_text()
    assert '"3443"' in nsg and '"ApiManagement"' in nsg and '"6390"' in nsg
    variables = (prod / "variables.tf").read_text()
    assert 'variable "api_publisher_email"' in variables and 'variable "certificate_issuer"' in variables
    decisions = (prod / "DECISIONS.md").read_text()
    assert "API Management Premium_3 across zones 1, 2, 3, about 8400 USD a month" in decisions
    assert "CKV_AZURE_174" in decisions and "CKV_AZURE_152" in decisions and "subscription key" in decisions
    readme = (prod / "README.md").read_text()
    assert "--name api-backend-key" in readme and "api_public_ip" in (prod / "outputs.tf").read_text()


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.xdist_group("azure-api")
def test_every_gate_passes(prod: Path) -> None:
    assert_every_gate_passes(prod, min_resources=100,
                             gates=("fmt", "validate", "checkov", "tags", "roles", "ingress", "secrets", "coverage"))


def _spec(tmp_path: Path, env: str, components: list[dict[str, object]],
          connections: list[dict[str, str]] | None = None) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump({"project": "orders", "cloud": "azure", "environment": env,
                                    "components": components, "connections": connections or []}))
    return spec


def test_internal_api_in_front_of_a_web_app_has_no_internet_entry(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "staging", [{"kind": "web_app", "name": "app"},
                                       {"kind": "http_api", "name": "api", "params": {"internet_facing": False}}])
    out = generated_project(tmp_path, spec, "out")
    api = _module((out / "main.tf").read_text(), "api")
    assert re.search(r"internet_facing\s+= false", api) and "gateway_subnet_id" not in api
    assert re.search(r'backend_host\s+= "app-\$\{local.name\}-app-\$\{local.suffix\}.azurewebsites.net"', api)
    assert re.search(r'sku_name\s+= "Developer_1"', api) and "backend_key_name" not in api
    assert "api_public_ip" not in (out / "outputs.tf").read_text()
    decisions = (out / "DECISIONS.md").read_text()
    assert "Not published to the internet" in decisions and "no SLA and no zones" in decisions
    # the web app's gateway meets the WAF control; the internal API, with no gateway, is not credited with it
    waf = next(line for line in decisions.splitlines() if line.startswith("| `web-application-firewall` |"))
    assert waf.split(" | ")[3] == "app", waf


def test_an_api_calls_one_backend(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "dev", [{"kind": "function", "name": "orders"}, {"kind": "function", "name": "billing"},
                                   {"kind": "http_api", "name": "api"}],
                 [{"from": "api", "to": "orders", "access": "invoke"},
                  {"from": "api", "to": "billing", "access": "invoke"}])
    assert_refused(tmp_path / "out", spec, "one backend")


@pytest.mark.parametrize(("env", "params", "says"), [
    ("staging", {"sku_name": "Basic_1"}, "sku_name"),
    ("prod", {"sku_name": "Developer_1"}, "prod uses Premium"),
    ("staging", {"rate_limit_per_minute": 0}, "rate_limit_per_minute"),
    ("staging", {"path": "/Orders"}, "path"),
    ("staging", {"throttling_burst_limit": 10}, "throttling_burst_limit"),
])
def test_bad_api_parameters_exit_2(env: str, params: dict[str, object], says: str, tmp_path: Path) -> None:
    spec = _spec(tmp_path, env, [{"kind": "function"}, {"kind": "http_api", "params": params}])
    assert_refused(tmp_path / "out", spec, says)


@pytest.mark.parametrize("request_text", ["Une API Management devant une fonction Azure en dev sur Azure",
                                          "API Management in front of an Azure function in dev on Azure"])
def test_in_front_of_is_not_a_name(request_text: str) -> None:
    res = run_cli("parse", request_text)
    assert res.exit_code == 0, res.stderr
    parsed = yaml.safe_load(res.stdout.split("\n# ")[0])
    assert sorted(c["kind"] for c in parsed["components"]) == ["function", "http_api"]
    assert not any(c.get("name") in ("devant", "front") for c in parsed["components"])
    assert "# words not used: (none)" in res.stdout
