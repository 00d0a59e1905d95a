"""Typed parameters on AWS: every accepted parameter changes the output the right way (the rendered HCL and the
decision that records it), and every wrong value is refused with the parameter, its value and what is allowed."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from typing import Any

import pytest

from iacf_core.kernel.errors import SpecError
from iacf_core.kernel.models import Spec
from iacf_core.engine.pipeline import build_stack
from iacf_core.kernel.plugins import Plugins
from iacf_core.kernel.rendering import Renderer


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return Plugins()


@pytest.fixture(scope="module")
def renderer(plugins: Plugins) -> Renderer:
    return Renderer(plugins.registry)  # one jinja environment: templates compile once


def render(plugins: Plugins, components: list[dict[str, Any]], env: str = "dev",
           renderer: Renderer | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """The files the components render (joined by path; the project files and docs are left out: they do not
    depend on parameters), and the decisions by id (title, why and trigger joined by ` | `)."""
    spec = Spec.model_validate({"project": "shop", "cloud": "aws", "environment": env, "components": components})
    stack = build_stack(spec, plugins)
    renderer = renderer or Renderer(plugins.registry)
    text: dict[str, str] = {}
    for component in stack.ordered():
        for piece in plugins.render_module(component, stack, renderer) or []:
            text[piece.path] = text.get(piece.path, "") + piece.content + "\n"
    decisions = {d.id: f"{d.title} | {d.why} | {d.trigger}" for d in stack.decisions}
    return text, decisions


# (kind, base params, parameters added, file, pattern present only with them, decision id, text in it)
CASES: list[tuple[str, dict[str, Any], dict[str, Any], str, str, str, str]] = [
    ("web_app", {}, {"framework": "flask"}, "main.tf", r"FLASK_SECRET_KEY", "aws.app.ecs-fargate", "Flask container"),
    ("web_app", {}, {"port": 9000}, "main.tf", r"container_port\s+= 9000", "aws.app.ecs-fargate", "port 9000"),
    ("web_app", {}, {"health_check_path": "/ready"}, "main.tf", r'health_check_path\s+= "/ready"',
     "aws.app.ecs-fargate", "health checks on /ready"),
    ("web_app", {}, {"replicas": 4}, "main.tf", r"desired_count\s+= 4\b", "aws.app.autoscaling", "Fixed count of 4"),
    ("web_app", {}, {"min_replicas": 2, "max_replicas": 6}, "main.tf", r"max_capacity\s+= 6\b", "aws.app.autoscaling",
     "autoscaling on CPU (2–6 tasks)"),
    ("web_app", {}, {"cpu": 2048}, "main.tf", r"cpu\s+= 2048\b", "aws.app.ecs-fargate", "2048 CPU units, 4096 MiB"),
    ("web_app", {}, {"memory": 3072}, "main.tf", r"memory\s+= 3072\b", "aws.app.ecs-fargate", "3072 MiB"),
    ("relational_database", {}, {"engine": "mysql"}, "main.tf", r'engine\s+= "mysql"', "aws.db.rds", "RDS for MySQL"),
    ("relational_database", {}, {"engine_version": "15"}, "main.tf", r'engine_version\s+= "15"$', "aws.db.version",
     "PostgreSQL 15, minor versions upgraded automatically"),
    ("relational_database", {}, {"storage_gb": 50}, "main.tf", r"allocated_storage\s+= 50\b", "aws.db.rds", "50 GiB"),
    ("relational_database", {}, {"max_storage_gb": 500}, "main.tf", r"max_allocated_storage\s+= 500\b", "aws.db.rds",
     "autoscaling to 500"),
    ("relational_database", {}, {"backup_retention_days": 21}, "main.tf", r"backup_retention_period\s+= 21\b",
     "aws.db.protection", "21-day backups"),
    ("relational_database", {}, {"database_name": "orders"}, "main.tf", r'db_name\s+= "orders"', "aws.db.version",
     "database orders"),
    ("relational_database", {}, {"instance_class": "db.t4g.small"}, "main.tf", r'instance_class\s+= "db\.t4g\.small"',
     "aws.db.rds", "on db.t4g.small"),
    ("relational_database", {"engine": "aurora-postgresql"}, {"instances": 2}, "main.tf", r"instance_count\s+= 2\b",
     "aws.db.aurora", "2 × db.t4g.medium"),
    ("cache", {}, {"engine": "redis"}, "main.tf", r'engine\s+= "redis"', "aws.cache.elasticache", "Redis OSS 7.1"),
    ("cache", {}, {"engine_version": "7.2"}, "main.tf", r'"default\.valkey7"', "aws.cache.elasticache", "Valkey 7.2"),
    ("cache", {}, {"node_type": "cache.t4g.small"}, "main.tf", r'node_type\s+= "cache\.t4g\.small"',
     "aws.cache.elasticache", "on cache.t4g.small"),
    ("cache", {}, {"nodes": 2}, "main.tf", r"multi_az_enabled\s+= true", "aws.cache.availability", "2 nodes"),
    ("cache", {}, {"snapshot_retention_days": 3}, "main.tf", r"snapshot_retention_limit\s+= 3\b", "aws.cache.snapshots",
     "kept 3 day(s)"),
    ("queue", {}, {"fifo": True}, "main.tf", r'fifo_queue\s+= true', "aws.queue.sqs", "SQS FIFO queue"),
    ("queue", {}, {"visibility_timeout_seconds": 300}, "main.tf", r"visibility_timeout_seconds\s+= 300\b",
     "aws.queue.sqs", "hidden 300 s"),
    ("queue", {}, {"message_retention_seconds": 86400}, "main.tf", r"message_retention_seconds\s+= 86400\b",
     "aws.queue.sqs", "kept 1 day,"),
    ("queue", {}, {"max_receive_count": 3}, "main.tf", r"maxReceiveCount\s+= 3\b", "aws.queue.sqs", "fail 3 times"),
    ("topic", {}, {"fifo": True}, "main.tf", r"fifo_topic\s+= true", "aws.topic.sns", "SNS FIFO topic"),
    ("nosql_table", {}, {"partition_key": "id"}, "main.tf", r'hash_key\s+= "id"', "aws.table.dynamodb",
     "partition key `id` alone"),
    ("nosql_table", {}, {"partition_key_type": "N"}, "main.tf", r'name = "pk"\s+type = "N"', "aws.table.dynamodb",
     "number partition key `pk`"),
    ("nosql_table", {}, {"sort_key": "created_at"}, "main.tf", r'range_key\s+= "created_at"', "aws.table.dynamodb",
     "sort key `created_at`"),
    ("nosql_table", {}, {"sort_key": False}, "main.tf", r'(?s)^(?!.*range_key).*hash_key\s+= "pk"',
     "aws.table.dynamodb", "`pk` alone"),
    ("nosql_table", {}, {"sort_key_type": "N"}, "main.tf", r'name = "sk"\s+type = "N"', "aws.table.dynamodb",
     "number sort key `sk`"),
    ("nosql_table", {}, {"ttl_attribute": "expires_at"}, "main.tf", r'attribute_name = "expires_at"',
     "aws.table.dynamodb", "epoch time in `expires_at`"),
    ("object_storage", {}, {"transition_to_ia_days": 60}, "main.tf", r"transition_to_ia_days\s+= 60\b",
     "aws.storage.s3", "Infrequent Access after 60 days"),
    ("object_storage", {}, {"transition_to_glacier_days": 180}, "main.tf", r"transition_to_glacier_days\s+= 180\b",
     "aws.storage.s3", "Glacier Instant Retrieval after 180"),
    ("object_storage", {}, {"expiration_days": 400}, "main.tf", r"expiration_days\s+= 400\b", "aws.storage.s3",
     "expire after 400 days"),
    ("object_storage", {}, {"noncurrent_version_retention_days": 60}, "main.tf",
     r"noncurrent_version_expiration_days\s+= 60\b", "aws.storage.s3", "Noncurrent versions expire after 60 days"),
    ("function", {}, {"runtime": "nodejs22.x"}, "main.tf", r'runtime\s+= "nodejs22\.x"', "aws.fn.lambda",
     "on nodejs22.x"),
    ("function", {}, {"memory_mb": 2048}, "main.tf", r"memory_size\s+= 2048\b", "aws.fn.lambda", "(2048 MiB"),
    ("function", {}, {"timeout_seconds": 120}, "main.tf", r"timeout\s+= 120\b", "aws.fn.lambda", "120 s timeout"),
    ("function", {}, {"reserved_concurrency": 20}, "main.tf", r"reserved_concurrent_executions = 20\b",
     "aws.fn.resilience", "Reserved concurrency 20"),
    ("function", {}, {"architecture": "x86_64"}, "main.tf", r'architectures\s+= \["x86_64"\]', "aws.fn.lambda",
     "x86_64)"),
    ("worker", {}, {"batch_size": 5}, "main.tf", r"batch_size\s+= 5\b", "aws.worker.consumes", "batches of 5"),
    ("worker", {}, {"timeout_seconds": 100}, "main.tf", r"visibility_timeout_seconds\s+= 600\b", "aws.queue.sqs",
     "hidden 600 s"),
    ("scheduled_job", {}, {"schedule": "cron(0 3 * * ? *)"}, "variables.tf", r'default\s+= "cron\(0 3 \* \* \? \*\)"',
     "aws.job.schedule", "runs the job: cron(0 3 * * ? *)"),
    ("scheduled_job", {}, {"timezone": "Europe/Paris"}, "main.tf",
     r'schedule_expression_timezone = "Europe/Paris"', "aws.job.schedule", "(Europe/Paris)"),
    ("http_api", {}, {"throttling_rate_limit": 40}, "main.tf", r"throttling_rate_limit\s+= 40\b", "aws.api.http-api",
     "throttles at 40 requests/s"),
    ("http_api", {}, {"throttling_burst_limit": 80}, "main.tf", r"throttling_burst_limit = 80\b", "aws.api.http-api",
     "(burst 80)"),
    ("static_site", {}, {"price_class": "PriceClass_200"}, "main.tf", r'price_class\s+= "PriceClass_200"',
     "aws.site.cloudfront", "price class PriceClass_200"),
    ("static_site", {}, {"spa": False}, "main.tf", r'(?s)\A(?!.*custom_error_response).*aws_cloudfront_distribution',
     "aws.site.spa", "Unknown paths answer 403/404"),
]


@pytest.mark.parametrize(("kind", "base", "added", "path", "pattern", "decision", "said"), CASES,
                         ids=[f"{c[0]}.{'+'.join(f'{k}={v}' for k, v in c[2].items())}" for c in CASES])
def test_each_parameter_changes_the_output(plugins, renderer, kind, base, added, path, pattern, decision, said):
    without, decided_without = render(plugins, [{"kind": kind, "params": base}], renderer=renderer)
    with_, decided_with = render(plugins, [{"kind": kind, "params": {**base, **added}}], renderer=renderer)
    assert re.search(pattern, with_[path], re.M), f"{path} does not show {added}"
    assert not re.search(pattern, without[path], re.M), f"{path} shows {pattern} without {added}"
    assert said in decided_with[decision], decided_with[decision]
    assert said not in decided_without.get(decision, ""), "the decision says so only when the parameter is given"
    trigger = decided_with[decision].rsplit(" | ", 1)[1]
    consumer = kind == "worker" and decision == "aws.queue.sqs"  # the queue's decision follows its worker
    assert consumer or all(f"{param} = " in trigger for param in added), f"the trigger names {added}: {trigger}"


def test_every_parameter_of_every_kind_is_covered(plugins):
    """A parameter added to a model without a case here fails: each one must change the output."""
    covered = {(kind, param) for kind, base, added, *_ in CASES for param in (*base, *added)}
    registry = plugins.registry
    for kind in registry.kinds_for("aws"):
        model = registry.params_model(kind, "aws")
        assert model is not None, f"{kind} has no parameters model"
        inherited = {"worker": "function", "scheduled_job": "function"}.get(kind)
        for field in model.model_fields:
            assert (kind, field) in covered or (inherited, field) in covered, \
                f"{kind}.{field} has no test showing that it changes the output"


def test_runtime_picks_the_placeholder_handler(plugins):
    for runtime, name in (("python3.13", "index.py"), ("nodejs20.x", "index.mjs"), ("ruby3.3", "index.rb")):
        spec = Spec.model_validate({"project": "shop", "cloud": "aws",
                                    "components": [{"kind": "worker", "params": {"runtime": runtime}}]})
        stack = build_stack(spec, plugins)
        files = plugins.render_module(stack.components["worker"], stack, Renderer(plugins.registry)) or []
        package = next(f for f in files if f.path == "functions/worker/placeholder.zip")
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(package.content)))
        assert archive.namelist() == [name]
        assert "batchItemFailures" in archive.read(name).decode()


def test_replicas_five_gives_five_tasks_in_prod(plugins):
    """The issue's example: `replicas: 5` was ignored (1 task)."""
    text, decisions = render(plugins, [{"kind": "web_app", "params": {"framework": "django", "replicas": 5}},
                                       {"kind": "relational_database", "params": {"engine": "postgres"}}], env="prod")
    assert re.search(r"desired_count\s+= 5\b", text["main.tf"])
    assert re.search(r"autoscaling_enabled\s+= false", text["main.tf"])
    assert "Fixed count of 5 task(s)" in decisions["aws.app.autoscaling"]
    assert "replicas = 5" in decisions["aws.app.autoscaling"]


def _db_module(text: str) -> str:
    """The root module block of the database."""
    return re.search(r'(?s)module "db" \{.*?\n\}', text).group()


@pytest.mark.parametrize(("params", "version", "auto_upgrade"), [
    ({}, "16", True),  # the default major version, as a prefix: AWS picks and upgrades the minor
    ({"engine_version": "15"}, "15", True),
    ({"engine": "mysql", "engine_version": "8.4"}, "8.4", True),
    ({"engine": "mariadb"}, "10.11", True),
    ({"engine_version": "16.11"}, "16.11", False),  # a tested full version is pinned: no automatic minor upgrades
    ({"engine": "aurora-postgresql"}, "16", True),
    ({"engine": "aurora-postgresql", "engine_version": "15"}, "15", True),
    # no documented major-version prefix for Aurora MySQL: the tested full version, pinned
    ({"engine": "aurora-mysql"}, "8.0.mysql_aurora.3.10.4", False),
], ids=lambda v: str(v))
def test_a_major_version_is_upgraded_by_aws_and_a_full_version_is_pinned(plugins, params, version, auto_upgrade):
    """A pinned minor with automatic minor upgrades would drift (16.9 -> 16.8 in every plan, refused by RDS)."""
    text, decisions = render(plugins, [{"kind": "relational_database", "params": params}])
    block = _db_module(text["main.tf"])
    assert re.search(rf'^  engine_version\s+= "{re.escape(version)}"$', block, re.M), block
    assert re.search(rf"^  auto_minor_version_upgrade\s+= {str(auto_upgrade).lower()}$", block, re.M), block
    skip = re.search(r"#checkov:skip=CKV_AWS_226:Decision aws\.db\.version - (.+)", block)
    decision = decisions["aws.db.version"]
    if auto_upgrade:
        assert skip is None
        assert "minor versions upgraded automatically by AWS" in decision
        assert f"Terraform names the major version {version} only" in decision
    else:
        assert skip is not None and f"engine_version pins {version}" in skip.group(1)
        assert "no automatic minor upgrades" in decision and "CKV_AWS_226 skipped" in decision


def test_the_parameter_group_family_follows_the_major_version(plugins):
    for params, family in (({}, "postgres16"), ({"engine_version": "16.11"}, "postgres16"),
                           ({"engine": "mysql"}, "mysql8.4"), ({"engine": "aurora-postgresql"}, "aurora-postgresql16"),
                           ({"engine": "aurora-mysql"}, "aurora-mysql8.0")):
        spec = Spec.model_validate({"project": "shop", "cloud": "aws",
                                    "components": [{"kind": "relational_database", "params": params}]})
        assert build_stack(spec, plugins).components["db"].params["family"] == family


# -- refusals ----------------------------------------------------------------------------------------------------

REFUSED = [
    ("web_app", {"framework": "djang"}, "prod",
     r"components\[0\] 'app' \(web_app\): params\.framework = 'djang' is not allowed; did you mean 'django'\? "
     r"allowed: aspnet, django, express"),
    ("web_app", {"replicas": 1}, "prod", r"params\.replicas = 1: prod runs at least 2 copies"),
    ("web_app", {"replicas": 1}, "dev", None),
    ("web_app", {"replicas": 2, "min_replicas": 2, "max_replicas": 4}, "dev", r"params\.replicas = 2: give either"),
    ("web_app", {"min_replicas": 3}, "dev", r"params\.min_replicas = 3: min_replicas and max_replicas go together"),
    ("web_app", {"min_replicas": 5, "max_replicas": 3}, "dev", r"params\.max_replicas = 3: below min_replicas \(5\)"),
    ("web_app", {"cpu": 256, "memory": 4096}, "dev", r"params\.memory = 4096: does not fit cpu 256: .*512-2048 MiB"),
    ("web_app", {"memory": 1000}, "dev", r"params\.memory = 1000: no Fargate task has this size"),
    ("web_app", {"cpu": 300}, "dev", r"params\.cpu = 300 is not allowed; allowed: 256, 512, 1024"),
    ("web_app", {"replicas": "5"}, "dev", r"params\.replicas = '5': input should be a valid integer"),
    ("web_app", {"port": None}, "dev", r"params\.port = null: null is not a value"),
    ("web_app", {"health_check_path": "health"}, "dev", r"params\.health_check_path = 'health': string should match"),
    ("web_app", {"colour": "blue"}, "dev", r"unknown parameter 'colour' \(value 'blue'\); parameters: cpu, framework"),
    ("relational_database", {"engine": "postgress"}, "dev",
     r"params\.engine = 'postgress' is not allowed; did you mean 'postgres'\? allowed: postgres, mysql, mariadb, "
     r"aurora-postgresql, aurora-mysql"),
    ("relational_database", {"engine_version": "13"}, "dev",
     r"params\.engine_version = '13': not a PostgreSQL major version offered; use one of: 18, 17, 16, 15, 14"),
    ("relational_database", {"engine": "aurora-mysql", "storage_gb": 50}, "dev",
     r"params\.storage_gb = 50: Aurora storage grows on its own"),
    ("relational_database", {"instances": 2}, "dev", r"params\.instances = 2: Aurora only"),
    ("relational_database", {"engine": "aurora-postgresql", "instance_class": "db.t4g.micro"}, "dev",
     r"params\.instance_class = 'db\.t4g\.micro': not offered for Aurora PostgreSQL"),
    ("relational_database", {"engine": "aurora-postgresql", "instances": 1}, "prod",
     r"params\.instances = 1: prod keeps a reader in another zone"),
    ("relational_database", {"max_storage_gb": 100}, "prod", r"params\.max_storage_gb = 100: must be at least 10 % "
                                                            r"above the prod storage \(100 GiB\)"),
    ("relational_database", {"storage_gb": 100, "max_storage_gb": 105}, "dev", r"params\.max_storage_gb = 105"),
    ("relational_database", {"backup_retention_days": 3}, "prod", r"params\.backup_retention_days = 3: prod keeps"),
    ("relational_database", {"database_name": "1db"}, "dev", r"params\.database_name = '1db'"),
    ("cache", {"engine": "memcached"}, "dev", r"params\.engine = 'memcached' is not allowed; allowed: valkey, redis"),
    ("cache", {"engine": "redis", "engine_version": "8.0"}, "dev",
     r"params\.engine_version = '8\.0': not offered for Redis OSS; use one of: 7\.1, 7\.0, 6\.2"),
    ("cache", {"node_type": "cache.x9.huge"}, "dev", r"params\.node_type = 'cache\.x9\.huge': not offered"),
    ("cache", {"nodes": 1}, "prod", r"params\.nodes = 1: prod keeps a replica"),
    ("cache", {"snapshot_retention_days": 0}, "prod", r"params\.snapshot_retention_days = 0: prod keeps daily"),
    ("queue", {"fifo": "yes"}, "dev", r"params\.fifo = 'yes': input should be a valid boolean"),
    ("queue", {"message_retention_seconds": 30}, "dev", r"params\.message_retention_seconds = 30: input should be "
                                                        r"greater than or equal to 60"),
    ("nosql_table", {"sort_key": "pk"}, "dev", r"params\.sort_key = 'pk': the partition key has the same name"),
    ("nosql_table", {"partition_key": "id", "sort_key_type": "N"}, "dev",
     r"params\.sort_key_type = 'N': the table has no sort key"),
    ("nosql_table", {"ttl_attribute": "sk"}, "dev", r"params\.ttl_attribute = 'sk': a key attribute"),
    ("nosql_table", {"sort_key": "a b"}, "dev", r"params\.sort_key = 'a b': string should match pattern .*, or input "
                                                r"should be False"),
    ("object_storage", {"transition_to_ia_days": 80}, "dev",
     r"params\.transition_to_glacier_days = 90: at least 30 days after the Standard-IA transition \(day 80\)"),
    ("object_storage", {"expiration_days": 60}, "dev", r"params\.expiration_days = 60: must come after the Glacier"),
    ("object_storage", {"noncurrent_version_retention_days": 30}, "dev",
     r"params\.noncurrent_version_retention_days = 30: input should be greater than or equal to 31"),
    ("function", {"runtime": "python3.8"}, "dev", r"params\.runtime = 'python3\.8' is not allowed; .*allowed: "
                                                  r"python3\.13, python3\.12"),
    ("function", {"timeout_seconds": 901}, "dev", r"params\.timeout_seconds = 901: input should be less than or "
                                                  r"equal to 900"),
    ("worker", {"batch_size": 11}, "dev", r"params\.batch_size = 11"),
    ("scheduled_job", {"schedule": "rate(1 days)"}, "dev", r"params\.schedule = 'rate\(1 days\)': not a schedule "
                                                           r"expression: write rate\(1 day\)"),
    ("scheduled_job", {"schedule": "rate(5 minute)"}, "dev", r"write rate\(5 minutes\)"),
    ("scheduled_job", {"schedule": "cron(0 3 * * *)"}, "dev", r"not a schedule expression: use rate"),
    ("scheduled_job", {"schedule": "cron(0 3 * * * *)"}, "dev", r"'\?' in exactly one of day-of-month"),
    ("scheduled_job", {"schedule": "at(2030-02-30T00:00:00)"}, "dev", r"2030-02-30T00:00:00 is no date and time"),
    ("scheduled_job", {"schedule": "every day"}, "dev", r"not a schedule expression"),
    ("scheduled_job", {"timezone": "Europe/Pariss"}, "dev", r"params\.timezone = 'Europe/Pariss': not an IANA time "
                                                            r"zone"),
    ("http_api", {"throttling_burst_limit": 0}, "dev", r"params\.throttling_burst_limit = 0"),
    ("static_site", {"price_class": "PriceClass_300"}, "dev",
     r"params\.price_class = 'PriceClass_300' is not allowed; did you mean 'PriceClass_200'\?"),
    ("topic", {"fifo": 1}, "dev", r"params\.fifo = 1: input should be a valid boolean"),
]


@pytest.mark.parametrize(("kind", "params", "env", "message"), REFUSED,
                         ids=[f"{k}-{'-'.join(p)}-{e}" for k, p, e, _ in REFUSED])
def test_wrong_parameters_are_refused_naming_what_is_allowed(plugins, kind, params, env, message):
    spec = Spec.model_validate({"project": "shop", "cloud": "aws", "environment": env,
                                "components": [{"kind": kind, "params": params}]})
    if message is None:
        build_stack(spec, plugins)
        return
    with pytest.raises(SpecError) as info:
        build_stack(spec, plugins)
    assert re.search(message, info.value.message), info.value.message


def test_every_wrong_parameter_of_a_spec_is_reported_at_once_one_line_each(plugins):
    spec = Spec.model_validate({"project": "shop", "cloud": "aws", "environment": "prod", "components": [
        {"kind": "web_app", "params": {"framework": "djang", "replicas": 1}},
        {"kind": "relational_database", "name": "orders", "params": {"engine": "postgress", "size": "big"}},
        {"kind": "queue", "params": {"fifo": True}},
        {"kind": "scheduled_job", "params": {"schedule": "daily"}},
    ]})
    with pytest.raises(SpecError) as info:
        build_stack(spec, plugins)
    lines = info.value.message.splitlines()
    assert len(lines) == 4, lines
    assert lines[0].startswith("components[0] 'app' (web_app): params.framework = 'djang'")
    assert lines[1].startswith("components[1] 'orders' (relational_database): params.engine = 'postgress'")
    assert lines[2].startswith("components[1] 'orders' (relational_database): unknown parameter 'size'")
    assert lines[3].startswith("components[3] 'job' (scheduled_job): params.schedule = 'daily'")


def test_a_queue_hidden_less_long_than_its_worker_runs_is_refused(plugins):
    spec = Spec.model_validate({"project": "shop", "cloud": "aws", "components": [
        {"kind": "queue", "params": {"visibility_timeout_seconds": 60}},
        {"kind": "worker", "params": {"timeout_seconds": 120}},
    ]})
    with pytest.raises(SpecError, match=r"queue 'queue': params.visibility_timeout_seconds = 60: below the timeout "
                                        r"of the worker that consumes it \(120 s\)"):
        build_stack(spec, plugins)


def test_parameters_parsed_from_a_request_go_through_the_same_models(plugins):
    from iacf_core.request.parser import parse_request

    parsed = parse_request("A Memcached cache on AWS", plugins.registry)
    with pytest.raises(SpecError, match=r"params\.engine = 'memcached' is not allowed"):
        build_stack(parsed.spec, plugins, parsed.defaults)
    parsed = parse_request("Django app with Aurora MySQL in prod on AWS", plugins.registry)
    stack = build_stack(parsed.spec, plugins, parsed.defaults)
    assert stack.components["db"].params["engine"] == "aurora-mysql"
    assert stack.components["app"].params["port"] == 8000


@pytest.mark.parametrize(("unix", "eventbridge"), [
    ("0 2 * * *", "cron(0 2 * * ? *)"), ("30 14 * * 1", "cron(30 14 ? * MON *)"),
    ("0 3 * * 1-5", "cron(0 3 ? * MON-FRI *)"), ("0 2 * * 0,6", "cron(0 2 ? * SUN,SAT *)"),
    ("*/15 * * * *", "cron(0/15 * * * ? *)"), ("0 0 1 * *", "cron(0 0 1 * ? *)"), ("0 6 * * 7", "cron(0 6 ? * SUN *)"),
    ("0 2 * jan mon-fri", "cron(0 2 ? JAN MON-FRI *)"), ("0 0 */10 * *", "cron(0 0 1/10 * ? *)"),
])
def test_a_unix_cron_is_written_as_eventbridge_s(unix, eventbridge):
    from iacf_aws.params import eventbridge_cron, schedule_problem

    assert eventbridge_cron(unix) == (eventbridge, None)
    assert schedule_problem(unix) is None and schedule_problem(eventbridge) is None


@pytest.mark.parametrize(("unix", "why"), [
    ("0 2 1 * 1", "runs on either"), ("0 25 * * *", "outside 0-23"), ("0 2 * * */2", "no step in the day of the week"),
    ("0 2 MON * *", "not numbers"), ("0 2 * *", "5 fields"), ("0 2 * FOO *", "FOO is none of JAN"),
    ("*/0 * * * *", "steps by 0"),
])
def test_a_unix_cron_eventbridge_cannot_run_is_refused(unix, why):
    from iacf_aws.params import eventbridge_cron

    expression, problem = eventbridge_cron(unix)
    assert expression is None and problem is not None and why in problem
