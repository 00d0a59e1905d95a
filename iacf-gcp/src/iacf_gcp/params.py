"""The parameters each component kind accepts on Google Cloud, with Google Cloud's own limits.

Web apps and databases extend core's neutral models with Cloud Run and Cloud SQL fields. Every field is
optional: a field left out takes the environment's default from ``data/sizing.yaml``, which each description
quotes.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import cache
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from iacf_core import CacheParams as NeutralCacheParams
from iacf_core import KindParams, problem
from iacf_core import RelationalDatabaseParams as NeutralDatabaseParams
from iacf_core import WebAppParams as NeutralWebAppParams

from .schedule import unix_cron
from .sizing import described, sizing

# Cloud Run: memory limits allowed per CPU count (GiB bounds)
CLOUD_RUN_MEMORY = re.compile(r"^([0-9]+)(Mi|Gi)$")
CPU_MEMORY_GIB = {"1": (0.125, 4), "2": (0.125, 8), "4": (2, 16), "6": (4, 24), "8": (4, 32)}


class WebAppParams(NeutralWebAppParams):
    """A containerised web application on Cloud Run behind a global external HTTPS load balancer."""

    cpu: Literal["1", "2", "4", "6", "8"] | None = Field(
        default=None, description="vCPUs of an instance. " + described("web_app", "cpu"))
    memory: str | None = Field(
        default=None, pattern=r"^[0-9]+(Mi|Gi)$",
        description="Memory of an instance (512Mi, 1Gi, 2Gi...); must suit cpu (1: up to 4Gi, 2: 8Gi, 4: 2-16Gi, "
                    "6: 4-24Gi, 8: 4-32Gi). " + described("web_app", "memory"))

    def problems(self, environment: str) -> list[str]:
        return [*super().problems(environment), *_cloud_run_memory(self.memory, self.cpu, "web_app", environment)]


def _versions_text() -> str:
    return "; ".join(f"{n}: {', '.join(t['versions'])}" for n, t in sizing()["engines"].items())


class RelationalDatabaseParams(NeutralDatabaseParams):
    """A Cloud SQL instance (PostgreSQL or MySQL) on a private IP."""

    engine: Literal["postgres", "mysql"] | None = Field(
        default=None, description="Cloud SQL engine: postgres or mysql (MariaDB is not offered by Cloud SQL). "
                                  "Default: postgres.")
    engine_version: str | None = Field(
        default=None, pattern=r"^[0-9]+(\.[0-9]+)?$", max_length=8,
        description="Major version. Offered: " + _versions_text() + ". Default: "
                    + ", ".join(f"{n} {t['default']}" for n, t in sizing()["engines"].items()) + ".")
    tier: str | None = Field(
        default=None, pattern=r"^db-custom-[0-9]{1,2}-[0-9]{3,6}$",
        description="Machine tier db-custom-VCPUS-MEMORY_MB (e.g. db-custom-2-7680). "
                    + described("relational_database", "tier"))

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        table = sizing()["engines"][self.engine or "postgres"]
        if self.engine_version is not None and self.engine_version not in table["versions"]:
            problems.append(problem("engine_version", self.engine_version,
                                    f"Cloud SQL for {table['title']} offers {', '.join(table['versions'])}"))
        return problems


class NetworkParams(KindParams):
    """The VPC of the stack."""

    cidr: str | None = Field(
        default=None, pattern=r"^10\.[0-9]{1,3}\.[0-9]{1,3}\.0/(1[6-9]|2[0-4])$",
        description="Primary range of the subnet (a 10.x.y.0/16-24 block). " + described("network", "cidr"))


class ObjectStorageParams(KindParams):
    """A private Cloud Storage bucket for the application's objects."""

    storage_class: Literal["STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE"] | None = Field(
        default=None, description="Default storage class of new objects. "
                                  + described("object_storage", "storage_class"))
    noncurrent_version_retention_days: int | None = Field(
        default=None, ge=1, le=36500,
        description="Days a replaced or deleted version is kept before it is deleted for good. "
                    + described("object_storage", "noncurrent_version_days"))
    retention_days: int | None = Field(
        default=None, ge=1, le=36500,
        description="Retention policy: no object can be deleted or replaced before this many days (WORM). "
                    "Versioning is then off (Cloud Storage refuses both on one bucket). Default: none.")
    expiration_days: int | None = Field(
        default=None, ge=1, le=36500,
        description="Days after which live objects are deleted. Default: never.")
    soft_delete_days: int | None = Field(
        default=None, ge=7, le=90,
        description="Days a deleted object stays restorable (7-90). " + described("object_storage", "soft_delete_days"))

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.retention_days is not None and self.expiration_days is not None \
                and self.expiration_days < self.retention_days:
            problems.append(problem("expiration_days", self.expiration_days,
                                    f"objects are retained {self.retention_days} days: they cannot expire sooner"))
        return problems


class MessagingParams(KindParams):
    """A Pub/Sub topic with its pull subscription and dead-letter topic."""

    noun: ClassVar[str] = "topic"

    message_retention_days: int | None = Field(
        default=None, ge=1, le=7,
        description="Days unacknowledged messages are kept (1-7). " + described("messaging", "message_retention_days"))
    ack_deadline_seconds: int | None = Field(
        default=None, ge=10, le=600,
        description="Seconds a consumer has to acknowledge a message before redelivery (10-600). "
                    + described("messaging", "ack_deadline_seconds"))
    max_delivery_attempts: int | None = Field(
        default=None, ge=5, le=100,
        description="Deliveries before a message moves to the dead-letter topic (5-100). "
                    + described("messaging", "max_delivery_attempts"))

    @model_validator(mode="before")
    @classmethod
    def _no_fifo(cls, data: Any) -> Any:
        # "a FIFO queue" (core's words, or a spec's fifo): refused with what Pub/Sub is, not as an unknown word
        if isinstance(data, dict) and "fifo" in data:
            instead = f"ask for a {cls.noun} without FIFO" if data["fifo"] is True else "leave fifo out"
            raise ValueError(problem("fifo", data["fifo"], f"Pub/Sub has no FIFO {cls.noun}s, and this stack sets "
                                     f"up no Pub/Sub message ordering: FIFO {cls.noun}s are not offered on Google "
                                     f"Cloud; {instead} (each message delivered at least once, in no set order)"))
        return data


class QueueParams(MessagingParams):
    """A work queue: a Pub/Sub topic that senders publish to and one pull subscription that consumers read."""

    noun: ClassVar[str] = "queue"


class TopicParams(MessagingParams):
    """A publish/subscribe topic on Pub/Sub, with a default pull subscription."""


FunctionRuntime = Literal["python313", "python312", "python311", "nodejs22", "nodejs20", "go125", "go124",
                          "java21", "java17", "ruby34", "ruby33"]


class FunctionParams(KindParams):
    """A Cloud Functions (2nd gen) function: an HTTP function invoked from inside the VPC, or triggered by the
    messages of the Pub/Sub queue it consumes."""

    runtime: FunctionRuntime | None = Field(default=None, description="Runtime. " + described("function", "runtime"))
    entry_point: str | None = Field(
        default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_.]{0,127}$",
        description="Function called for each request. Default: handler.")
    memory: str | None = Field(
        default=None, pattern=r"^(128M|256M|512M|1G|2G|4G|8G|16G|32G)$",
        description="Memory of an instance (128M-32G). " + described("function", "memory"))
    timeout_seconds: int | None = Field(
        default=None, ge=1, le=3600,
        description="Request timeout in seconds (1-3600). " + described("function", "timeout_seconds"))
    min_instances: int | None = Field(
        default=None, ge=0, le=100, description="Instances kept warm. " + described("function", "min_instances"))
    max_instances: int | None = Field(
        default=None, ge=1, le=1000, description="Instance cap. " + described("function", "max_instances"))

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.min_instances is not None and self.max_instances is not None \
                and self.min_instances > self.max_instances:
            problems.append(problem("min_instances", self.min_instances,
                                    f"above max_instances ({self.max_instances})"))
        return problems


class NoSqlTableParams(KindParams):
    """A Firestore database in Native mode (documents: no key schema to declare)."""

    concurrency_mode: Literal["PESSIMISTIC", "OPTIMISTIC"] | None = Field(
        default=None, description="Transaction concurrency: PESSIMISTIC (locks) or OPTIMISTIC. Default: PESSIMISTIC.")
    weekly_backup_weeks: int | None = Field(
        default=None, ge=0, le=14,
        description="Weeks a weekly backup is kept (0-14; a daily backup is always kept 7 days). "
                    + described("nosql_table", "weekly_backup_weeks"))


class CacheParams(NeutralCacheParams):
    """A Memorystore for Redis instance on a private IP."""

    memory_size_gb: int | None = Field(
        default=None, ge=1, le=300, description="Memory in GB (1-300). " + described("cache", "memory_size_gb"))
    replica_count: int | None = Field(
        default=None, ge=1, le=5, description="Read replicas in the standard tier (1-5). "
                                              + described("cache", "replica_count"))

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.engine not in (None, "redis"):
            problems.append(problem("engine", self.engine, "Memorystore for Redis serves redis only"))
        versions = sizing()["redis_versions"]
        if self.engine_version is not None and self.engine_version not in versions:
            problems.append(problem("engine_version", self.engine_version,
                                    f"Memorystore for Redis offers {', '.join(versions)}"))
        return problems


class KubernetesClusterParams(KindParams):
    """A private GKE Standard cluster with one autoscaled node pool."""

    machine_type: str | None = Field(
        default=None, pattern=r"^[a-z][a-z0-9]{1,4}-(standard|highmem|highcpu|custom)-[0-9]{1,3}(-[0-9]{3,6})?$",
        description="Compute Engine machine type of the nodes (e2-standard-4, n2-highmem-8...). "
                    + described("kubernetes_cluster", "machine_type"))
    min_nodes: int | None = Field(
        default=None, ge=0, le=100,
        description="Minimum nodes per zone of the pool (0-100). " + described("kubernetes_cluster", "min_nodes"))
    max_nodes: int | None = Field(
        default=None, ge=1, le=1000,
        description="Maximum nodes per zone of the pool (1-1000). " + described("kubernetes_cluster", "max_nodes"))
    disk_size_gb: int | None = Field(
        default=None, ge=20, le=65536,
        description="Boot disk of a node in GB (20 or more). " + described("kubernetes_cluster", "disk_size_gb"))
    release_channel: Literal["RAPID", "REGULAR", "STABLE"] | None = Field(
        default=None, description="GKE release channel (RAPID is refused in prod). "
                                  + described("kubernetes_cluster", "release_channel"))
    regional: bool | None = Field(
        default=None, description="Regional cluster (control plane and nodes in three zones); false: one zone, "
                                  "refused in prod. " + described("kubernetes_cluster", "regional"))

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        table = sizing()["kubernetes_cluster"].get(environment, sizing()["kubernetes_cluster"]["dev"])
        low = self.min_nodes if self.min_nodes is not None else table["min_nodes"]
        high = self.max_nodes if self.max_nodes is not None else table["max_nodes"]
        if low > high:
            problems.append(problem("min_nodes", low, f"above max_nodes ({high})"))
        if environment == "prod" and self.regional is False:
            problems.append(problem("regional", False, "a prod cluster is regional (a zone loss would stop it)"))
        if environment == "prod" and self.release_channel == "RAPID":
            problems.append(problem("release_channel", "RAPID", "prod follows REGULAR or STABLE (RAPID versions "
                                                                "carry no SLA)"))
        return problems


def _cloud_run_memory(memory: str | None, cpu: str | None, kind: str, environment: str) -> list[str]:
    """Cloud Run's memory bounds for a CPU count (the environment's default CPU when none is stated)."""
    match = CLOUD_RUN_MEMORY.match(memory or "")
    if not match:
        return []
    gib = int(match.group(1)) / (1024 if match.group(2) == "Mi" else 1)
    cpu = cpu or str(sizing()[kind].get(environment, sizing()[kind]["dev"])["cpu"])
    low, high = CPU_MEMORY_GIB[cpu]
    if low <= gib <= high:
        return []
    return [problem("memory", memory, f"Cloud Run gives {cpu} vCPU between {low} and {high} GiB")]


_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,62}$")


def _env_names(value: list[str]) -> list[str]:
    """Secrets are named by the environment variable they fill: distinct UPPER_CASE names."""
    for name in value:
        if not _ENV_NAME.match(name):
            raise ValueError(f"{name!r} is not an environment variable name (UPPER_CASE, digits, _)")
    if len(set(value)) != len(value):
        raise ValueError("a secret is named twice")
    return value


class WorkerParams(KindParams):
    """A background worker on a Cloud Run worker pool: always-on instances pulling their work (no ingress)."""

    cpu: Literal["1", "2", "4", "6", "8"] | None = Field(
        default=None, description="vCPUs of an instance. " + described("worker", "cpu"))
    memory: str | None = Field(
        default=None, pattern=r"^[0-9]+(Mi|Gi)$",
        description="Memory of an instance (512Mi, 1Gi...); must suit cpu (1: up to 4Gi, 2: 8Gi, 4: 2-16Gi, "
                    "6: 4-24Gi, 8: 4-32Gi). " + described("worker", "memory"))
    instances: int | None = Field(
        default=None, ge=1, le=100,
        description="Instances always running (1-100; a worker pool never scales to zero). "
                    + described("worker", "instances"))
    secrets: list[str] | None = Field(
        default=None, max_length=20,
        description="Environment variables read from Secret Manager (UPPER_CASE names): each becomes a secret, "
                    "created empty, that the worker alone may read. Default: none.")

    @field_validator("secrets")
    @classmethod
    def _secret_names(cls, value: list[str]) -> list[str]:
        return _env_names(value)

    def problems(self, environment: str) -> list[str]:
        return [*super().problems(environment), *_cloud_run_memory(self.memory, self.cpu, "worker", environment)]


class ScheduledJobParams(KindParams):
    """A Cloud Run job run by Cloud Scheduler."""

    cpu: Literal["1", "2", "4", "6", "8"] | None = Field(
        default=None, description="vCPUs of a task. " + described("scheduled_job", "cpu"))
    memory: str | None = Field(
        default=None, pattern=r"^[0-9]+(Mi|Gi)$",
        description="Memory of a task (512Mi, 1Gi...); must suit cpu (1: up to 4Gi, 2: 8Gi, 4: 2-16Gi, 6: 4-24Gi, "
                    "8: 4-32Gi). " + described("scheduled_job", "memory"))
    schedule: str | None = Field(
        default=None, max_length=120,
        description="When the job runs: a unix cron expression (`0 3 * * *`: 5 fields, Cloud Scheduler's format), "
                    "or rate(N minutes|hours|days) / cron(m h dom month dow year) as on other clouds, translated "
                    "to unix cron. " + described("scheduled_job", "schedule"))
    schedule_expression: str | None = Field(
        default=None, max_length=120, description="Same as schedule (the name Azure specs use); give one of the two.")
    timezone: str | None = Field(
        default=None, max_length=64,
        description="IANA time zone the schedule reads its hours in, e.g. Europe/Paris. "
                    + described("scheduled_job", "timezone"))
    timeout_seconds: int | None = Field(
        default=None, ge=10, le=86400,
        description="Time a task may run before it is stopped (10-86400 s). "
                    + described("scheduled_job", "timeout_seconds"))
    max_retries: int | None = Field(
        default=None, ge=0, le=10,
        description="Retries of a failed task (0-10). " + described("scheduled_job", "max_retries"))
    tasks: int | None = Field(
        default=None, ge=1, le=1000,
        description="Tasks of one execution, run in parallel, each told its index (CLOUD_RUN_TASK_INDEX). "
                    "Default: 1.")
    secrets: list[str] | None = Field(
        default=None, max_length=20,
        description="Environment variables read from Secret Manager (UPPER_CASE names): each becomes a secret, "
                    "created empty, that the job alone may read. Default: none.")

    @field_validator("schedule", "schedule_expression")
    @classmethod
    def _schedule(cls, value: str) -> str:
        _, why = unix_cron(value)
        if why:
            raise ValueError(why)
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        zones = _time_zones()
        if (zones and value not in zones) or not re.match(r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$", value):
            raise ValueError("not an IANA time zone (e.g. UTC, Europe/Paris, America/New_York)")
        return value

    @field_validator("secrets")
    @classmethod
    def _secret_names(cls, value: list[str]) -> list[str]:
        return _env_names(value)

    def problems(self, environment: str) -> list[str]:
        problems = [*super().problems(environment),
                    *_cloud_run_memory(self.memory, self.cpu, "scheduled_job", environment)]
        if self.schedule is not None and self.schedule_expression is not None \
                and unix_cron(self.schedule)[0] != unix_cron(self.schedule_expression)[0]:
            problems.append(problem("schedule", self.schedule,
                                    f"the request also says {self.schedule_expression}: give one schedule"))
        return problems


@cache
def _time_zones() -> frozenset[str]:
    try:
        return frozenset(zoneinfo.available_timezones())
    except Exception:  # noqa: BLE001 - no time zone database: the name's shape is checked instead
        return frozenset()


class HttpApiParams(KindParams):
    """An HTTP API: the global external HTTPS load balancer with Cloud Armor in front of a Cloud Function."""

    rate_limit_per_minute: int | None = Field(
        default=None, ge=60, le=100000,
        description="Requests a client IP may send per minute before Cloud Armor bans it for five minutes "
                    "(60-100000). " + described("load_balancer", "rate_limit_per_minute"))
