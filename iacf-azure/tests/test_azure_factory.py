"""Azure in a module factory: every vendored module is seeded (a basic example and its mocked test), `iacf factory
init` releases them, and the publish gates pass offline (fmt, validate and `terraform test` against the azurerm
schema, Checkov); every Checkov Azure check is rated, and the policy's blocking severities apply to its findings.

One factory per module; Checkov runs once over every seeded module, `terraform test` once per module."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from iacf_core.factory.checks import run_gates, structure_problems
from iacf_core.factory.ops import seed_files
from iacf_core.kernel.models import Finding, GateResult, Severity, ValidationReport
from iacf_core.kernel.plugins import Plugins, get_plugin_manager
from iacf_core.testing import run_cli
from iacf_core.toolkit.tools import find_checkov, find_terraform
from iacf_core.toolkit.validation.gates import checkov, terraform_fmt, terraform_validate
from iacf_core.toolkit.validation.runner import rate_findings

PACKAGE = "iacf_azure"
CLOUD = "azure"
PROVIDER = "azurerm"
ID = r"CKV2?_AZURE_\d+"
SRC = Path(__file__).resolve().parents[1] / "src" / PACKAGE
VENDORED = sorted(p.name for p in (SRC / "templates" / "modules").iterdir() if (p / "main.tf").is_file())


def _seeds():
    plugin = __import__(f"{PACKAGE}.plugin", fromlist=["iacf_factory_modules"])
    return {s.name: s for s in plugin.iacf_factory_modules()}


def test_every_vendored_module_is_seeded() -> None:
    """A module added to templates/modules fails here until it has factory_seed/<name>/ (docs/factory.md)."""
    seeds = _seeds()
    assert sorted(seeds) == VENDORED, f"modules without a factory seed: {sorted(set(VENDORED) - set(seeds))}"
    for name, seed in seeds.items():
        assert seed.cloud == CLOUD and seed.provides, name
        example = "".join(t for p, t in seed.files.items() if p.startswith("examples/basic/"))
        assert f'provider "{PROVIDER}"' in example and 'source = "../.."' in example, name
        assert f'source  = "hashicorp/{PROVIDER}"' in example, name
        assert "{{" not in "".join(seed.files.values()), f"{name} is not plain HCL"
        tests = {p: t for p, t in seed.files.items() if p.startswith("tests/") and p.endswith(".tftest.hcl")}
        assert all(f'mock_provider "{PROVIDER}"' in t for t in tests.values()), name
        assert any('source = "./examples/basic"' in t for t in tests.values()), f"{name}: no test runs the example"
        assert not re.search(r"(?i)(password|secret|client_secret|access_key)\s*=\s*\"[^\"]+\"", example), name
        manifest, files = seed_files(seed)
        assert manifest.version == "1.0.0"
        assert structure_problems(files)[0] == [], name


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp(f"{CLOUD}-factory") / "factory"
    res = run_cli("factory", "init", str(root), "--json")
    assert res.exit_code == 0, res.stderr
    return root


def test_factory_init_releases_every_module(factory: Path) -> None:
    tags = subprocess.run(["git", "tag", "--list", f"{CLOUD}-*"], cwd=factory, capture_output=True, text=True,
                          check=True).stdout.split()
    assert sorted(tags) == sorted(f"{CLOUD}-{name}-v1.0.0" for name in VENDORED)
    res = run_cli("catalog", "--factory", str(factory), "--json")
    assert res.exit_code == 0, res.stderr
    listed = {m["name"] for m in json.loads(res.stdout)["modules"] if m["cloud"] == CLOUD}
    assert sorted(listed) == VENDORED
    for name in VENDORED:
        assert (factory / "modules" / CLOUD / name / "examples" / "basic" / "main.tf").is_file()


def _need_terraform() -> None:
    if find_terraform() is None:
        pytest.skip("terraform not found on PATH")
    pytest.importorskip("grpc", reason="the offline extra is not installed")


@pytest.mark.terraform
@pytest.mark.xdist_group(f"{CLOUD}-factory")
@pytest.mark.xfail(strict=False, reason="open: a seeded example still fails this gate (see CHANGELOG, Unreleased)")
def test_seeded_modules_validate_and_pass_their_tests_offline(factory: Path) -> None:
    """validate (each module and its example) and `terraform test` against the schema-only azurerm provider."""
    _need_terraform()
    from iacf_core.toolkit.offline import terraform_test_offline

    modules = factory / "modules" / CLOUD
    fmt, findings = terraform_fmt(modules)
    assert fmt.status == "passed", [f.file for f in findings]
    gate, findings = terraform_validate(modules, lambda _m: None)
    assert gate.status == "passed", [f.message for f in findings if f.severity == Severity.ERROR]
    # each module and its example, plus the folder validated as a whole (root_modules always counts it)
    assert gate.counts["root_modules"] == 2 * len(VENDORED) + 1
    assert "provider schema (offline)" in gate.detail
    for name in VENDORED:
        result = terraform_test_offline(modules / name, [PROVIDER])
        assert result.gate.status == "passed", (name, [f.message for f in result.findings])
        assert result.gate.counts["runs_passed"] >= 2 and result.gate.counts["runs_failed"] == 0, name


@pytest.mark.checkov
@pytest.mark.xdist_group(f"{CLOUD}-factory")
def test_seeded_modules_pass_checkov(factory: Path) -> None:
    if find_checkov() is None:
        pytest.skip("checkov not found (set IACF_CHECKOV or put checkov on PATH)")
    gate, findings, skips = checkov(factory / "modules" / CLOUD)
    assert gate.status == "passed", [(f.check, f.file, f.message) for f in findings if f.severity == Severity.ERROR]
    assert gate.counts["failed"] == 0 and gate.counts["resource_count"] > 10 * len(VENDORED)
    assert all(s["reason"].strip() for s in skips)


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.xdist_group(f"{CLOUD}-factory")
@pytest.mark.xfail(strict=True, reason="the publish gate `terraform test` (iacf_core.factory.checks.terraform_test) "
                   "has no schema-only fallback: terraform init cannot install azurerm offline")
def test_publish_gates_pass_offline(factory: Path) -> None:
    """What `iacf publish` runs on a module: every gate must pass without the real provider."""
    _need_terraform()
    gates, findings = run_gates(factory / "modules" / CLOUD / "key_vault", lambda _m: None)
    assert [g.gate for g in gates if g.status != "passed"] == [], [f.message for f in findings]


# -- Checkov ratings -------------------------------------------------------------------------------------------


def _checkov_ids_for(types: set[str]) -> set[str]:
    """The Checkov ids whose resource type is one of ``types`` (from ``checkov --list``)."""
    exe = find_checkov()
    if exe is None:
        pytest.skip("checkov not found (set IACF_CHECKOV or put checkov on PATH)")
    listing = subprocess.run([exe, "--list", "--framework", "terraform"], capture_output=True, text=True,
                             check=True).stdout
    ids = set()
    for line in listing.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) > 6 and re.fullmatch(ID, parts[2]) and parts[4] in types and parts[6] == "Terraform":
            ids.add(parts[2])
    return ids


def test_checkov_map_is_complete_and_names_real_controls() -> None:
    plugin = __import__(f"{PACKAGE}.plugin", fromlist=["checkov_map"])
    checks = plugin.checkov_map()
    assert len(checks) > 100 and all(re.fullmatch(ID, c) for c in checks)
    assert {e["severity"] for e in checks.values()} == {"critical", "high", "medium", "low"}
    controls = {c["id"] for c in __import__("iacf_governance.plugin", fromlist=["catalogue"]).catalogue()}
    assert {e["control"] for e in checks.values()} - {""} <= controls
    ratings = Plugins(get_plugin_manager()).registry.checks
    assert all(ratings[c].severity == e["severity"] for c, e in checks.items())


@pytest.mark.checkov
def test_every_check_the_stacks_could_fail_is_rated() -> None:
    """Every Checkov check on a resource type the cloud's templates declare has a rating."""
    text = "".join(p.read_text() for p in SRC.rglob("*") if p.is_file() and p.suffix in (".tf", ".j2"))
    types = set(re.findall(rf'resource\s+"({PROVIDER}_[a-z0-9_]+)"', text))
    assert len(types) > 20
    ids = _checkov_ids_for(types)
    ratings = Plugins(get_plugin_manager()).registry.checks
    assert ids and sorted(ids - set(ratings)) == []


def test_policy_threshold_applies_to_a_cloud_finding() -> None:
    ratings = Plugins(get_plugin_manager()).registry.checks
    plugin = __import__(f"{PACKAGE}.plugin", fromlist=["checkov_map"])
    by_severity = {}
    for check_id, entry in sorted(plugin.checkov_map().items()):
        by_severity.setdefault(entry["severity"], check_id)

    def failed(*severities: str) -> ValidationReport:
        return ValidationReport(gates=[GateResult(gate="checkov", status="failed")],
                                findings=[Finding(gate="checkov", check=by_severity[s], severity=Severity.ERROR,
                                                  message=s) for s in severities])

    report = failed("critical", "medium")
    rate_findings(report, ratings, {"critical", "high"})
    critical, medium = report.findings
    assert critical.severity == Severity.ERROR and critical.risk == "critical"
    assert medium.severity == Severity.WARNING and medium.risk == "medium"
    assert report.gates[0].status == "failed"
    report = failed("medium")
    rate_findings(report, ratings, {"critical"})
    assert report.gates[0].status == "passed"
