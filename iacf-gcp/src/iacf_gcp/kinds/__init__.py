"""The Google Cloud component kinds: one module per kind, each exporting its :class:`~iacf_core.kernel.kinds.KindSpec`.

:data:`RESOLVE_ORDER` is the order their rules run in: data stores before the applications that connect to
them, the load balancers the applications add, then the network that reads every connection.
"""

from __future__ import annotations

from iacf_core import KindSpec, by_name, modules_by_kind

from . import (
    cache,
    encryption_keys,
    function,
    http_api,
    kubernetes_cluster,
    load_balancer,
    network,
    nosql_table,
    object_storage,
    project_baseline,
    queue,
    relational_database,
    scheduled_job,
    state_backend,
    static_site,
    topic,
    web_app,
    worker,
)

KINDS: tuple[KindSpec, ...] = (
    web_app.SPEC, relational_database.SPEC, object_storage.SPEC, queue.SPEC, topic.SPEC, function.SPEC,
    nosql_table.SPEC, network.SPEC, load_balancer.SPEC, encryption_keys.SPEC, project_baseline.SPEC,
    state_backend.SPEC, cache.SPEC, kubernetes_cluster.SPEC, worker.SPEC,
    scheduled_job.SPEC, http_api.SPEC, static_site.SPEC,
)
SPECS: dict[str, KindSpec] = by_name(KINDS)
MODULES: dict[str, tuple[str, ...]] = modules_by_kind(KINDS)

# queue and topic share the topic kind's rules (run once when either is present); HTTP APIs first, since they hand
# their connections to their function before the data stores read their clients
RESOLVE_ORDER: tuple[KindSpec, ...] = (http_api.SPEC, relational_database.SPEC, cache.SPEC, object_storage.SPEC,
                                       nosql_table.SPEC, queue.SPEC, topic.SPEC, function.SPEC, worker.SPEC,
                                       scheduled_job.SPEC, web_app.SPEC, static_site.SPEC, load_balancer.SPEC,
                                       kubernetes_cluster.SPEC, network.SPEC)

# Google Cloud service names of kinds this plugin does not render yet: understood, so the request is told
OTHER_SERVICE_WORDS: dict[str, tuple[str, ...]] = {}
