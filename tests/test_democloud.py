"""A cloud written only against the kit (tests/plugins/democloud) passes the same contract as the AWS plugin."""

from __future__ import annotations

import re
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
    # democloud implements tagging (resources + its tags gate) and default encryption, declares the password policy
    # not applicable with its reason; the rest of the catalogue is provided elsewhere. Its own section sets the key.
    policy = """[governance]
provided_elsewhere = ["access-analysis", "audit-trail", "budget", "config-recording", "data-access-logging",
  "encryption-keys", "least-privilege", "log-retention", "network-flow-logs", "posture-management",
  "private-data-tier", "public-access-block", "secrets-management", "state-backend", "threat-detection",
  "web-application-firewall"]

[demo]
key_alias = "bank-records"
"""

    @pytest.fixture(scope="class")
    @classmethod
    def contract_plugins(cls, democloud: None) -> Iterator[None]:
        yield


def test_the_plugin_is_listed_only_while_registered(democloud: None) -> None:
    assert "demo" in run_cli("plugins").stdout


def test_its_policy_section_reaches_the_output(democloud: None, tmp_path: Path) -> None:
    policy = tmp_path / "iacf.toml"
    policy.write_text(TestDemocloudContract.policy)
    out = tmp_path / "out"
    res = run_cli("generate", "--spec", str(_spec(tmp_path)), "--out", str(out), "--no-validate",
                  "--policy", str(policy))
    assert res.exit_code == 0, res.stderr
    main = (out / "main.tf").read_text()
    assert len(re.findall(r'key_alias\s+= "bank-records"', main)) == 2, main  # both records, from [demo]
    decisions = (out / "DECISIONS.md").read_text()
    assert re.search(r"\| `password-policy` \| [^|]+ \| not applicable: democloud has no user accounts", decisions)
    assert re.search(r"\| `tagging` \| [^|]+ \| resources and gate `tags` \|", decisions)


def test_a_bad_value_of_its_policy_section_is_refused(democloud: None, tmp_path: Path) -> None:
    policy = tmp_path / "iacf.toml"
    policy.write_text('[demo]\nkey_alias = "Not A Key"\ncolour = "blue"\n')
    res = run_cli("generate", "--spec", str(_spec(tmp_path)), "--out", str(tmp_path / "out"), "--no-validate",
                  "--policy", str(policy))
    assert res.exit_code == 2
    assert "key_alias" in res.stderr and "colour" in res.stderr
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "out").exists()


def _spec(tmp_path: Path) -> Path:
    import json

    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(TestDemocloudContract.samples["spec"]))
    return spec
