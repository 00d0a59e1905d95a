"""How democloud implements governance controls: by the kinds whose resources carry them (their KindSpec)."""

from __future__ import annotations

from iacf_core import Control, ControlImplementation, Stack, implementing

from .kinds import KINDS

# resource types that evidence each control in the output (the coverage gate looks for them)
RESOURCES: dict[str, tuple[str, ...]] = {
    "default-encryption": ("terraform_data",),
    "tagging": ("terraform_data",),
}


def inject(stack: Stack, controls: list[Control]) -> None:
    for control in controls:
        kinds = implementing(KINDS, control.id)
        components = sorted(c.id for c in stack.components.values() if c.kind in kinds)
        if control.id in RESOURCES and components:
            stack.implementations.append(ControlImplementation(
                control=control.id, components=components, resources=list(RESOURCES[control.id])))
