"""Offline provider validation: schema extraction, the wire format, and the schema-only provider under Terraform.

Everything here runs on a small binding wheel written by the test (no download); the real provider packages
are exercised by ``tests/test_offline_providers.py``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from offline_fixtures import DEMO, DEMO_VERSION, write_wheel

from iacf_core.toolkit.offline import OFFLINE_LABEL, SchemaError, build_schema, validate_offline, wire
from iacf_core.toolkit.offline import terraform_test_offline as run_terraform_test
from iacf_core.toolkit.offline.constraints import OVERRIDE_FILE, allows, pin_versions
from iacf_core.toolkit.offline.packages import package_for
from iacf_core.toolkit.offline.readonly import violations
from iacf_core.toolkit.tools import terraform_setup

EXPECTED_THING = {
    "attributes": {
        "arn": {"type": "string", "computed": True},
        "endpoints": {"type": ["list", ["object", {"address": "string", "port": "number"}]], "computed": True},
        "id": {"type": "string", "optional": True, "computed": True},
        "name": {"type": "string", "required": True},
        "password_wo": {"type": "string", "optional": True, "write_only": True},
        "policy": {"type": "dynamic", "optional": True},
        "ports": {"type": ["set", "number"], "optional": True},
        "tags": {"type": ["map", "string"], "optional": True},
    },
    "block_types": {
        "config": {"nesting_mode": "list", "min_items": 1, "max_items": 1,
                   "block": {"attributes": {"mode": {"type": "string", "optional": True}}}},
        "rule": {"nesting_mode": "set", "block": {"attributes": {
            "priority": {"type": "number", "required": True}, "status": {"type": "string", "computed": True}}}},
        "timeouts": {"nesting_mode": "single",
                     "block": {"attributes": {"create": {"type": "string", "optional": True}}}},
    },
}


@pytest.fixture
def demo_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache and a wheelhouse holding the demo binding: nothing is downloaded."""
    house = tmp_path / "wheelhouse"
    write_wheel(house)
    monkeypatch.setenv("IACF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("IACF_SCHEMA_WHEELHOUSE", str(house))
    return house


def test_extracts_terraform_schema_shape(demo_env: Path) -> None:
    built = build_schema(DEMO)
    document = json.loads(built.schema_path.read_text())
    assert list(document) == ["format_version", "provider_schemas"]
    provider = document["provider_schemas"]["registry.terraform.io/hashicorp/demo"]
    assert provider["resource_schemas"]["demo_thing"]["block"] == EXPECTED_THING
    # `alias` is a meta-argument of the provider class, not part of the provider's schema
    assert provider["provider"]["block"] == {"attributes": {"region": {"type": "string", "optional": True}}}
    assert (built.provider, built.version) == ("demo", DEMO_VERSION)
    assert built.source == "registry.terraform.io/hashicorp/demo"
    assert built.opaque == {"resource_schemas": {"demo_thing": ["policy"]}}
    assert built.meta["counts"] == {"resource_schemas": 1, "data_source_schemas": 0, "ephemeral_resource_schemas": 0}


def test_schema_is_built_once_and_deterministic(demo_env: Path, tmp_path: Path) -> None:
    first = build_schema(DEMO)
    text = first.schema_path.read_bytes()
    stamp = first.schema_path.stat().st_mtime_ns
    assert build_schema(DEMO).schema_path.stat().st_mtime_ns == stamp  # read from the cache
    rebuilt = build_schema(DEMO, force=True, wheel=write_wheel(tmp_path / "again"))
    assert rebuilt.schema_path.read_bytes() == text
    assert rebuilt.directory.parent.glob("iacf-demo-binding-*") and len(
        list(rebuilt.directory.parent.glob("iacf-demo-binding-*"))) == 1


def test_unknown_provider_and_missing_wheel_are_clear(demo_env: Path, tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="no schema package known for provider 'nope'"):
        build_schema("nope")
    with pytest.raises(SchemaError, match="cannot read"):
        build_schema(DEMO, force=True, wheel=tmp_path / "missing.whl")
    assert package_for("azurerm").requirement == "cdktn-provider-azurerm==17.0.0"


def test_wire_encoding_of_a_schema() -> None:
    schema = {"version": 2, "block": EXPECTED_THING}
    fields = dict(wire.fields(wire.encode_schema(schema)))
    assert fields[1] == 2
    block = list(wire.fields(fields[2]))
    attrs = [dict(wire.fields(v)) for n, v in block if n == 2]
    by_name = {a[1].decode(): a for a in attrs}
    assert sorted(by_name) == sorted(EXPECTED_THING["attributes"])
    assert json.loads(by_name["ports"][2]) == ["set", "number"]
    assert by_name["name"][4] == 1 and 5 not in by_name["name"]  # required, not optional
    assert by_name["password_wo"][11] == 1  # write_only (protocol 6.8)
    nested = {dict(wire.fields(v))[1].decode(): dict(wire.fields(v)) for n, v in block if n == 3}
    assert nested["config"][3] == 2 and nested["config"][4] == 1 and nested["config"][5] == 1  # LIST, min, max
    assert nested["timeouts"][3] == 1  # SINGLE
    # a later map entry with the same key replaces an earlier one when Terraform decodes the response
    entry = dict(wire.fields(wire.schema_entry("ephemeral_resource_schemas", "demo_x", schema)))
    assert list(entry) == [8]


@pytest.mark.parametrize(("constraint", "version", "ok"), [
    (">= 5.100.0, < 6.0.0", "5.99.1", False), (">= 5.0, < 6.0", "5.99.1", True), ("~> 4.0", "4.81.0", True),
    ("~> 4.0", "5.0.0", False), ("~> 7.46.0", "7.46.1", True), ("~> 7.46.0", "7.47.0", False),
    ("= 1.2.3", "1.2.3", True), ("!= 1.2.3", "1.2.3", False), ("1.2.3", "1.2.4", False),
])
def test_version_constraints(constraint: str, version: str, ok: bool) -> None:
    assert allows(constraint, version) is ok


def test_pins_only_constraints_that_exclude_the_schema(tmp_path: Path) -> None:
    (tmp_path / "modules" / "a").mkdir(parents=True)
    req = 'terraform {{\n  required_providers {{\n    aws = {{\n      source  = "hashicorp/aws"\n' \
          '      version = "{}"\n    }}\n  }}\n}}\n'
    (tmp_path / "versions.tf").write_text(req.format(">= 5.100.0, < 6.0.0"))
    (tmp_path / "modules" / "a" / "versions.tf").write_text(req.format(">= 5.0"))
    notes = pin_versions(tmp_path, {"registry.terraform.io/hashicorp/aws": "5.99.1"})
    assert len(notes) == 1 and "pinned to 5.99.1" in notes[0]
    assert 'version = "5.99.1"' in (tmp_path / OVERRIDE_FILE).read_text()
    assert not (tmp_path / "modules" / "a" / OVERRIDE_FILE).exists()


def test_read_only_attributes_set_are_reported() -> None:
    config = {"name": "x", "arn": "set by hand", "endpoints": None,
              "rule": [{"priority": 1, "status": True}], "config": [{"mode": None}]}
    found = [dict(wire.fields(d)) for d in violations(config, EXPECTED_THING)]
    assert [f[2].decode() for f in found] == ["Value for unconfigurable attribute"] * 2
    assert b'"arn"' in found[0][3] and b'"status"' in found[1][3]
    assert violations({"name": "x", "arn": None}, EXPECTED_THING) == []


@pytest.mark.terraform
def test_schema_only_provider_under_terraform(demo_env: Path, tmp_path: Path) -> None:
    """terraform init + validate with the stub: names, types, required, block counts, read-only attributes,
    references; an argument typed `any` accepts the block structure the configuration writes."""
    if terraform_setup() is None:
        pytest.skip("terraform CLI not found")
    pytest.importorskip("grpc", reason="the iacf-core[offline] extra is not installed")
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.tf").write_text(_DEMO_CONFIG)
    good = validate_offline(project, [DEMO])
    assert good.ok, [f.message for f in good.findings]
    assert good.gate.detail.startswith(OFFLINE_LABEL)
    assert any("demo_thing.policy" in n for n in good.notes)  # said, not hidden
    (project / "bad.tf").write_text(_DEMO_MISTAKES)
    bad = validate_offline(project, [DEMO])
    errors = sorted((f.line, f.message.split(":")[0]) for f in bad.findings if f.severity.value == "error")
    assert errors == [
        (1, "Insufficient config blocks"),
        (1, "Missing required argument"),  # name
        (2, "Unsupported argument"),  # nmae
        (3, "Incorrect attribute value type"),  # ports
        (7, "Value for unconfigurable attribute"),  # arn, refused by the stub itself as provider SDKs do
        (11, "Reference to undeclared resource"),
        (14, "Invalid resource type"),
    ]


@pytest.mark.terraform
def test_terraform_test_with_mock_provider(demo_env: Path, tmp_path: Path) -> None:
    if terraform_setup() is None:
        pytest.skip("terraform CLI not found")
    pytest.importorskip("grpc", reason="the iacf-core[offline] extra is not installed")
    project = tmp_path / "module"
    (project / "tests").mkdir(parents=True)
    (project / "main.tf").write_text(_DEMO_CONFIG)
    (project / "tests" / "thing.tftest.hcl").write_text(_DEMO_TEST)
    result = run_terraform_test(project, [DEMO])
    assert result.ok, [f.message for f in result.findings]
    assert result.gate.counts["runs_passed"] == 1
    (project / "tests" / "thing.tftest.hcl").write_text(_DEMO_TEST.replace('== "a"', '== "b"'))
    failing = run_terraform_test(project, [DEMO])
    assert not failing.ok and failing.gate.counts["runs_failed"] == 1
    shutil.rmtree(project / ".terraform", ignore_errors=True)


_DEMO_CONFIG = """\
terraform {
  required_providers {
    demo = {
      source  = "hashicorp/demo"
      version = "~> 1.0"
    }
  }
}

provider "demo" {
  region = "eu-west-3"
}

resource "demo_thing" "ok" {
  name        = "a"
  ports       = [80, 443]
  tags        = { owner = "platform" }
  password_wo = "not stored"
  config {
    mode = "strict"
  }
  rule {
    priority = 1
  }
  policy {
    statement {
      effect  = "Allow"
      actions = ["read"]
    }
  }
}

output "first_endpoint" {
  value = demo_thing.ok.endpoints[0].address
}
"""

_DEMO_MISTAKES = """resource "demo_thing" "bad" {
  nmae  = "x"
  ports = { not = "a set" }
}
resource "demo_thing" "read_only" {
  name = "x"
  arn  = "arn:demo:thing/x"
  config {}
}
resource "demo_thing" "dangling" {
  name = demo_thing.nowhere.id
  config {}
}
resource "demo_thingy" "unknown" {}
"""

_DEMO_TEST = """\
mock_provider "demo" {
  mock_resource "demo_thing" {
    defaults = {
      arn = "arn:demo:thing/mock"
    }
  }
}

run "thing_is_named" {
  command = plan

  assert {
    condition     = demo_thing.ok.name == "a"
    error_message = "the thing keeps its name"
  }
}
"""


def test_provider_refuses_what_reaches_the_cloud_and_upgrades_state(demo_env: Path) -> None:
    msgpack = pytest.importorskip("msgpack", reason="the iacf-core[offline] extra is not installed")
    from iacf_core.toolkit.offline.server import REFUSED, SchemaOnlyProvider

    handlers = SchemaOnlyProvider(build_schema(DEMO).directory).handlers()
    for call, field in (("ConfigureProvider", 1), ("PlanResourceChange", 4), ("ApplyResourceChange", 3),
                        ("ReadDataSource", 2), ("OpenEphemeralResource", 1)):
        (number, diagnostic), = wire.fields(handlers[call](b""))
        assert number == field and dict(wire.fields(diagnostic))[2].decode() == REFUSED
    assert handlers["ValidateProviderConfig"](b"") == b""
    raw = json.dumps({"name": "a", "id": "x1", "unknown_old_field": 1, "rule": [{"priority": 2}]}).encode()
    request = wire._str(1, "demo_thing") + wire._int(2, 0) + wire._bytes(3, wire._bytes(1, raw))
    (number, dynamic), = wire.fields(handlers["UpgradeResourceState"](request))
    state = msgpack.unpackb(dict(wire.fields(dynamic))[1])
    assert number == 1 and state["name"] == "a" and state["arn"] is None and "unknown_old_field" not in state
    assert state["rule"] == [{"priority": 2, "status": None}] and state["config"] == []


@pytest.mark.terraform
def test_one_provider_process_serves_every_command_of_a_run(demo_env: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """One schema-only provider per run (TF_REATTACH_PROVIDERS): init, validate in two roots and two concurrent
    validates all answered by the same process, none installed by init; the process and its socket are gone
    when the run ends, also when it ends on an error; without reattach the findings are the same."""
    if terraform_setup() is None:
        pytest.skip("terraform CLI not found")
    pytest.importorskip("grpc", reason="the iacf-core[offline] extra is not installed")
    from concurrent.futures import ThreadPoolExecutor

    from iacf_core.toolkit.offline.validate import offline_terraform

    project = tmp_path / "project"
    (project / "other").mkdir(parents=True)
    (project / "main.tf").write_text(_DEMO_CONFIG)
    (project / "other" / "main.tf").write_text(_DEMO_CONFIG)
    with offline_terraform(project, [DEMO]) as run_:
        assert len(run_.shared) == 1 and not any("each command" in n for n in run_.notes)
        server = run_.shared[0]
        for module in (run_.project, run_.project / "other"):
            assert run_.terraform("init", "-backend=false", "-no-color", cwd=module)[0] == 0
            assert not (module / ".terraform" / "providers").exists()  # reattached: nothing installed
        with ThreadPoolExecutor(2) as pool:
            codes = list(pool.map(lambda m: run_.terraform("validate", "-no-color", cwd=m),
                                  (run_.project, run_.project / "other")))
        assert [c[0] for c in codes] == [0, 0], codes
        assert run_.terraform("validate", "-no-color")[0] == 0  # still served after the others ended
        calls = [line.split() for line in server.log.read_text().splitlines()]
        assert {pid for pid, _ in calls} == {str(server.process.pid)}
        assert sum(1 for _, method in calls if method == "GetProviderSchema") >= 3
        assert server.process.poll() is None
    assert server.process.poll() is not None and not server.socket.exists()

    with offline_terraform(project, [DEMO]) as run_:  # the shared provider dies: Terraform starts its own
        run_.shared[0].process.kill()
        run_.shared[0].process.wait()
        assert run_.terraform("init", "-backend=false", "-no-color")[0] == 0
        assert run_.terraform("validate", "-no-color")[0] == 0 and not run_.shared
        assert any("ended during the run" in n for n in run_.notes)

    with pytest.raises(RuntimeError, match="boom"), offline_terraform(project, [DEMO]) as run_:
        failed = run_.shared[0]
        raise RuntimeError("boom")
    assert failed.process.poll() is not None and not failed.socket.exists()

    (project / "bad.tf").write_text(_DEMO_MISTAKES)
    shared = validate_offline(project, [DEMO])
    monkeypatch.setenv("IACF_OFFLINE_REATTACH", "0")
    per_command = validate_offline(project, [DEMO])
    assert [n for n in per_command.notes if "each command" in n] == [
        "schema-only provider started by Terraform for each command (IACF_OFFLINE_REATTACH=0)"]
    assert [f for f in per_command.findings if "each command" not in f.message] == shared.findings
    assert per_command.gate == shared.gate and shared.gate.counts["errors"] == 7
