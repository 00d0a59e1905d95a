"""The modules the AWS plugin seeds a factory with: publishable structure, and every publish gate passes."""

from __future__ import annotations

import pytest

from iacf_aws.factory import seed_modules
from iacf_aws.plugin import MODULES
from iacf_core.factory.checks import run_gates, structure_problems
from iacf_core.factory.ops import seed_files

SEEDED = sorted({m for names in MODULES.values() for m in names})  # every vendored module


def test_seeded_modules_and_what_they_provide():
    seeds = {s.name: s for s in seed_modules(MODULES)}
    assert sorted(seeds) == SEEDED
    assert seeds["kms_key"].provides == ("encryption_keys",)
    assert seeds["s3_bucket"].provides == ("load_balancer",)
    assert seeds["secret"].provides == ("web_app",)
    assert seeds["state_backend"].provides == ("state_backend",)
    assert seeds["waf"].provides == ("load_balancer",)
    assert seeds["network"].provides == ("network",)
    for seed in seeds.values():
        assert "{{" not in "".join(seed.files.values()), f"{seed.name} is not plain HCL"
        assert any(p.startswith("tests/") and p.endswith(".tftest.hcl") for p in seed.files)
        assert 'mock_provider "aws"' in "".join(t for p, t in seed.files.items() if p.startswith("tests/"))
        manifest, files = seed_files(seed)
        assert manifest.version == "1.0.0"
        assert structure_problems(files)[0] == []


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xdist_group(f"factory-seed-{n}")) for n in SEEDED])
def test_seeded_module_passes_every_publish_gate(name, tmp_path, need_terraform, need_checkov):
    (seed,) = [s for s in seed_modules(MODULES) if s.name == name]
    _, files = seed_files(seed)
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    gates, findings = run_gates(tmp_path, lambda _m: None)
    assert {g.gate: g.status for g in gates} == {"fmt": "passed", "validate": "passed", "test": "passed",
                                                   "checkov": "passed"}, [f.message for f in findings][:10]
    test_gate = next(g for g in gates if g.gate == "test")
    assert test_gate.counts["passed"] >= 2 and test_gate.counts["failed"] == 0
