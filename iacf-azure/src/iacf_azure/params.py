"""Azure's parameters models: the neutral models of core, narrowed or extended with what Azure understands."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, field_validator

from iacf_core import CacheParams, KindParams, RelationalDatabaseParams, WebAppParams, problem
from iacf_core.toolkit.cron import RATE, rate_as_unix_cron, unix_cron_problem

# App Service plans that give VNet integration, private endpoints and zone redundancy
APP_SERVICE_SKUS = ("P0v3", "P1v3", "P2v3", "P3v3", "P1mv3", "P2mv3", "P3mv3", "P4mv3", "P5mv3")
# the storage sizes PostgreSQL Flexible Server offers, in GiB
POSTGRES_VERSIONS = ("13", "14", "15", "16", "17")
MYSQL_VERSIONS = ("8.0.21", "8.4")
# Azure SQL Database (General Purpose and Business Critical vCore): the largest maximum size, in GiB
SQL_MAX_SIZE_GB = 4096
POSTGRES_STORAGE_GB = (32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32767)


class AzureWebAppParams(WebAppParams):
    """On Azure: a Linux container on App Service (Premium v3) behind an Application Gateway WAF_v2."""

    sku_name: Literal[APP_SERVICE_SKUS] | None = Field(  # type: ignore[valid-type]
        default=None, description="App Service plan SKU (Premium v3). Default: by environment.")

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.min_replicas is not None:
            problems.append(problem("min_replicas", self.min_replicas, "autoscaling ranges are not generated on "
                                                                        "Azure: give replicas (the plan's instances)"))
        if self.sku_name == "P0v3" and environment == "prod":
            problems.append(problem("sku_name", self.sku_name, "prod runs zone-redundant, which P0v3 does not offer"))
        return problems


class AzureRelationalDatabaseParams(RelationalDatabaseParams):
    """On Azure: PostgreSQL or MySQL Flexible Server."""

    engine: Literal["postgres", "mysql", "sqlserver"] | None = Field(  # type: ignore[assignment]
        default=None, description="Database engine: postgres (PostgreSQL Flexible Server), mysql (MySQL Flexible "
                                  "Server) or sqlserver (Azure SQL Database); Azure Database for MariaDB is retired. "
                                  "Default: postgres.")

    sku_name: str | None = Field(
        default=None, pattern=r"^((B|GP|MO)_Standard_[A-Za-z0-9_]+|(GP|BC|HS)_Gen5_[0-9]+)$", max_length=40,
        description="Compute SKU: Flexible Server B_Standard_B1ms, GP_Standard_D2ds_v5, MO_Standard_E4ds_v5...; "
                    "Azure SQL vCore GP_Gen5_2, BC_Gen5_4, HS_Gen5_2... Default: by environment.")

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.engine == "sqlserver":
            return problems + self._sqlserver_problems(environment)
        if self.sku_name is not None and "_Gen5_" in self.sku_name:
            problems.append(problem("sku_name", self.sku_name, "a vCore SKU of Azure SQL: Flexible Server takes "
                                                               "B_Standard_…, GP_Standard_… or MO_Standard_…"))
        mysql = self.engine == "mysql"
        if self.engine_version is not None and mysql and self.engine_version not in MYSQL_VERSIONS:
            problems.append(problem("engine_version", self.engine_version, "MySQL Flexible Server offers "
                                    + ", ".join(MYSQL_VERSIONS) + " (MySQL 8.0 is 8.0.21)"))
        elif self.engine_version is not None and not mysql \
                and self.engine_version.split(".")[0] not in POSTGRES_VERSIONS:
            problems.append(problem("engine_version", self.engine_version, "Flexible Server offers PostgreSQL "
                                    + ", ".join(POSTGRES_VERSIONS) + " (Azure applies the minor versions)"))
        if self.storage_gb is not None and not mysql and self.storage_gb not in POSTGRES_STORAGE_GB:
            problems.append(problem("storage_gb", self.storage_gb, "Flexible Server offers "
                                    + ", ".join(str(s) for s in POSTGRES_STORAGE_GB) + " GiB"))
        if self.storage_gb is not None and mysql and self.storage_gb > 16384:
            problems.append(problem("storage_gb", self.storage_gb, "MySQL Flexible Server offers 20 to 16384 GiB"))
        if self.max_storage_gb is not None:
            problems.append(problem("max_storage_gb", self.max_storage_gb, "Flexible Server grows its storage "
                                                                            "itself, with no ceiling to set"))
        if self.backup_retention_days is not None and self.backup_retention_days < 7:
            problems.append(problem("backup_retention_days", self.backup_retention_days,
                                    "Flexible Server keeps backups 7 to 35 days"))
        if environment == "prod" and self.sku_name is not None and self.sku_name.startswith("B_"):
            problems.append(problem("sku_name", self.sku_name, "prod runs zone-redundant high availability, which "
                                                               "Burstable SKUs do not offer"))
        return problems

    def _sqlserver_problems(self, environment: str) -> list[str]:
        problems = []
        if self.engine_version is not None:
            problems.append(problem("engine_version", self.engine_version, "Azure SQL Database runs the SQL Server "
                                                                            "engine Azure keeps current (no version "
                                                                            "to choose)"))
        if self.sku_name is not None and "_Gen5_" not in self.sku_name:
            problems.append(problem("sku_name", self.sku_name, "Azure SQL takes a vCore SKU (GP_Gen5_2, BC_Gen5_4, "
                                                               "HS_Gen5_2...)"))
        if self.storage_gb is not None and self.storage_gb > SQL_MAX_SIZE_GB:
            problems.append(problem("storage_gb", self.storage_gb, f"Azure SQL Database holds at most "
                                                                   f"{SQL_MAX_SIZE_GB} GiB (outside Hyperscale)"))
        if self.max_storage_gb is not None:
            problems.append(problem("max_storage_gb", self.max_storage_gb, "Azure SQL Database has a maximum size "
                                                                            "(storage_gb), no autoscaling ceiling"))
        return problems


# Functions Premium plans: the tier with VNet integration, private endpoints, always-ready instances and zones
FUNCTION_SKUS = ("EP1", "EP2", "EP3")
# zone-redundant Premium plans run at least three instances
ZONE_MIN_INSTANCES = 3


class AzureFunctionParams(KindParams):
    """On Azure: a Linux Function App (container) on a Functions Premium plan, private and VNet-integrated."""

    sku_name: Literal[FUNCTION_SKUS] | None = Field(  # type: ignore[valid-type]
        default=None, description="Functions Premium plan: EP1 (1 vCPU, 3.5 GB), EP2 (2 vCPU, 7 GB) or EP3 (4 vCPU, "
                                  "14 GB). Default: dev and staging EP1, prod EP2.")
    min_instances: int | None = Field(
        default=None, ge=1, le=20,
        description="Always-ready instances (no cold start). Default: dev and staging 1, prod 3 (one per zone).")
    max_instances: int | None = Field(
        default=None, ge=1, le=100,
        description="Instances the plan scales out to at most. Default: dev 3, staging 10, prod 20.")

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if environment == "prod" and self.min_instances is not None and self.min_instances < ZONE_MIN_INSTANCES:
            problems.append(problem("min_instances", self.min_instances, "prod runs zone-redundant, which takes at "
                                                                          f"least {ZONE_MIN_INSTANCES} instances"))
        if self.min_instances is not None and self.max_instances is not None \
                and self.max_instances < self.min_instances:
            problems.append(problem("max_instances", self.max_instances, "below min_instances "
                                                                          f"({self.min_instances})"))
        return problems


class AzureQueueParams(KindParams):
    """On Azure: a Service Bus queue of the project's Premium namespace, with its dead-letter sub-queue."""

    fifo: bool | None = Field(
        default=None, description="Ordered, exactly-once processing: sessions (messages of a session are received "
                                  "in order) and duplicate detection. Default: false.")
    lock_duration_seconds: int | None = Field(
        default=None, ge=5, le=300,
        description="Seconds a received message stays locked for its consumer (5 to 300); the consumer renews the "
                    "lock for longer work. Default: 60.")
    message_retention_days: int | None = Field(
        default=None, ge=1, le=14,
        description="Days an unreceived message lives before it moves to the dead-letter queue (1 to 14). Default: "
                    "dev 4, staging 7, prod 14.")
    max_delivery_count: int | None = Field(
        default=None, ge=1, le=2000,
        description="Deliveries before a message moves to the dead-letter queue. Default: 10.")


class AzureTopicParams(KindParams):
    """On Azure: a Service Bus topic of the project's Premium namespace, one subscription per consumer."""

    fifo: bool | None = Field(
        default=None, description="Ordered delivery and duplicate detection (subscriptions use sessions). Default: "
                                  "false.")
    message_retention_days: int | None = Field(
        default=None, ge=1, le=14,
        description="Days an undelivered message lives before it moves to a subscription's dead-letter queue (1 to "
                    "14). Default: dev 4, staging 7, prod 14.")
    max_delivery_count: int | None = Field(
        default=None, ge=1, le=2000,
        description="Deliveries to a subscription before a message moves to its dead-letter queue. Default: 10.")
    subscriptions: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,49}$")]] | None = Field(
        default=None, min_length=1, max_length=20,
        description="Subscriptions of the topic, one per consuming application (lower-case letters, digits, "
                    "hyphens); each consumer is granted the receiver role on its own subscription. Default: one "
                    "subscription, default.")

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.subscriptions is not None and len(set(self.subscriptions)) != len(self.subscriptions):
            problems.append(problem("subscriptions", self.subscriptions, "each subscription is named once"))
        return problems


class AzureNosqlTableParams(KindParams):
    """On Azure: a Cosmos DB for NoSQL account with one database and one container."""

    partition_key: str | None = Field(
        default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,99}$",
        description="Property the container is partitioned by (its path is /NAME). Default: pk.")
    max_throughput: int | None = Field(
        default=None, ge=1000, le=1000000, multiple_of=1000,
        description="Autoscale ceiling of the container in RU/s (a multiple of 1000; it scales between a tenth of "
                    "it and it). Default: dev and staging 1000, prod 4000.")
    ttl_seconds: int | None = Field(
        default=None, ge=1, le=2147483647,
        description="Seconds after its last write an item is deleted. Default: items never expire.")


# Azure Managed Redis SKUs this product offers: Balanced (general purpose), Memory Optimized, Compute Optimized
MANAGED_REDIS_SKU = (r"^(Balanced_B(0|1|3|5|10|20|50|100)|MemoryOptimized_M(10|20|50|100)"
                     r"|ComputeOptimized_X(3|5|10|20|50))$")
# how the cache presents itself to clients (the module's clustering_policy): one endpoint behind a proxy (any client),
# the Redis Cluster protocol (cluster-aware clients), or one unsharded database (25 GB and below)
CLUSTERING_POLICIES = ("EnterpriseCluster", "OSSCluster", "NoCluster")
# the SKUs above 25 GB, which NoCluster does not serve
SHARDED_ONLY_SKUS = ("Balanced_B50", "Balanced_B100", "MemoryOptimized_M50", "MemoryOptimized_M100",
                     "ComputeOptimized_X50")


class AzureCacheParams(CacheParams):
    """On Azure: Azure Managed Redis (Redis Enterprise), private, Entra ID only, customer-managed key."""

    sku_name: str | None = Field(
        default=None, pattern=MANAGED_REDIS_SKU,
        description="Azure Managed Redis SKU (Balanced_B0 to B100, MemoryOptimized_M10 to M100, ComputeOptimized_X3 "
                    "to X50). Default: dev Balanced_B0, staging Balanced_B1, prod Balanced_B3.")
    clustering_policy: Literal[CLUSTERING_POLICIES] | None = Field(  # type: ignore[valid-type]
        default=None,
        description="How clients reach the cache: EnterpriseCluster (one endpoint on 10000, a proxy routes each "
                    "command to its shard: any Redis client), OSSCluster (the Redis Cluster protocol: only "
                    "cluster-aware clients, which follow MOVED redirects and connect to every shard) or NoCluster "
                    "(one unsharded database, every command with any keys; 25 GB SKUs and below). Fixed at "
                    "creation: a change recreates the database. Default: NoCluster up to 25 GB, EnterpriseCluster "
                    "above.")

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.clustering_policy == "NoCluster" and self.sku_name in SHARDED_ONLY_SKUS:
            problems.append(problem("clustering_policy", self.clustering_policy, f"{self.sku_name} holds more "
                                                                                 "than 25 GB, which NoCluster "
                                                                                 "does not serve"))
        if self.engine not in (None, "redis"):
            problems.append(problem("engine", self.engine, "Azure serves Redis (Azure Managed Redis) only"))
        if self.engine_version is not None:
            problems.append(problem("engine_version", self.engine_version, "Azure Managed Redis runs the Redis "
                                                                            "version Azure maintains (7.4)"))
        if environment == "prod" and self.sku_name == "Balanced_B0":
            problems.append(problem("sku_name", self.sku_name, "prod runs highly available, which Balanced_B0 "
                                                               "does not offer"))
        return problems


# AKS node sizes with a local disk (the "d" sizes), which ephemeral OS disks need: size → the OS disk that fits in
# the VM's cache, in GiB
AKS_VM_SIZES: dict[str, int] = {
    "Standard_D2ds_v5": 48, "Standard_D4ds_v5": 96, "Standard_D8ds_v5": 128, "Standard_D16ds_v5": 128,
    "Standard_E2ds_v5": 48, "Standard_E4ds_v5": 96, "Standard_E8ds_v5": 128, "Standard_E16ds_v5": 128,
}
# the Kubernetes minor versions AKS supports that this product tests; AKS applies the patch versions
AKS_VERSIONS = ("1.32", "1.33", "1.34")
# prod spreads the user pool over three availability zones, one node in each at least
AKS_PROD_MIN_NODES = 3


class AzureKubernetesClusterParams(KindParams):
    """On Azure: an AKS private cluster, a system pool for critical add-ons and a user pool for the workloads."""

    kubernetes_version: Literal[AKS_VERSIONS] | None = Field(  # type: ignore[valid-type]
        default=None, description="Kubernetes minor version (AKS applies its patch versions automatically). "
                                  "Default: 1.33.")
    vm_size: Literal[tuple(AKS_VM_SIZES)] | None = Field(  # type: ignore[valid-type]
        default=None, description="VM size of the user pool's nodes (a size with a local disk, for ephemeral OS "
                                  "disks). Default: dev Standard_D2ds_v5, staging and prod Standard_D4ds_v5.")
    min_nodes: int | None = Field(
        default=None, ge=1, le=100,
        description="Autoscaling floor of the user pool. At least 3 in prod (one per zone). Default: dev 1, "
                    "staging 2, prod 3.")
    max_nodes: int | None = Field(
        default=None, ge=1, le=100,
        description="Autoscaling ceiling of the user pool. Default: dev 3, staging 5, prod 10.")
    network_policy: Literal["cilium", "azure"] | None = Field(
        default=None, description="Network policy engine: cilium (Azure CNI powered by Cilium) or azure (Azure "
                                  "Network Policy Manager). Default: cilium.")

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if environment == "prod" and self.min_nodes is not None and self.min_nodes < AKS_PROD_MIN_NODES:
            problems.append(problem("min_nodes", self.min_nodes, "prod spreads the user pool over three availability "
                                                                 f"zones, which takes at least {AKS_PROD_MIN_NODES} "
                                                                 "nodes"))
        if self.min_nodes is not None and self.max_nodes is not None and self.max_nodes < self.min_nodes:
            problems.append(problem("max_nodes", self.max_nodes, f"below min_nodes ({self.min_nodes})"))
        return problems


# Container Apps Consumption profile: 0.25 to 4 vCPU by steps of 0.25, memory twice the vCPU in GiB
CONTAINER_CPUS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0)
# prod survives the loss of one availability zone: two replicas at least
PROD_MIN_WORKER_REPLICAS = 2


def _secret_problems(secrets: list[str] | None) -> list[str]:
    if secrets is not None and len(set(secrets)) != len(secrets):
        return [problem("secrets", secrets, "each secret is named once")]
    return []


class AzureWorkerParams(KindParams):
    """On Azure: a Container Apps app with no ingress, scaled by KEDA on its queue."""

    cpu: float | None = Field(
        default=None, description="vCPU of a replica (" + ", ".join(str(c) for c in CONTAINER_CPUS) + "); its memory "
                                  "is twice that in GiB. Default: dev and staging 0.5, prod 1.")
    min_replicas: int | None = Field(
        default=None, ge=0, le=300,
        description="Replicas always running (0: scaled to zero while its queue is empty, outside prod). Default: "
                    "dev 0, staging 1, prod 2.")
    max_replicas: int | None = Field(
        default=None, ge=1, le=300,
        description="Replicas its queue's backlog may scale it to. Default: dev 3, staging 5, prod 10.")
    messages_per_replica: int | None = Field(
        default=None, ge=1, le=1000,
        description="Queued messages per replica the KEDA rule aims at (it adds a replica above that). Default: 10.")
    secrets: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,62}$")]] | None = Field(
        default=None, max_length=20,
        description="Key Vault secrets it reads (lower-case letters, digits, hyphens), each as the environment "
                    "variable of its name in upper case (api-token: API_TOKEN), a Key Vault reference read with its "
                    "identity; their values are set in the vault, never in Terraform. Default: none.")

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.cpu is not None and self.cpu not in CONTAINER_CPUS:
            problems.append(problem("cpu", self.cpu, "a Container Apps Consumption replica has "
                                    + ", ".join(str(c) for c in CONTAINER_CPUS) + " vCPU"))
        problems += _secret_problems(self.secrets)
        if environment == "prod" and self.min_replicas is not None \
                and self.min_replicas < PROD_MIN_WORKER_REPLICAS:
            problems.append(problem("min_replicas", self.min_replicas, "prod runs zone-redundant, which takes at "
                                                                        f"least {PROD_MIN_WORKER_REPLICAS} replicas"))
        if self.min_replicas is not None and self.max_replicas is not None \
                and self.max_replicas < max(self.min_replicas, 1):
            problems.append(problem("max_replicas", self.max_replicas, f"below min_replicas ({self.min_replicas})"))
        return problems


def cron_of(expression: str) -> str:
    """The 5-field cron Container Apps runs for ``expression`` (a unix cron, or rate(N minutes|hours|days) as the
    request's words give it, a day's or week's run at midnight, weekly on Sunday); ValueError says why it is none."""
    rate = RATE.match(expression)
    if rate:
        cron, why = rate_as_unix_cron(int(rate.group(1)), rate.group(2), daily_at="0 0", weekly_on="0")
        if cron is None:
            raise ValueError(why)
        return cron
    problem = unix_cron_problem(
        expression, other_forms="Container Apps jobs run it in UTC, and also take rate(N minutes|hours|days)")
    if problem:
        raise ValueError(problem)
    if re.search(r"(?<![0-9/])7(?![0-9])", expression.split()[4]):
        raise ValueError("Container Apps numbers the days of the week 0-6 from Sunday: write Sunday as 0 or SUN")
    return " ".join(expression.split())


class AzureScheduledJobParams(KindParams):
    """On Azure: a Container Apps job run on a cron schedule."""

    schedule_expression: str | None = Field(
        default=None, max_length=100,
        description="When the job runs: a 5-field cron in UTC (0 3 * * *) or rate(N minutes|hours|days) as the "
                    "request's words give it (every hour, chaque nuit). Default: daily at 00:00 UTC.")
    schedule: str | None = Field(
        default=None, max_length=100,
        description="The same as schedule_expression (the name another cloud's specs use); give one of the two.")
    timezone: Literal["UTC"] | None = Field(
        default=None, description="Time zone of the cron: Container Apps evaluates schedules in UTC only.")
    cpu: float | None = Field(
        default=None, description="vCPU of a replica (" + ", ".join(str(c) for c in CONTAINER_CPUS) + "); its memory "
                                  "is twice that in GiB. Default: 0.5.")
    timeout_seconds: int | None = Field(
        default=None, ge=1, le=86400,
        description="Seconds a replica may run before it is stopped (and retried). Default: 1800.")
    retry_limit: int | None = Field(
        default=None, ge=0, le=10,
        description="Retries of a failed replica before the execution fails. Default: dev 0, staging and prod 2.")
    parallelism: int | None = Field(
        default=None, ge=1, le=100,
        description="Replicas each execution starts (all must complete). Default: 1.")
    secrets: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,62}$")]] | None = Field(
        default=None, max_length=20,
        description="Key Vault secrets it reads (lower-case letters, digits, hyphens), each as the environment "
                    "variable of its name in upper case (api-token: API_TOKEN), a Key Vault reference read with its "
                    "identity; their values are set in the vault, never in Terraform. Default: none.")

    @field_validator("schedule_expression", "schedule")
    @classmethod
    def _schedule(cls, value: str) -> str:
        cron_of(value)
        return value

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.cpu is not None and self.cpu not in CONTAINER_CPUS:
            problems.append(problem("cpu", self.cpu, "a Container Apps Consumption replica has "
                                    + ", ".join(str(c) for c in CONTAINER_CPUS) + " vCPU"))
        if self.schedule is not None and self.schedule_expression is not None:
            problems.append(problem("schedule", self.schedule, "give schedule_expression or schedule, not both"))
        problems += _secret_problems(self.secrets)
        return problems
