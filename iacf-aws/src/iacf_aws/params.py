"""The parameters each component kind accepts on AWS: what the templates honour, with AWS's own limits.

Web apps, databases and caches extend core's neutral models (framework, engine...) with AWS fields (Fargate
sizes, instance classes, node types); the other kinds are AWS models of their own. Every field is optional: a
field left out takes the environment's default from ``data/sizing.yaml``, which each description quotes. Rules
that only hold in one environment read it from the validation context (``prod`` keeps two copies of what must
survive the loss of an availability zone).
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from iacf_core import CacheParams as NeutralCacheParams
from iacf_core import KindParams, problem
from iacf_core import RelationalDatabaseParams as NeutralDatabaseParams
from iacf_core import WebAppParams as NeutralWebAppParams
from iacf_core.toolkit.cron import RATE, WEEKDAYS, rate_problem, unix_cron_problem

from .sizing import ENVIRONMENTS, described, sizing

# -- web_app: ECS Fargate ------------------------------------------------------------------------------------

# Fargate task sizes: CPU units → the memory sizes (MiB) that CPU allows
FARGATE_MEMORY: dict[int, range] = {
    256: range(512, 2049, 512),
    512: range(1024, 4097, 1024),
    1024: range(2048, 8193, 1024),
    2048: range(4096, 16385, 1024),
    4096: range(8192, 30721, 1024),
    8192: range(16384, 61441, 4096),
    16384: range(32768, 122881, 8192),
}


def fargate_memory_text(cpu: int) -> str:
    sizes = FARGATE_MEMORY[cpu]
    return f"{sizes.start}-{sizes[-1]} MiB in steps of {sizes.step}"


def fargate_size(cpu: int | None, memory: int | None, default_cpu: int, default_memory: int) -> tuple[int, int]:
    """The task size: what is stated, the other value completed to a valid Fargate pair (the default if it fits)."""
    if cpu is not None and memory is not None:
        return cpu, memory
    if cpu is not None:
        sizes = FARGATE_MEMORY[cpu]
        return cpu, default_memory if default_memory in sizes else sizes.start
    if memory is not None:
        if memory in FARGATE_MEMORY[default_cpu]:
            return default_cpu, memory
        return next(c for c, sizes in FARGATE_MEMORY.items() if memory in sizes), memory
    return default_cpu, default_memory


class WebAppParams(NeutralWebAppParams):
    """A containerised web application on ECS Fargate behind an Application Load Balancer."""

    cpu: Literal[256, 512, 1024, 2048, 4096, 8192, 16384] | None = Field(
        default=None, description="CPU units of a task (1024 = 1 vCPU). " + described("web_app", "cpu"))
    memory: int | None = Field(
        default=None, ge=512, le=122880,
        description="Memory of a task in MiB; must suit cpu (256: 512-2048, 512: 1024-4096, 1024: 2048-8192, "
                    "2048: 4096-16384, 4096: 8192-30720 in steps of 1024; 8192 and 16384: up to 60 and 120 GiB). "
                    "Stating only one of cpu and memory completes the other. " + described("web_app", "memory"))

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.memory is not None and not any(self.memory in sizes for sizes in FARGATE_MEMORY.values()):
            problems.append(problem("memory", self.memory, "no Fargate task has this size (MiB): 512, 1024, 2048, "
                                                           "then multiples of 1024 up to 30720, of 4096 up to 61440, "
                                                           "of 8192 up to 122880"))
        elif self.cpu is not None and self.memory is not None and self.memory not in FARGATE_MEMORY[self.cpu]:
            problems.append(problem("memory", self.memory, f"does not fit cpu {self.cpu}: with {self.cpu} CPU units "
                                                           f"use {fargate_memory_text(self.cpu)}"))
        return problems


# -- relational_database: RDS and Aurora -------------------------------------------------------------------

DEFAULT_ENGINE = "postgres"
_RDS_CLASS = re.compile(r"^db\.((t3|t4g)\.(micro|small|medium|large|xlarge|2xlarge)|"
                        r"(m5|m5d|m6g|m6gd|m6i|m6id|m7g|m7i|r5|r5d|r6g|r6gd|r6i|r6id|r7g|r7i)\."
                        r"(large|xlarge|[1-9][0-9]?xlarge))$")
_AURORA_CLASS = re.compile(r"^db\.((t3|t4g)\.(medium|large)|"
                           r"(r5|r6g|r6i|r7g|r7i|r8g|x2g)\.(large|xlarge|[1-9][0-9]?xlarge))$")


def engine_major(engine: str, version: str) -> str:
    parts = int(sizing()["engines"][engine]["major_parts"])
    return ".".join(version.split(".")[:parts])


def engine_version(engine: str, stated: str | None) -> str:
    """The product's tested version of a stated (or the default) major version, or a full version as stated (what
    the decisions name; the Terraform gets the major when minor upgrades are automatic)."""
    table = sizing()["engines"][engine]
    version = stated or table["default"]
    return str(table["versions"].get(version, version))


def _versions_text(table: dict[str, Any]) -> str:
    return "; ".join(f"{name}: {', '.join(t['versions'])}" for name, t in table.items())


def engine_version_problem(engine: str, version: str) -> str | None:
    """Why a stated engine_version is not offered (None when it is): a major version listed in the data file
    (those AWS supports in standard support), or the tested full version of one; one line naming what is."""
    table = sizing()["engines"][engine]
    majors, tested = table["versions"], set(table["versions"].values())
    if version in majors or version in tested:
        return None
    major = engine_major(engine, version)
    if major not in majors:
        return f"not a {table['title']} major version offered; use one of: {', '.join(majors)}"
    return (f"not a {table['title']} version offered; use the major version {major} (AWS creates and upgrades its "
            f"current minor version) or the tested full version {majors[major]}")


class RelationalDatabaseParams(NeutralDatabaseParams):
    """A managed relational database: Amazon RDS, or Aurora for the aurora-* engines."""

    engine: Literal["postgres", "mysql", "mariadb", "aurora-postgresql", "aurora-mysql"] | None = Field(
        default=None, description="Database engine: RDS (postgres, mysql, mariadb) or an Aurora cluster "
                                  "(aurora-postgresql, aurora-mysql). Default: postgres.")
    engine_version: str | None = Field(
        default=None, pattern=r"^[0-9]+(\.[0-9A-Za-z_]+)*$", max_length=40,
        description="A major version (`16`, `8.4`) is created at the cloud's current minor, then upgraded "
                    "automatically in the maintenance window; the tested full version of a major (`16.11`; every "
                    "Aurora MySQL version) is pinned, with automatic minor upgrades off; any other version is "
                    "refused. Major versions offered (those AWS supports in standard support): "
                    + _versions_text(sizing()["engines"]) + ". Tested full versions: "
                    + "; ".join(f"{n}: {', '.join(t['versions'].values())}" for n, t in sizing()["engines"].items())
                    + ". Default: " + ", ".join(f"{n} {t['default']}" for n, t in sizing()["engines"].items()) + ".")
    instance_class: str | None = Field(
        default=None, pattern=r"^db\.[a-z0-9]+\.[a-z0-9]+$",
        description="DB instance class, e.g. db.t4g.medium, db.m7g.large, db.r7g.xlarge (Aurora: db.t4g.medium or "
                    "larger, db.r*). " + described("relational_database", "instance_class") + " Aurora: "
                    + described("aurora", "instance_class").removeprefix("Default: "))
    instances: int | None = Field(
        default=None, ge=1, le=15,
        description="Aurora only: number of DB instances, 1 to 15 (one writer, the others readers in other zones); at "
                    "least 2 in prod. " + described("aurora", "instance_count"))

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        engine = self.engine or DEFAULT_ENGINE
        table = sizing()["engines"][engine]
        aurora = engine.startswith("aurora")
        env = environment
        if self.engine_version is not None and (why := engine_version_problem(engine, self.engine_version)):
            problems.append(problem("engine_version", self.engine_version, why))
        if aurora:
            for name in ("storage_gb", "max_storage_gb"):
                if getattr(self, name) is not None:
                    problems.append(problem(name, getattr(self, name), "Aurora storage grows on its own; leave it out"))
        elif self.instances is not None:
            problems.append(problem("instances", self.instances,
                                    f"Aurora only: RDS {engine} runs one instance (with a standby in another zone in "
                                    "prod); use engine aurora-postgresql or aurora-mysql for readers"))
        pattern = _AURORA_CLASS if aurora else _RDS_CLASS
        if self.instance_class is not None and not pattern.match(self.instance_class):
            offered = ("db.t3/t4g.medium or .large, db.r5/r6g/r6i/r7g/r7i/r8g/x2g.large and up" if aurora else
                       "db.t3/t4g.micro to .2xlarge, db.m5/m6g/m6i/m7g/m7i/r5/r6g/r6i/r7g/r7i.large and up")
            problems.append(problem("instance_class", self.instance_class,
                                    f"not offered for {table['title']}; use {offered}"))
        if aurora and self.instances is not None and self.instances < 2 and env == "prod":
            problems.append(problem("instances", self.instances, "prod keeps a reader in another zone to fail over to"))
        if not aurora and self.max_storage_gb is not None and self.storage_gb is None and env in ENVIRONMENTS:
            storage = sizing()["relational_database"][env]["allocated_storage"]
            if self.max_storage_gb * 10 < storage * 11:
                problems.append(problem("max_storage_gb", self.max_storage_gb,
                                        f"must be at least 10 % above the {env} storage ({storage} GiB) to autoscale"))
        return problems


# -- cache: ElastiCache --------------------------------------------------------------------------------------

DEFAULT_CACHE_ENGINE = "valkey"
_NODE_TYPE = re.compile(r"^cache\.((t3|t4g)\.(micro|small|medium)|"
                        r"(m5|m6g|m7g|r5|r6g|r6gd|r7g)\.(large|xlarge|[1-9][0-9]?xlarge))$")


def cache_family(engine: str, version: str) -> str:
    return str(sizing()["cache_engines"][engine]["versions"][version])


class CacheParams(NeutralCacheParams):
    """An ElastiCache (Valkey or Redis OSS) replication group."""

    engine: Literal["valkey", "redis"] | None = Field(
        default=None, description="valkey or redis (Redis OSS). Memcached is not offered: no replication, no "
                                  "persistence, no auth token. Default: valkey (same protocol, lower price).")
    engine_version: str | None = Field(
        default=None, pattern=r"^[0-9]+\.[0-9]+$",
        description="Versions offered (those ElastiCache supports in standard support; any other is refused): "
                    + _versions_text(sizing()["cache_engines"]) + ". Default: "
                    + ", ".join(f"{n} {t['default']}" for n, t in sizing()["cache_engines"].items()) + ".")
    node_type: str | None = Field(
        default=None, pattern=r"^cache\.[a-z0-9]+\.[a-z0-9]+$",
        description="Node type, e.g. cache.t4g.small, cache.m7g.large, cache.r7g.xlarge. "
                    + described("cache", "node_type"))
    nodes: int | None = Field(
        default=None, ge=1, le=6,
        description="Nodes in the replication group (a primary and its replicas); 2 or more turn on Multi-AZ "
                    "automatic failover; at least 2 in prod. " + described("cache", "num_cache_clusters"))
    snapshot_retention_days: int | None = Field(
        default=None, ge=0, le=35,
        description="Days daily snapshots are kept (0: none; at least 1 in prod). "
                    + described("cache", "snapshot_retention_limit"))

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        engine = self.engine or DEFAULT_CACHE_ENGINE
        table = sizing()["cache_engines"][engine]
        if self.engine_version is not None and self.engine_version not in table["versions"]:
            problems.append(problem("engine_version", self.engine_version, f"not offered for {table['title']}; use "
                                                                           f"one of: {', '.join(table['versions'])}"))
        if self.node_type is not None and not _NODE_TYPE.match(self.node_type):
            problems.append(problem("node_type", self.node_type, "not offered; use cache.t3/t4g.micro to .medium or "
                                                                 "cache.m5/m6g/m7g/r5/r6g/r7g.large and up"))
        if environment == "prod":
            if self.nodes is not None and self.nodes < 2:
                problems.append(problem("nodes", self.nodes, "prod keeps a replica in another zone to fail over to"))
            if self.snapshot_retention_days == 0:
                problems.append(problem("snapshot_retention_days", 0, "prod keeps daily snapshots at least 1 day"))
        return problems


# -- messaging and storage --------------------------------------------------------------------------------------


class QueueParams(KindParams):
    """An SQS queue with its dead-letter queue."""

    fifo: bool | None = Field(
        default=None, description="A FIFO queue (ordered, exactly-once processing, content-based deduplication) "
                                  "and a FIFO dead-letter queue. " + described("queue", "fifo"))
    visibility_timeout_seconds: int | None = Field(
        default=None, ge=0, le=43200,
        description="Seconds a received message stays hidden from other consumers; at least the timeout of a "
                    "worker that consumes the queue. Default: 180, or six times the longest consuming worker's "
                    "timeout when that is more.")
    message_retention_seconds: int | None = Field(
        default=None, ge=60, le=1209600,
        description="Seconds a message is kept (60 to 1209600, 14 days). "
                    + described("queue", "message_retention_seconds"))
    max_receive_count: int | None = Field(
        default=None, ge=1, le=1000,
        description="Receives before a message moves to the dead-letter queue. "
                    + described("queue", "max_receive_count"))


class TopicParams(KindParams):
    """An SNS topic."""

    fifo: bool | None = Field(
        default=None, description="A FIFO topic (ordered, deduplicated; subscribers must be FIFO queues). "
                                  + described("topic", "fifo"))


_ATTRIBUTE = r"^[A-Za-z0-9_.-]{1,255}$"


class NosqlTableParams(KindParams):
    """A DynamoDB table (on demand)."""

    partition_key: str | None = Field(
        default=None, pattern=_ATTRIBUTE,
        description="Name of the partition (hash) key attribute. Stating it without sort_key makes a table keyed "
                    "by the partition key alone. Default: pk, with the sort key sk (single-table design).")
    partition_key_type: Literal["S", "N", "B"] | None = Field(
        default=None, description="Type of the partition key: S (string), N (number) or B (binary). Default: S.")
    sort_key: Annotated[str, Field(pattern=_ATTRIBUTE)] | Literal[False] | None = Field(
        default=None, description="Name of the sort (range) key attribute, or false for none. Default: sk, or "
                                  "none when partition_key is stated.")
    sort_key_type: Literal["S", "N", "B"] | None = Field(
        default=None, description="Type of the sort key: S, N or B. Default: S.")
    ttl_attribute: str | None = Field(
        default=None, pattern=_ATTRIBUTE,
        description="Attribute holding each item's expiry time (epoch seconds): turns on time to live. "
                    "Default: no time to live.")

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        partition, sort = self.key_schema()
        if sort is not None and sort[0] == partition[0]:
            problems.append(problem("sort_key", sort[0], "the partition key has the same name"))
        if self.sort_key_type is not None and sort is None:
            problems.append(problem("sort_key_type", self.sort_key_type, "the table has no sort key (state sort_key)"))
        if self.ttl_attribute is not None and self.ttl_attribute in {partition[0], sort[0] if sort else None}:
            problems.append(problem("ttl_attribute", self.ttl_attribute, "a key attribute cannot hold the expiry time"))
        return problems

    def key_schema(self) -> tuple[tuple[str, str], tuple[str, str] | None]:
        """(partition key name, type) and (sort key name, type) or None, defaults applied."""
        partition = (self.partition_key or "pk", self.partition_key_type or "S")
        if self.sort_key is False or (self.sort_key is None and self.partition_key is not None):
            return partition, None
        return partition, (self.sort_key or "sk", self.sort_key_type or "S")


class ObjectStorageParams(KindParams):
    """A private S3 bucket for uploads (versioned, with lifecycle rules)."""

    transition_to_ia_days: int | None = Field(
        default=None, ge=30, le=36500,
        description="Days before current objects move to Standard-IA (at least 30). "
                    + described("object_storage", "transition_to_ia_days"))
    transition_to_glacier_days: int | None = Field(
        default=None, ge=60, le=36500,
        description="Days before current objects move to Glacier Instant Retrieval (at least 30 days after "
                    "Standard-IA). " + described("object_storage", "transition_to_glacier_days"))
    expiration_days: int | None = Field(
        default=None, ge=1, le=36500,
        description="Days after which current objects expire (become noncurrent versions); after the Glacier "
                    "transition. Default: never.")
    noncurrent_version_retention_days: int | None = Field(
        default=None, ge=31, le=36500,
        description="Days a replaced or deleted version is kept before it is deleted for good (after its move to "
                    "Standard-IA at 30 days). " + described("object_storage", "noncurrent_version_expiration_days"))

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        defaults = sizing()["object_storage"]["dev"]
        ia = self.transition_to_ia_days or defaults["transition_to_ia_days"]
        glacier = self.transition_to_glacier_days or defaults["transition_to_glacier_days"]
        if glacier < ia + 30:
            problems.append(problem("transition_to_glacier_days", glacier, f"at least 30 days after the Standard-IA "
                                                                           f"transition (day {ia})"))
        if self.expiration_days is not None and self.expiration_days <= glacier:
            problems.append(problem("expiration_days", self.expiration_days, f"must come after the Glacier "
                                                                             f"transition (day {glacier})"))
        return problems


# -- functions -------------------------------------------------------------------------------------------------

Runtime = Literal["python3.13", "python3.12", "python3.11", "nodejs22.x", "nodejs20.x", "ruby3.3"]


class FunctionParams(KindParams):
    """An AWS Lambda function."""

    runtime: Runtime | None = Field(
        default=None, description="Lambda runtime; the project's placeholder handler is written for it. "
                                  + described("function", "runtime"))
    memory_mb: int | None = Field(
        default=None, ge=128, le=10240,
        description="Memory in MB (CPU grows with it). " + described("function", "memory_size"))
    timeout_seconds: int | None = Field(
        default=None, ge=1, le=900, description="Maximum run time of one invocation, in seconds. "
                                                + described("function", "timeout"))
    reserved_concurrency: int | None = Field(
        default=None, ge=1, le=1000,
        description="Executions reserved for (and capping) the function. "
                    + described("function", "reserved_concurrency"))
    architecture: Literal["arm64", "x86_64"] | None = Field(
        default=None, description="Processor: arm64 (Graviton, about 20 % cheaper) or x86_64 (native dependencies "
                                  "built for x86). " + described("function", "architecture"))


class WorkerParams(FunctionParams):
    """An AWS Lambda worker consuming an SQS queue."""

    batch_size: int | None = Field(
        default=None, ge=1, le=10, description="Messages per invocation (1-10). " + described("worker", "batch_size"))


_CRON = re.compile(r"^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$")
_CRON_FIELD = re.compile(r"^[0-9A-Za-z*?,/#L W-]+$")
_AT = re.compile(r"^at\(([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})\)$")


def eventbridge_cron(expression: str) -> tuple[str | None, str | None]:
    """A unix cron (5 fields: minute hour day-of-month month day-of-week, as other clouds and a request's "every
    day at 2am" write it) as EventBridge's ``cron(minute hour day-of-month month day-of-week year)``: (the
    expression, None), or (None, why it cannot be one). EventBridge wants '?' in one of the two day fields and
    reads day-of-week 1-7 from Sunday: the days are written by name."""
    problem = unix_cron_problem(expression)
    if problem:
        return None, problem
    fields = expression.split()
    minute, hour, dom, month, dow = (f.replace("*/", "0/" if i < 2 else "1/").upper() for i, f in enumerate(fields))
    if dow == "*":
        return f"cron({minute} {hour} {dom} {month} ? *)", None
    if dom != "*":
        return None, "a cron with both a day of the month and a day of the week runs on either: give one of them"
    if "/" in dow:
        return None, "EventBridge takes no step in the day of the week: list the days"
    days = re.sub(r"[0-9]+", lambda m: WEEKDAYS[int(m.group()) % 7], dow)
    return f"cron({minute} {hour} ? {month} {days} *)", None


def schedule_problem(expression: str) -> str | None:
    """Why ``expression`` is no EventBridge Scheduler expression (nor a unix cron it translates), or None."""
    if len(expression.split()) == 5 and not expression.startswith(("rate(", "cron(", "at(")):
        return eventbridge_cron(expression)[1]
    rate = RATE.match(expression)
    if rate:
        return rate_problem(int(rate.group(1)), rate.group(2))
    cron = _CRON.match(expression)
    if cron:
        fields = cron.groups()
        if not all(_CRON_FIELD.match(f) for f in fields):
            return "a cron field holds a character cron does not use"
        if (fields[2] == "?") == (fields[4] == "?"):
            return "cron needs '?' in exactly one of day-of-month (3rd field) and day-of-week (5th field)"
        return None
    at = _AT.match(expression)
    if at:
        try:
            datetime.strptime(at.group(1), "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            return f"{at.group(1)} is no date and time"
        return None
    return ("use rate(N minutes|hours|days), cron(minutes hours day-of-month month day-of-week year) or "
            "at(yyyy-mm-ddThh:mm:ss)")


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class ScheduledJobParams(FunctionParams):
    """An AWS Lambda job run by EventBridge Scheduler."""

    schedule: str | None = Field(
        default=None, max_length=256,
        description="When the job runs: rate(5 minutes), cron(0 3 * * ? *) (6 fields, '?' in day-of-month or "
                    "day-of-week), at(2030-01-01T00:00:00), or a unix cron (0 3 * * *: 5 fields, as other clouds "
                    "write it), translated to cron(...). " + described("scheduled_job", "schedule_expression"))
    timezone: str | None = Field(
        default=None, max_length=64,
        description="IANA time zone of cron and at expressions, e.g. Europe/Paris. "
                    + described("scheduled_job", "timezone"))

    @field_validator("schedule")
    @classmethod
    def _expression(cls, value: str) -> str:
        problem = schedule_problem(value)
        if problem:
            raise ValueError(f"not a schedule expression: {problem}")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        zones = _time_zones()
        if zones and value not in zones:
            raise ValueError("not an IANA time zone (e.g. UTC, Europe/Paris, America/New_York)")
        if not zones and not re.match(r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$", value):
            raise ValueError("not an IANA time zone name")
        return value


class HttpApiParams(KindParams):
    """An API Gateway HTTP API in front of a Lambda function."""

    throttling_rate_limit: int | None = Field(
        default=None, ge=1, le=10000, description="Steady requests per second the stage accepts. "
                                                  + described("http_api", "throttling_rate_limit"))
    throttling_burst_limit: int | None = Field(
        default=None, ge=1, le=5000, description="Requests the stage accepts in a burst. "
                                                 + described("http_api", "throttling_burst_limit"))


class StaticSiteParams(KindParams):
    """A private S3 bucket behind a CloudFront distribution."""

    price_class: Literal["PriceClass_100", "PriceClass_200", "PriceClass_All"] | None = Field(
        default=None, description="CloudFront edge locations: PriceClass_100 (North America, Europe), "
                                  "PriceClass_200 (and most of Asia, Middle East, Africa) or PriceClass_All. "
                                  + described("static_site", "price_class"))
    spa: bool | None = Field(
        default=None, description="Single-page application: unknown paths serve /index.html with status 200 "
                                  "(false: real 403/404 errors, for multi-page sites). "
                                  + described("static_site", "spa"))


def stated(model: type[KindParams], params: dict[str, Any]) -> KindParams:
    """The typed view of a component's stated params (already validated by the pipeline)."""
    return model.model_validate({k: v for k, v in params.items() if k in model.model_fields})
