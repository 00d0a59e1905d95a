from __future__ import annotations

import pytest

from iacf_core.kernel.errors import SpecError
from iacf_core.request.parser import parse_request
from iacf_core.engine.pipeline import build_stack
from iacf_core.kernel.plugins import Plugins


@pytest.fixture(scope="module")
def plugins():
    return Plugins()


def stack_for(plugins, text, **kw):
    parsed = parse_request(text, plugins.registry, **kw)
    return build_stack(parsed.spec, plugins, parsed.defaults)


def test_seed_prod_components_and_wiring(plugins):
    stack = stack_for(plugins, "App web Django avec PostgreSQL en prod sur AWS")
    assert {c.id: c.kind for c in stack.components.values()} == {
        "app": "web_app", "db": "relational_database", "network": "network", "keys": "encryption_keys",
        "edge": "load_balancer", "governance": "account_baseline", "state": "state_backend", "backup": "backup",
    }
    assert stack.components["app"].connects_to == ["db"]
    # prod data stores in an AWS Backup plan; each workload its own database user
    assert stack.components["backup"].params["resources"] == ["db"]
    assert stack.components["db"].params["users"] == {"app": "app_user"}
    assert stack.components["edge"].connects_to == ["app"]
    assert stack.components["network"].provenance.decision == "aws.network.vpc"
    app, db, net = (stack.components[k].params for k in ("app", "db", "network"))
    assert (app["port"], app["health_check_path"], app["autoscaling"]) == (8000, "/health/", True)
    assert (db["multi_az"], db["deletion_protection"], db["engine"], db["port"]) == (True, True, "postgres", 5432)
    assert (net["az_count"], net["single_nat_gateway"]) == (3, False)
    assert stack.region == "eu-west-3"
    ids = {d.id for d in stack.decisions}
    assert {"core.default.region", "aws.db.multi-az", "aws.app.ecs-fargate", "aws.edge.waf"} <= ids


def test_dev_is_smaller_and_unprotected(plugins):
    stack = stack_for(plugins, "App web Django avec PostgreSQL en dev sur AWS")
    assert "backup" not in stack.components
    assert "aws.backup.off" in {d.id for d in stack.decisions}
    app, db, net = (stack.components[k].params for k in ("app", "db", "network"))
    assert (net["az_count"], net["single_nat_gateway"]) == (2, True)
    assert (db["multi_az"], db["deletion_protection"], db["skip_final_snapshot"]) == (False, False, True)
    assert (app["desired_count"], app["autoscaling"]) == (1, False)
    assert stack.components["edge"].params["deletion_protection"] is False


def test_every_added_component_has_a_decision(plugins):
    stack = stack_for(plugins, "Spring Boot with MySQL in staging in Frankfurt on AWS")
    decided = {d.id for d in stack.decisions}
    for comp in stack.components.values():
        if comp.provenance.source == "dependency":
            assert comp.provenance.decision in decided
    assert stack.region == "eu-central-1"
    assert stack.components["db"].params["port"] == 3306


def test_governance_controls_all_implemented(plugins):
    stack = stack_for(plugins, "Django avec PostgreSQL en prod sur AWS")
    required = {c.id for c in stack.controls}
    implemented = {i.control for i in stack.implementations}
    assert required == implemented
    assert {"web-application-firewall", "private-data-tier", "network-flow-logs"} <= required


def test_database_alone_has_no_edge(plugins):
    stack = stack_for(plugins, "une base PostgreSQL en prod sur AWS")
    assert "edge" not in stack.components and "app" not in stack.components
    assert "web-application-firewall" not in {c.id for c in stack.controls}


def test_unsupported_service_is_exit_2_naming_supported(plugins):
    with pytest.raises(SpecError) as err:
        stack_for(plugins, "Django avec Kafka sur AWS")
    assert "'event_stream' (asked by 'kafka')" in str(err.value)
    assert "web_app" in str(err.value) and "network" not in str(err.value)


def test_unknown_region_code(plugins):
    with pytest.raises(SpecError, match=r"'eu-west-9' is not a region of aws: name a region code \(nearest: eu-west-1"):
        stack_for(plugins, "Django sur AWS", region="eu-west-9")


@pytest.mark.parametrize(("word", "region"), [("Paris", "eu-west-3"), ("Irlande", "eu-west-1"),
                                              ("Londres", "eu-west-2"), ("Tokyo", "ap-northeast-1"),
                                              ("São Paulo", "sa-east-1"), ("eu-north-1", "eu-north-1")])
def test_regions_from_places(plugins, word, region):
    assert parse_request(f"Django à {word} sur AWS", plugins.registry).spec.region == region


def test_http_api_adds_its_function_and_worker_its_queue(plugins):
    stack = stack_for(plugins, "API HTTP et un worker en staging sur AWS")
    kinds = {c.id: c.kind for c in stack.components.values()}
    assert kinds["fn"] == "function" and kinds["queue"] == "queue"
    assert stack.components["fn"].provenance.source == "dependency"
    assert stack.components["fn"].provenance.decision == "aws.api.function"
    assert stack.components["queue"].provenance.decision == "aws.worker.queue"
    assert stack.components["api"].params["target"] == "fn"
    assert stack.components["worker"].params["source_queues"] == ["queue"]
    assert "network" not in kinds and "keys" in kinds
    assert stack.components["fn"].params["reserved_concurrency"] == 10


def test_function_wiring_follows_the_stack(plugins):
    stack = stack_for(plugins, "Un bucket S3 qui déclenche une fonction Lambda qui publie sur un topic SNS en prod")
    fn = stack.components["fn"]
    assert fn.connects_to == ["storage", "topic"]
    assert fn.params["trigger_bucket"] == "storage" and fn.params["vpc"] is False
    ids = {d.id for d in stack.decisions}
    assert {"aws.fn.trigger", "aws.fn.iam", "aws.fn.resilience", "aws.lambda.package", "aws.topic.sns"} <= ids
    assert stack.components["storage"].params["force_destroy"] is False


def test_function_with_a_database_gets_the_network(plugins):
    stack = stack_for(plugins, "Fonction Lambda avec PostgreSQL en dev sur AWS")
    fn = stack.components["fn"]
    assert fn.params["vpc"] is True and "db" in fn.connects_to and "network" in fn.depends_on
    assert "network" in stack.components


def test_mariadb_engine(plugins):
    db = stack_for(plugins, "MariaDB en dev sur AWS").components["db"]
    assert (db.params["engine"], db.params["port"], db.params["family"]) == ("mariadb", 3306, "mariadb10.11")


@pytest.mark.parametrize(("text", "env"), [("Site web statique pour un frontend React en prod sur AWS", "prod"),
                                          ("A static website with CloudFront in dev on AWS", "dev")])
def test_static_site_alone_is_an_internet_entry_with_waf(plugins, text, env):
    stack = stack_for(plugins, text)
    assert {c.id: c.kind for c in stack.components.values()} == {
        "site": "static_site", "keys": "encryption_keys", "governance": "account_baseline", "state": "state_backend",
    }
    site = stack.components["site"].params
    assert site["internet_facing"] is True and stack.components["site"].depends_on == ["keys"]
    assert (site["force_destroy"], site["price_class"]) == ((False, "PriceClass_All") if env == "prod"
                                                            else (True, "PriceClass_100"))
    assert site["retention_days"] == {"dev": 30, "prod": 365}[env]
    # an internet entry point: the WAF control applies and the static site implements it, with no association
    required = {c.id for c in stack.controls}
    assert "web-application-firewall" in required and required == {i.control for i in stack.implementations}
    waf = next(i for i in stack.implementations if i.control == "web-application-firewall")
    assert waf.components == ["site"] and "aws_wafv2_web_acl_association" not in waf.resources
    ids = {d.id for d in stack.decisions}
    assert {"aws.site.cloudfront", "aws.site.encryption", "aws.site.tls", "aws.site.security-headers",
            "aws.site.waf", "aws.site.logging", "aws.site.no-failover", "aws.site.force-destroy"} <= ids
    assert "network" not in stack.components, "a static site needs no VPC"


@pytest.mark.parametrize(("text", "engine", "env", "nodes", "failover", "snapshots"), [
    ("Rails app on ECS with Aurora PostgreSQL and a Redis cache in prod on AWS", "redis", "prod", 3, True, 7),
    ("Un cache Valkey pour la mise en cache en dev sur AWS", "valkey", "dev", 1, False, 0),
    ("Application web Django avec un cache en staging sur AWS", "valkey", "staging", 1, False, 1),
])
def test_cache_engine_sizing_and_wiring(plugins, text, engine, env, nodes, failover, snapshots):
    stack = stack_for(plugins, text)
    caches = stack.by_kind("cache")
    assert [c.id for c in caches] == ["cache"]
    p = caches[0].params
    assert (p["engine"], p["num_cache_clusters"], p["multi_az"], p["snapshot_retention_limit"], p["port"]) == (
        engine, nodes, failover, snapshots, 6379)
    assert {"network", "keys"} <= set(caches[0].depends_on)
    assert stack.environment == env
    for app in stack.by_kind("web_app"):
        assert "cache" in app.connects_to
    ids = {d.id for d in stack.decisions}
    assert {"aws.cache.elasticache", "aws.cache.availability", "aws.cache.encryption", "aws.cache.iam-auth",
            "aws.cache.private", "aws.cache.snapshots", "aws.cache.logs", "aws.network.vpc"} <= ids
    # one IAM-authenticated user per client, no shared token
    assert p["users"] == {a.id: a.id for a in stack.by_kind("web_app")}
    assert ("aws.cache.wiring" in ids) == bool(stack.by_kind("web_app"))


def test_function_with_a_cache_runs_in_the_vpc(plugins):
    stack = stack_for(plugins, "Fonction Lambda avec un cache Redis en dev sur AWS")
    fn = stack.components["fn"]
    assert fn.params["vpc"] is True and "cache" in fn.connects_to and "network" in fn.depends_on
    assert "network" in stack.components


def test_memcached_is_refused_naming_the_engines(plugins):
    with pytest.raises(SpecError, match=r"'cache' \(cache\): params.engine = 'memcached' is not allowed; "
                                        "allowed: valkey, redis"):
        stack_for(plugins, "A Memcached cache on AWS")
