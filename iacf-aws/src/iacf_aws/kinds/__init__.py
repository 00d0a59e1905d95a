"""The AWS component kinds: one module per kind, each exporting its :class:`iacf_core.KindSpec` as ``SPEC``.

The plugin registers and renders the kinds from :data:`KINDS`; :data:`RESOLVE_ORDER` is the order their rules run
in (data stores before the code that connects to them, load balancers once the applications added them).
"""

from __future__ import annotations

from iacf_core import Component, KindSpec, by_name, modules_by_kind

from . import (
    account_baseline,
    backup,
    cache,
    encryption_keys,
    function,
    http_api,
    load_balancer,
    network,
    nosql_table,
    object_storage,
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
    web_app.SPEC, relational_database.SPEC, network.SPEC, encryption_keys.SPEC, load_balancer.SPEC,
    account_baseline.SPEC, state_backend.SPEC, queue.SPEC, topic.SPEC, nosql_table.SPEC, object_storage.SPEC,
    function.SPEC, http_api.SPEC, worker.SPEC, scheduled_job.SPEC, static_site.SPEC, cache.SPEC, backup.SPEC,
)
SPECS: dict[str, KindSpec] = by_name(KINDS)
MODULES: dict[str, tuple[str, ...]] = modules_by_kind(KINDS)

RESOLVE_ORDER: tuple[KindSpec, ...] = (
    cache.SPEC, relational_database.SPEC, web_app.SPEC, load_balancer.SPEC,
    function.SPEC, worker.SPEC, scheduled_job.SPEC, queue.SPEC, topic.SPEC, nosql_table.SPEC, object_storage.SPEC,
    http_api.SPEC, static_site.SPEC,
)

# AWS service names of kinds the AWS plugin does not render: understood, so the request is told what is missing
OTHER_SERVICE_WORDS: dict[str, tuple[str, ...]] = {
    "kubernetes_cluster": ("eks",),
    "event_stream": ("msk",),
    "document_database": ("documentdb",),
    "data_warehouse": ("redshift",),
}


def modules_of(component: Component) -> tuple[str, ...]:
    """The vendored modules a component's root piece calls (Aurora engines use the cluster module)."""
    return SPECS[component.kind].modules_of(component)
