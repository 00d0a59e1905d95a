"""A zone-redundant Flexible Server keeps an empty plan after a failover: Azure swaps its primary and standby
zones, and the module ignores both (a plan would otherwise try to move them back, which Azure refuses)."""

from __future__ import annotations

from importlib.resources import files

import pytest

from iacf_core.toolkit.hcl import load_text

MODULES = files("iacf_azure").joinpath("templates", "modules")


@pytest.mark.parametrize(("module", "resource"), [("postgresql", "azurerm_postgresql_flexible_server"),
                                                  ("mysql", "azurerm_mysql_flexible_server")])
def test_the_zones_a_failover_swaps_are_ignored(module, resource):
    doc = load_text(MODULES.joinpath(module, "main.tf").read_text())
    [server] = [body for block in doc["resource"] for kind, named in block.items() if kind == resource
                for body in named.values()]
    assert server["zone"].startswith("${var.high_availability")
    [lifecycle] = server["lifecycle"]
    ignored = {str(x).strip("${}") for x in lifecycle["ignore_changes"]}
    assert ignored == {"zone", "high_availability[0].standby_availability_zone"}
    assert lifecycle["prevent_destroy"] is True
