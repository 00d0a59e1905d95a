"""AWS rules for the cache kind: an ElastiCache (Valkey or Redis OSS) replication group, private, encrypted, with
IAM-authenticated users (no shared token). Each default and connection is a recorded decision."""

from __future__ import annotations

import re

from iacf_core import Component, Decision, KindSpec, SpecError, Stack, stated_trigger

from ..params import DEFAULT_CACHE_ENGINE, CacheParams, cache_family
from ..sizing import env_defaults, retention_days, sizing

PORT = 6379
# IAM authentication of ElastiCache users needs these engine versions or later
IAM_AUTH_FROM = {"valkey": (7, 2), "redis": (7, 0)}



def resolve(stack: Stack) -> None:
    retention = retention_days(stack)
    for cache in stack.by_kind("cache"):
        resolve_cache(stack, cache, retention)


def resolve_cache(stack: Stack, cache: Component, retention: int) -> None:
    stated = dict(cache.params)
    engine = str(stated.get("engine") or DEFAULT_CACHE_ENGINE)
    eng = sizing()["cache_engines"][engine]
    version = str(stated.get("engine_version", eng["default"]))
    size = env_defaults("cache", stack)
    if "nodes" in stated:  # failover needs a replica: two nodes or more turn Multi-AZ on
        size.update(num_cache_clusters=stated["nodes"], multi_az=stated["nodes"] > 1)
    if "node_type" in stated:
        size["node_type"] = stated["node_type"]
    if "snapshot_retention_days" in stated:
        size["snapshot_retention_limit"] = stated["snapshot_retention_days"]
    cache.params = {**stated, **size, "engine": engine, "engine_version": version,
                    "family": cache_family(engine, version), "port": PORT, "retention_days": retention}
    cache.depends_on = sorted({*cache.depends_on, "network", "keys"})
    p = cache.params
    if _version(str(p["engine_version"])) < IAM_AUTH_FROM[engine]:
        floor = ".".join(map(str, IAM_AUTH_FROM[engine]))
        raise SpecError(f"cache {cache.id}: {eng['title']} {p['engine_version']} has no IAM authentication; "
                        f"use {floor} or later")
    stack.decide(Decision(
        id=f"aws.{cache.id}.elasticache",
        title=f"ElastiCache {eng['title']} {p['engine_version']} replication group on {p['node_type']}",
        why=(f"The request names {eng['title']}." if engine == "redis" else
             "Valkey is the open-source, Redis-compatible engine that ElastiCache prices about 20 % below Redis "
             "OSS; clients speak the same protocol.")
            + (f" The node type is {p['node_type']} as stated." if "node_type" in stated else
               f" The node type is sized for {stack.environment}."),
        rule="aws.cache.engine",
        trigger=stated_trigger(stated, ("engine", "engine_version", "node_type"), stack.env_trigger),
        components=[cache.id],
        alternatives=["Redis OSS (same protocol, higher price)" if engine == "valkey" else
                      "Valkey (same protocol, about 20 % cheaper)", "ElastiCache Serverless (no sizing, higher "
                      "floor per GB)", "Memcached (no replication, no persistence, no auth token)"],
    ))
    stack.decide(Decision(
        id=f"aws.{cache.id}.availability",
        title=(f"Multi-AZ, {p['num_cache_clusters']} nodes, automatic failover" if p["multi_az"]
               else "A single node, no automatic failover"),
        why=("A replica in another AZ is promoted in under a minute when the primary or its AZ fails."
             if p["multi_az"] else
             "Replicas double the cost; a non-production cache is refilled by the application after a restart."),
        rule="aws.env.ha", trigger=stated_trigger(stated, ("nodes",), stack.env_trigger), components=[cache.id],
        alternatives=["cluster mode (sharding; add when one node's memory is not enough)"],
    ))
    stack.decide(Decision(
        id=f"aws.{cache.id}.snapshots",
        title=(f"Daily snapshots kept {p['snapshot_retention_limit']} day(s), final snapshot on destroy"
               if p["snapshot_retention_limit"] else "No snapshots"),
        why=("A cache that holds sessions or queues must be restorable after a mistake."
             if p["snapshot_retention_limit"] else
             "A development cache holds nothing that cannot be rebuilt; snapshots would only cost storage."),
        rule="aws.env.protection", trigger=stated_trigger(stated, ("snapshot_retention_days",), stack.env_trigger),
        components=[cache.id],
    ))
    stack.decide(Decision(
        id=f"aws.{cache.id}.encryption",
        title="Encryption in transit (TLS) and at rest (the data key)",
        why="Every connection is TLS (transit encryption on, which IAM authentication also requires); nodes, "
            "snapshots and swap are encrypted with the customer-managed data key.",
        rule="default-encryption", trigger="always (governance)", components=[cache.id],
        alternatives=["AWS-managed key (no key policy control)"],
    ))
    stack.decide(Decision(
        id=f"aws.{cache.id}.private",
        title="Cache in the database subnets, reachable only from the components connected to it",
        why="No public endpoint exists for ElastiCache; its subnet group uses the isolated database subnets and its "
            "security group admits only the security groups of the applications and functions connected to it on "
            "port "
            f"{PORT}; it has no egress rule.",
        rule="private-data-tier", trigger="always", components=[cache.id],
    ))
    stack.decide(Decision(
        id=f"aws.{cache.id}.logs",
        title=f"Slow log and engine log delivered to KMS-encrypted log groups ({retention} days)",
        why="Slow commands and engine events (failovers, evictions) are needed to operate a cache; they go to "
            "CloudWatch Logs encrypted with the logs key, kept as long as the policy says.",
        rule="log-retention", trigger="always", components=[cache.id],
    ))


def wire_caches(stack: Stack) -> None:
    """Record how the components connected to each cache reach it (endpoint, port, user, security groups)."""
    caches = stack.by_kind("cache")
    pairs = [(c.source, c.target) for c in stack.connections
             if c.target in {k.id for k in caches} and c.access == "connect"]
    if not pairs:
        return
    clients = list(dict.fromkeys(s for s, _ in pairs))
    ids = list(dict.fromkeys(t for _, t in pairs))
    stack.decide(Decision(
        id="aws.cache.wiring",
        title=f"{', '.join(clients)} {'reaches' if len(clients) == 1 else 'reach'} {', '.join(ids)} over TLS with "
              "IAM authentication",
        why="Each component connected to a cache ("
            + ", ".join(f"{s} → {t}" for s, t in pairs)
            + ") gets the endpoint, port, TLS flag, replication group id and its own user in its environment, "
            "and signs its authentication token with its own role; the "
            f"cache's security group admits each of them on port {PORT}, and each may only send to that port of "
            "that group. Nothing else reaches the cache.",
        rule="least-privilege", trigger="connections to a cache", components=[*clients, *ids],
    ))


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text)[:2])


SPEC = KindSpec(
    name="cache", default_id="cache",
    description="Amazon ElastiCache (Valkey or Redis OSS) replication group: private, TLS, one IAM-authenticated "
                "user per client, KMS, logs.",
    words=("elasticache", "amazon elasticache"),
    param_words={"engine": {  # ElastiCache names of the cache engines (the engine names themselves are core's)
        "redis": ("elasticache redis", "elasticache for redis"),
        "valkey": ("elasticache valkey", "elasticache for valkey"),
        "memcached": ("elasticache memcached", "elasticache for memcached"),
    }},
    params=CacheParams, resolve=resolve,
    controls=("default-encryption", "log-retention", "secrets-management", "least-privilege", "private-data-tier"),
    emulator_unsupported={
        "aws_elasticache_replication_group": "moto lacks ElastiCache replication groups",
        "aws_elasticache_subnet_group": "moto creates cache subnet groups but lacks DeleteCacheSubnetGroup (the "
                                        "destroy fails)",
        "aws_elasticache_user_group": "moto lacks ElastiCache user groups",
    },
    sizing="cache",
)
