"""A cloud written only against the kit (tests/plugins/democloud) passes the same contract as the AWS plugin."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from iacf_core.testing import CloudPluginContract, run_cli

PLUGINS = Path(__file__).parent / "plugins" / "democloud"


@pytest.fixture(scope="module")
def democloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """democloud discoverable through its ``iacf`` entry point, as an installed distribution is, then gone."""
    site = tmp_path_factory.mktemp("democloud-site")
    info = site / "democloud-0.0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: democloud\nVersion: 0.0.1\n")
    (info / "entry_points.txt").write_text("[iacf]\ndemo = democloud.plugin\n")
    sys.path[:0] = [str(site), str(PLUGINS)]
    yield
    sys.path.remove(str(site))
    sys.path.remove(str(PLUGINS))


class TestDemocloudContract(CloudPluginContract):
    cloud = "demo"
    samples = {
        "spec": {"project": "demo", "cloud": "demo", "environment": "prod",
                 "components": [{"kind": "object_storage", "params": {"retention_days": 90}}, {"kind": "queue"}]},
        "request": "Un demo bucket et une demo queue en dev sur democloud",
    }
    bad_params = {"object_storage": {"retention_days": 0}, "queue": {"fifo": True}}
    # democloud implements tagging and default encryption; the other controls of the catalogue are declared
    # provided elsewhere (a control cannot yet be declared not applicable to a cloud)
    policy = """[governance]
provided_elsewhere = ["access-analysis", "audit-trail", "budget", "config-recording", "data-access-logging",
  "encryption-keys", "least-privilege", "log-retention", "network-flow-logs", "password-policy",
  "posture-management", "private-data-tier", "public-access-block", "secrets-management", "state-backend",
  "threat-detection", "web-application-firewall"]
"""

    @pytest.fixture(scope="class")
    @classmethod
    def contract_plugins(cls, democloud: None) -> Iterator[None]:
        yield


def test_the_plugin_is_listed_only_while_registered(democloud: None) -> None:
    assert "demo" in run_cli("plugins").stdout
