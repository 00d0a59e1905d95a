"""Sizes a request states are honoured or refused in one line, never silently dropped: how many copies run ("3
replicas", "between 2 and 10 instances", "autoscaling from 2 to 8", "entre 2 et 6 instances") and how big each
is ("512 MB memory", "2 vCPU", "4 Go de mémoire"), set in the format each cloud's parameters model takes and
recorded as decisions; a size the component cannot take names the spec file's parameter to use instead."""

from __future__ import annotations

import pytest

from iacf_core.testing import assert_refused, parse_json, run_cli


@pytest.fixture(autouse=True)
def _every_cloud() -> None:
    for plugin in ("iacf_aws", "iacf_azure", "iacf_gcp"):
        pytest.importorskip(plugin)


_parsed = parse_json


def _params(parsed: dict, kind: str) -> list[dict]:
    return [c["params"] for c in parsed["spec"]["components"] if c["kind"] == kind]


def _size_decisions(parsed: dict) -> dict[str, dict]:
    return {d["id"]: d for d in parsed["decisions"] if d["id"].startswith("core.request.size-")}


# -- honoured ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("request_text", "kind", "expected"), [
    # the request of the report: both sizes applied, on the cloud's own formats
    ("Django app with 3 replicas and 512 MB memory with PostgreSQL in prod on AWS", "web_app",
     {"framework": "django", "replicas": 3, "memory": 512}),
    ("Django app with 3 replicas and 512 MB memory with PostgreSQL in prod on GCP", "web_app",
     {"framework": "django", "replicas": 3, "memory": "512Mi"}),
    ("Django app with 3 replicas with PostgreSQL in prod on Azure", "web_app", {"framework": "django", "replicas": 3}),
    # counts: words, instances, copies, ranges, autoscaling, French
    ("A Django app with 3 instances on GCP", "web_app", {"framework": "django", "replicas": 3}),
    ("A Django app with three copies on AWS", "web_app", {"framework": "django", "replicas": 3}),
    ("A Django app with 2 to 6 replicas in prod on AWS", "web_app",
     {"framework": "django", "min_replicas": 2, "max_replicas": 6}),
    ("A Django app running between 2 and 10 instances on GCP", "web_app",
     {"framework": "django", "min_replicas": 2, "max_replicas": 10}),
    ("A Django app autoscaling from 2 to 8 on AWS", "web_app",
     {"framework": "django", "min_replicas": 2, "max_replicas": 8}),
    ("Une application Django avec 3 réplicas sur GCP", "web_app", {"framework": "django", "replicas": 3}),
    ("Une app Django entre 2 et 6 instances sur AWS", "web_app",
     {"framework": "django", "min_replicas": 2, "max_replicas": 6}),
    # memory and CPU: MiB and CPU units on AWS, Mi/Gi and whole vCPUs on GCP, vCPU on Azure's workers
    ("A Django app with 2 vCPU and 4 GB RAM on AWS", "web_app", {"framework": "django", "cpu": 2048, "memory": 4096}),
    ("A Django app with 2 vCPU and 2 GB RAM on GCP", "web_app", {"framework": "django", "cpu": "2", "memory": "2Gi"}),
    ("Une app Django avec 4 Go de mémoire sur GCP", "web_app", {"framework": "django", "memory": "4Gi"}),
    ("A Lambda function with 512 MB memory on AWS", "function", {"memory_mb": 512}),
    ("A Cloud Function with 2 GB memory on GCP", "function", {"memory": "2G"}),
    ("A worker with 1.5 vCPU and between 2 and 10 instances in prod on Azure", "worker",
     {"cpu": 1.5, "min_replicas": 2, "max_replicas": 10}),
    # nodes: a cluster's autoscaled node count, a cache's fixed one
    ("A GKE cluster with autoscaling from 2 to 8 nodes in dev on GCP", "kubernetes_cluster",
     {"min_nodes": 2, "max_nodes": 8}),
    ("AKS cluster with 3 to 6 nodes in staging on Azure", "kubernetes_cluster", {"min_nodes": 3, "max_nodes": 6}),
    ("Un cluster AKS de 3 nœuds en prod sur Azure", "kubernetes_cluster", {"min_nodes": 3, "max_nodes": 3}),
    ("A GKE cluster with 3 to 5 instances on GCP", "kubernetes_cluster", {"min_nodes": 3, "max_nodes": 5}),
    ("A Redis cache with 3 nodes on AWS", "cache", {"engine": "redis", "nodes": 3}),
])
def test_a_stated_size_is_set_in_the_clouds_format(request_text, kind, expected):
    parsed = _parsed(request_text)
    assert _params(parsed, kind) == [expected]
    assert parsed["unused_words"] == []


def test_nodes_said_where_no_node_count_is_set_stay_unused_words():
    # "with 3 nodes for the web tier": nodes are no copies; said of kinds with no node count, the words are
    # reported, neither set as replicas nor refused
    parsed = _parsed("A Django app with PostgreSQL in prod, with 3 nodes for the web tier on AWS")
    assert {"3", "nodes"} <= set(parsed["unused_words"])
    assert [c["params"] for c in parsed["spec"]["components"]] == [{"framework": "django"}, {"engine": "postgres"}]


def test_each_applied_size_is_a_decision_from_the_request(tmp_path):
    parsed = _parsed("Django app with 3 replicas and 2 GB memory with PostgreSQL in prod on AWS")
    decisions = _size_decisions(parsed)
    assert set(decisions) == {"core.request.size-app-replicas", "core.request.size-app-memory"}
    memory = decisions["core.request.size-app-memory"]
    assert memory["title"] == "app: memory = 2048, from the request"
    assert "'2 gb memory'" in memory["why"] and "2048 MiB" in memory["why"]
    assert memory["trigger"] == "the words '2 gb memory' of the request"
    out = tmp_path / "out"
    res = run_cli("generate", "Django app with 3 replicas and 2 GB memory with PostgreSQL in prod on AWS", "-o",
                  str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    text = (out / "DECISIONS.md").read_text()
    assert "app: replicas = 3, from the request" in text and "app: memory = 2048, from the request" in text


def test_multiplied_components_each_get_the_size_and_multipliers_still_count():
    parsed = _parsed("Lambda x2 with 512 MB memory on AWS")
    assert _params(parsed, "function") == [{"memory_mb": 512}, {"memory_mb": 512}]
    apps = _parsed("Django app x3 on AWS")
    assert _params(apps, "web_app") == [{"framework": "django"}] * 3


# -- refused -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("request_text", "says"), [
    # the cloud's model refuses what its environment forbids, or what it does not generate
    ("Django app with 1 replica in prod on AWS", "'1 replica' (app): params.replicas = 1: prod runs at least 2 copies"),
    ("Django app autoscaling from 2 to 8 on Azure",
     "params.min_replicas = 2: autoscaling ranges are not generated on Azure"),
    ("Django app with 600 MB memory on AWS", "params.memory = 600: no Fargate task has this size"),
    # the kind has no count of running copies on that cloud: the kind is named
    ("A worker with 3 replicas on AWS", "'3 replicas': a worker (worker) has no count of running copies"),
    ("A PostgreSQL database with 3 replicas on GCP", "'3 replicas': a relational database (db) has no count of "
                                                     "running copies"),
    ("A Redis cache with 2 to 4 nodes on AWS", "'2 to 4 nodes': a cache (cache) on aws runs a fixed count of "
                                               "nodes, no scaling range; ask for one count, or set params.nodes"),
    # no such field, or no exact value of it: the spec file's parameter is named
    ("A Django app with 2 vCPU on Azure", "'2 vcpu': a web app (app) has no CPU size to set"),
    ("A PostgreSQL database with 2 GB of memory on AWS", "'2 gb of memory': a relational database (db) has no "
                                                          "memory size"),
    ("A Cloud Function with 1536 MB memory on GCP", "is no value params.memory of fn (function on gcp) takes "
                                                    "exactly"),
    ("A Django app with 0.5 vCPU on GCP", "'0.5 vcpu' (0.5 vCPU) is no value params.cpu of app"),
    ("A Django app with 300 MB memory on AWS", "set params.memory in a spec file"),
    # a size said twice, or of no component
    ("Django app with 3 replicas and 4 replicas on GCP", "app already has replicas = 3"),
    ("3 replicas on GCP", "'3 replicas' is said of no component"),
    # a size value a cloud names (an instance class, a plan) is not read as a name nor dropped
    ("PostgreSQL db.t4g.large on AWS", "'db.t4g.large' is a value of params.instance_class of a relational database"),
    ("A Django app P1v3 on Azure", "'P1v3' is a value of params.sku_name of a web app on azure"),
])
def test_a_size_that_cannot_be_set_as_said_is_refused_in_one_line(tmp_path, request_text, says):
    assert_refused(tmp_path / "out", request_text, says)
    res = run_cli("parse", request_text)
    assert res.exit_code == 2 and says in res.stderr
