"""How democloud implements governance controls: by the kinds whose resources carry them (their KindSpec), by
its tags gate, or not at all where the control has nothing to act on in democloud (declared, with the reason)."""

from __future__ import annotations

from iacf_core import Control, ControlImplementation, Stack, implementing

from .kinds import KINDS

# resource types that evidence each control in the output (the coverage gate looks for them)
RESOURCES: dict[str, tuple[str, ...]] = {
    "default-encryption": ("terraform_data",),
    "tagging": ("terraform_data",),
}
# controls met by a gate of this plugin (its findings carry that gate's name), with or without resources
GATES: dict[str, str] = {"tagging": "tags"}
REFERENCE = "democloud README, section Controls"
# what democloud does not have, so the control has nothing to act on
# (controls whose condition never holds on democloud, such as network-flow-logs, never reach it)
NOT_APPLICABLE: dict[str, str] = {
    "password-policy": "democloud has no user accounts: people sign in through the organisation's identity provider",
}


def inject(stack: Stack, controls: list[Control]) -> None:
    for control in controls:
        kinds = implementing(KINDS, control.id)
        components = sorted(c.id for c in stack.components.values() if c.kind in kinds)
        if control.id in RESOURCES and components:
            stack.implementations.append(ControlImplementation(
                control=control.id, components=components, resources=list(RESOURCES[control.id]),
                gate=GATES.get(control.id)))
        elif control.id in NOT_APPLICABLE:
            stack.implementations.append(ControlImplementation(
                control=control.id, not_applicable=NOT_APPLICABLE[control.id], reference=REFERENCE))
