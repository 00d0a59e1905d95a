"""The modules the AWS plugin seeds a factory with: publishable structure, and every publish gate passes."""

from __future__ import annotations

import re

import pytest

from iacf_aws.kinds import MODULES
from iacf_core.factory.checks import structure_problems, terraform_test
from iacf_core.factory.ops import seed_files
from iacf_core.testing import factory_suite
from iacf_core.toolkit.layout import factory_seed
from iacf_core.toolkit.validation.gates import checkov, terraform_fmt, terraform_validate


def seed_modules(modules):
    return factory_seed("iacf_aws", "aws", modules)


SEEDED = sorted({m for names in MODULES.values() for m in names})  # every vendored module


def test_seeded_modules_and_what_they_provide():
    seeds = {s.name: s for s in seed_modules(MODULES)}
    assert sorted(seeds) == SEEDED
    assert seeds["kms_key"].provides == ("backup", "encryption_keys", "static_site")
    assert seeds["s3_bucket"].provides == ("load_balancer", "object_storage", "static_site")
    assert seeds["secret"].provides == ("web_app",)
    assert seeds["state_backend"].provides == ("state_backend",)
    assert seeds["waf"].provides == ("load_balancer", "static_site")
    assert seeds["network"].provides == ("network",)
    for seed in seeds.values():
        assert "{{" not in "".join(seed.files.values()), f"{seed.name} is not plain HCL"
        assert any(p.startswith("tests/") and p.endswith(".tftest.hcl") for p in seed.files)
        assert 'mock_provider "aws"' in "".join(t for p, t in seed.files.items() if p.startswith("tests/"))
        manifest, files = seed_files(seed)
        assert manifest.version == "1.0.0"
        assert structure_problems(files)[0] == []


def _write(root, files):
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    """Every seeded module's example in one root, and every module's tests beside it (the kit's factory_suite):
    one init, one validate and one `terraform test` against the real AWS provider reach them all."""
    seeds = tmp_path_factory.mktemp("aws-seeds") / "modules"
    for seed in seed_modules(MODULES):
        _write(seeds / seed.name, seed_files(seed)[1])
    runs = {name: sum(len(re.findall(r'^run "', t.read_text(), re.M))
                      for t in (seeds / name / "tests").glob("*.tftest.hcl")) for name in SEEDED}
    dest = tmp_path_factory.mktemp("aws-suite")
    return dest, factory_suite(seeds, SEEDED, dest), runs


@pytest.mark.terraform
@pytest.mark.xdist_group("factory-seed-0")
@pytest.mark.long
def test_seeded_modules_validate_and_pass_their_tests(suite, need_terraform):
    root, runs, per_module = suite
    assert {name: n for name, n in per_module.items() if n < 2} == {}, "each module's tests hold two runs or more"
    assert runs == sum(per_module.values())
    validate, findings = terraform_validate(root, lambda _m: None)
    assert validate.status == "passed" and validate.counts["root_modules"] == 1, [f.message for f in findings]
    assert "offline" not in validate.detail, "validated against the real AWS provider"
    test, findings = terraform_test(root, lambda _m: None)
    assert test.status == "passed", [f.message for f in findings]
    assert test.counts["passed"] == runs and test.counts["failed"] == 0, test.counts


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.xdist_group("factory-seed-1")
def test_seeded_modules_are_fmt_clean_and_pass_checkov(tmp_path, need_terraform, need_checkov):
    """fmt and Checkov, the other publish gates, once over the whole seeded factory (one Checkov start)."""
    for seed in seed_modules(MODULES):
        _write(tmp_path / "modules" / seed.cloud / seed.name, seed_files(seed)[1])
    fmt, findings = terraform_fmt(tmp_path)
    assert fmt.status == "passed", [f.file for f in findings]
    gate, findings, skips = checkov(tmp_path)
    assert gate.status == "passed", [(f.check, f.file, f.message) for f in findings if f.severity.value == "error"]
    assert gate.counts["failed"] == 0 and gate.counts["resource_count"] > 150
    assert all(s["reason"].strip() for s in skips)
