"""The Azure component kinds: one module per kind, each exporting its :class:`iacf_core.KindSpec` as ``SPEC``.

The plugin registers and renders the kinds from :data:`KINDS`; :data:`RESOLVE_ORDER` is the order their rules run
in (data stores before the code that connects to them).
"""

from __future__ import annotations

from iacf_core import KindSpec, by_name, modules_by_kind

from . import (
    cache,
    container_apps,
    encryption_keys,
    function,
    http_api,
    kubernetes_cluster,
    monitoring,
    network,
    nosql_table,
    object_storage,
    queue,
    relational_database,
    scheduled_job,
    service_bus,
    state_backend,
    static_site,
    subscription_baseline,
    topic,
    web_app,
    worker,
)

KINDS: tuple[KindSpec, ...] = (
    web_app.SPEC, function.SPEC, relational_database.SPEC, object_storage.SPEC, network.SPEC, encryption_keys.SPEC,
    monitoring.SPEC, subscription_baseline.SPEC, state_backend.SPEC, queue.SPEC, topic.SPEC, service_bus.SPEC,
    nosql_table.SPEC, cache.SPEC, static_site.SPEC, http_api.SPEC, kubernetes_cluster.SPEC, worker.SPEC,
    scheduled_job.SPEC, container_apps.SPEC,
)
SPECS: dict[str, KindSpec] = by_name(KINDS)
MODULES: dict[str, tuple[str, ...]] = modules_by_kind(KINDS)

RESOLVE_ORDER: tuple[KindSpec, ...] = (relational_database.SPEC, object_storage.SPEC, nosql_table.SPEC, cache.SPEC,
                                       queue.SPEC, topic.SPEC, http_api.SPEC, function.SPEC, web_app.SPEC,
                                       worker.SPEC, scheduled_job.SPEC, static_site.SPEC, kubernetes_cluster.SPEC)

# Azure service names of kinds this plugin does not render yet: understood, so the request is told what Azure
# serves instead of being read as something else
OTHER_SERVICE_WORDS: dict[str, tuple[str, ...]] = {
}
