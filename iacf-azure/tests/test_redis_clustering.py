"""The cache's clustering policy on Azure: by default one endpoint that any Redis client can use, unsharded up to
25 GB (NoCluster: a Django app's RedisCache is not cluster-aware, and its set_many is a MULTI/EXEC transaction),
the Enterprise proxy above (EnterpriseCluster); recorded as a decision naming the clients and what the policy
costs; a spec chooses the Redis Cluster protocol (OSSCluster, whose shard ports the network opens) or another
policy; other values are refused. The OSS stack, shard ports included, passes every gate (offline validate, Checkov).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from iacf_core.testing import assert_every_gate_passes, assert_refused, generated_project

REQUEST = "Une app web Django avec un cache Azure Managed Redis en prod sur Azure"


def _spec(**cache: Any) -> dict[str, Any]:
    return {"project": "shop", "cloud": "azure", "environment": "prod",
            "components": [{"kind": "web_app", "params": {"framework": "django"}},
                           {"kind": "cache", "params": cache}]}


def _cache_call(project: Path) -> str:
    return (project / "main.tf").read_text().split('module "cache" {')[1].split("\n}\n")[0]


def _decision(project: Path, decision_id: str) -> str:
    """The section of DECISIONS.md that records ``decision_id`` (its heading to the next one)."""
    text = (project / "DECISIONS.md").read_text()
    return text.split(f"### `{decision_id}`")[1].split("\n### ")[0]


@pytest.fixture(scope="module")
def django_prod(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "azure-redis-default")


def _network_call(project: Path) -> str:
    return (project / "main.tf").read_text().split('module "network" {')[1].split("\n}\n")[0]


def test_a_django_app_gets_one_unsharded_endpoint_any_client_can_use(django_prod: Path) -> None:
    assert re.search(r'clustering_policy\s+= "NoCluster"', _cache_call(django_prod))
    assert re.search(r'sku_name\s+= "Balanced_B3"', _cache_call(django_prod))
    module = django_prod / "modules" / "managed_redis"
    main = (module / "main.tf").read_text()
    assert re.search(r"clustering_policy\s+= var\.clustering_policy", main) and '"OSSCluster"' not in main
    variables = (module / "variables.tf").read_text()
    block = variables.split('variable "clustering_policy" {')[1].split("\n}\n")[0]
    # the module's own default serves every SKU; the project passes its choice explicitly
    assert 'default     = "EnterpriseCluster"' in block
    assert 'contains(["EnterpriseCluster", "OSSCluster", "NoCluster"], var.clustering_policy)' in block


def test_the_default_is_a_decision_naming_the_clients_and_the_cost(django_prod: Path) -> None:
    decision = _decision(django_prod, "azure.cache.clustering-policy")
    assert "(NoCluster clustering policy)" in decision.split("\n")[0]
    # which clients work, and that Django's transaction does on prod's size
    assert "any Redis client works as it is (app (Django))" in decision
    assert "every command, MULTI/EXEC transaction and Lua script works with any keys" in decision
    assert "cache.set_many" in decision and "it works on every size" in decision
    # why not the sharded policies: CROSSSLOT on prod's SKU, cluster-aware clients only
    assert "Balanced_B3 included" in decision and "CROSSSLOT" in decision
    assert "OSSCluster accepts cluster-aware clients only" in decision
    # what it costs
    assert "one shard runs the commands" in decision and "this one is Balanced_B3" in decision
    assert "a larger SKU needs another policy first" in decision and "recreates the database" in decision
    assert "**Trigger:** default for Balanced_B3 (up to 25 GB); clients: app (Django)" in decision
    assert "EnterpriseCluster (one endpoint" in decision and "OSSCluster (the Redis Cluster protocol" in decision


def test_a_single_shard_sku_is_not_said_to_be_sharded(tmp_path: Path) -> None:
    out = generated_project(tmp_path, "A Flask web app with an Azure Cache for Redis in dev on Azure", "dev")
    assert re.search(r'clustering_policy\s+= "NoCluster"', _cache_call(out))
    decision = _decision(out, "azure.cache.clustering-policy")
    assert "works as it is (app (Flask))" in decision and "Balanced_B0 included" not in decision
    assert "set_many" not in decision  # Django's transaction is named for Django clients only


def test_a_large_sku_gets_the_enterprise_proxy_and_says_why(tmp_path: Path) -> None:
    out = generated_project(tmp_path, _spec(sku_name="Balanced_B50"), "large")
    assert re.search(r'clustering_policy\s+= "EnterpriseCluster"', _cache_call(out))
    decision = _decision(out, "azure.cache.clustering-policy")
    assert "(EnterpriseCluster clustering policy)" in decision.split("\n")[0]
    # why: NoCluster does not serve the SKU
    assert "Balanced_B50 holds more than 25 GB, which the NoCluster policy" in decision
    assert "does not serve, so the cache is sharded" in decision
    # what it costs: the cross-slot limit, Django's transaction included
    assert "Balanced_B50 included" in decision and "CROSSSLOT" in decision
    assert "DEL, MSET, MGET, EXISTS, UNLINK and TOUCH work across hash slots" in decision
    assert "cache.set_many" in decision and "lifts that limit" not in decision
    assert "**Trigger:** default for Balanced_B50 (above 25 GB); clients: app (Django)" in decision
    assert "NoCluster (unsharded: every command with any keys, 25 GB and below, less throughput; not for " \
           "Balanced_B50)" in decision


def test_a_stated_enterprise_policy_is_rendered_with_its_cost(tmp_path: Path) -> None:
    out = generated_project(tmp_path, _spec(clustering_policy="EnterpriseCluster"), "enterprise")
    assert re.search(r'clustering_policy\s+= "EnterpriseCluster"', _cache_call(out))
    decision = _decision(out, "azure.cache.clustering-policy")
    assert "(EnterpriseCluster clustering policy)" in decision.split("\n")[0]
    assert "**Trigger:** clustering_policy = EnterpriseCluster" in decision
    assert "works as it is: app (Django)" in decision and "MOVED" in decision
    assert "Balanced_B3 included" in decision and "CROSSSLOT" in decision and "cache.set_many" in decision
    assert "holds more than 25 GB" not in decision and "NoCluster policy lifts that limit up to 25 GB" in decision
    assert "8500-8599" not in _network_call(out)


def test_a_spec_chooses_the_oss_policy_for_cluster_aware_clients(tmp_path: Path) -> None:
    out = generated_project(tmp_path, _spec(clustering_policy="OSSCluster"), "oss")
    assert re.search(r'clustering_policy\s+= "OSSCluster"', _cache_call(out))
    decision = _decision(out, "azure.cache.clustering-policy")
    assert "(OSSCluster clustering policy)" in decision.split("\n")[0]
    assert "**Trigger:** clustering_policy = OSSCluster" in decision
    assert "8500-8599" in decision and "Every client must use one: app (Django)" in decision
    assert "EnterpriseCluster (one endpoint" in decision


def test_a_spec_chooses_no_sharding(tmp_path: Path) -> None:
    out = generated_project(tmp_path, _spec(clustering_policy="NoCluster", sku_name="Balanced_B20"), "nocluster")
    assert re.search(r'clustering_policy\s+= "NoCluster"', _cache_call(out))
    decision = _decision(out, "azure.cache.clustering-policy")
    assert "(NoCluster clustering policy)" in decision.split("\n")[0] and "this one is Balanced_B20" in decision


@pytest.mark.parametrize("value", ["RedisCluster", "osscluster", ""])
def test_an_unknown_policy_exits_2_naming_the_allowed_ones(value: str, tmp_path: Path) -> None:
    res = assert_refused(tmp_path / "out", _spec(clustering_policy=value),
                         f"params.clustering_policy = '{value}' is not allowed")
    assert res.stderr.rstrip().endswith("allowed: EnterpriseCluster, OSSCluster, NoCluster"), res.stderr


def test_no_sharding_above_25_gb_exits_2(tmp_path: Path) -> None:
    assert_refused(tmp_path / "out", _spec(clustering_policy="NoCluster", sku_name="Balanced_B50"),
                   "clustering_policy = 'NoCluster': Balanced_B50 holds more than 25 GB, which NoCluster does not "
                   "serve")


def test_the_oss_policy_opens_the_shard_ports(tmp_path: Path) -> None:
    out = generated_project(tmp_path, _spec(clustering_policy="OSSCluster"), "oss-ports")
    assert re.search(r'endpoint_extra_ports\s+= \["10000", "8500-8599"\]', _network_call(out))
    variables = (out / "modules" / "network" / "variables.tf").read_text()
    assert 'contains(["5671", "10000", "8500-8599", "1433"], port)' in variables
    nsg = _decision(out, "azure.network.nsg")
    assert "and 8500-8599 besides Redis' 10000 for cache (the OSS clustering policy" in nsg


def test_no_shard_ports_without_the_oss_policy(django_prod: Path) -> None:
    assert re.search(r'endpoint_extra_ports\s+= \["10000"\]', _network_call(django_prod))
    assert "8500-8599" not in _decision(django_prod, "azure.network.nsg")


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.xdist_group("azure-redis-oss")
def test_an_oss_stack_with_its_shard_ports_passes_every_gate(tmp_path: Path) -> None:
    out = generated_project(tmp_path, _spec(clustering_policy="OSSCluster"), "oss-gates")
    assert "8500-8599" in _network_call(out)
    assert_every_gate_passes(out, min_resources=80, gates=("fmt", "validate", "checkov", "ingress"))
