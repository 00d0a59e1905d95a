"""Azure dependency rules: what every stack and each requested component needs, each addition a decision.

The platform pieces (Log Analytics and budget, Key Vault) come first, then each kind's rules in
:data:`~.kinds.RESOLVE_ORDER`, the Service Bus namespace of the queues and topics, the Container Apps environment
of the workers and jobs, then the network, which reads what the kinds decided (tiers, database port)."""

from __future__ import annotations

from iacf_core import SpecError, Stack, run_rules

from .kinds import RESOLVE_ORDER, network
from .kinds.container_apps import ensure_environment
from .kinds.encryption_keys import ensure_keys
from .kinds.monitoring import ensure_monitoring
from .kinds.service_bus import ensure_namespace

# characters Azure refuses in a tag name (the tag APIs answer 400; Terraform and the schema do not check)
AZURE_TAG_NAME_REFUSED = "<>%&\\?/"


def resolve(stack: Stack) -> None:
    check_tag_names(stack)
    ensure_monitoring(stack)
    ensure_keys(stack)
    run_rules(stack, RESOLVE_ORDER)
    ensure_namespace(stack)
    ensure_environment(stack)
    network.resolve(stack)


def check_tag_names(stack: Stack) -> None:
    """An extra tag whose name Azure refuses is bad input, told before anything is generated."""
    for key in sorted({**stack.policy.tags.values, **stack.spec.tags}):
        refused = sorted({ch for ch in key if ch in AZURE_TAG_NAME_REFUSED})
        if refused:
            raise SpecError(f"tag {key!r}: Azure refuses {' '.join(refused)} in a tag name; rename the tag")
