"""Azure dependency rules: what every stack and each requested component needs, each addition a decision.

The platform pieces (Log Analytics and budget, Key Vault) come first, then each kind's rules in
:data:`~.kinds.RESOLVE_ORDER`, the Service Bus namespace of the queues and topics, the Container Apps environment
of the workers and jobs, then the network, which reads what the kinds decided (tiers, database port)."""

from __future__ import annotations

from iacf_core import Stack, run_rules

from .kinds import RESOLVE_ORDER, network
from .kinds.container_apps import ensure_environment
from .kinds.encryption_keys import ensure_keys
from .kinds.monitoring import ensure_monitoring
from .kinds.service_bus import ensure_namespace


def resolve(stack: Stack) -> None:
    ensure_monitoring(stack)
    ensure_keys(stack)
    run_rules(stack, RESOLVE_ORDER)
    ensure_namespace(stack)
    ensure_environment(stack)
    network.resolve(stack)
