"""The module factory end to end, in temporary git repositories, with the real AWS plugin and real gates.

init → catalog → generate uses 1.0.0 → add an optional variable → publish = minor 1.1.0 → publish again = same
pull request → merge → generate uses 1.1.0 (and passes every gate) → remove that variable → publish = major
2.0.0; a bad module and a failed gate are refused with their reasons. Then: a version that renames a resource
carries a moved block, and a project upgrading to it plans no destroy/re-create (on the emulator).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import SEED_DEV

from iacf_core.testing import check_json_output, run_cli

pytestmark = [pytest.mark.terraform, pytest.mark.checkov, pytest.mark.xdist_group("factory")]

OPTIONAL = """
variable "bypass_policy_lockout_safety_check" {
  type        = bool
  description = "Skip the KMS key policy lockout safety check (keep false)."
  default     = false
}
"""


def cli_json(*args: str, code: int = 0) -> dict:
    res = run_cli(*args, "--json")
    assert res.exit_code == code, res.stderr + res.stdout[-2000:]
    data = json.loads(res.stdout)
    if args[0] in ("catalog", "publish", "harvest", "generate"):
        check_json_output(args[0], data)  # the documented contract of each --json output
    return data


@pytest.mark.long
def test_local_round_trip(tmp_path: Path, need_terraform, need_checkov):
    factory = tmp_path / "factory"
    created = cli_json("factory", "init", str(factory))
    kms = next(m for m in created["modules"] if m["module"] == "aws/kms_key")
    assert "encryption_keys" in kms["provides"] and kms["version"] == "1.0.0"
    catalog = {m["module"]: m for m in cli_json("catalog", "--factory", str(factory))["modules"]}
    assert catalog["aws/kms_key"]["latest"] == "1.0.0" and catalog["aws/rds"]["provides"] == ["relational_database"]

    first = cli_json("generate", SEED_DEV, "--out", str(tmp_path / "gen1"), "--factory", str(factory),
                     "--no-validate")
    assert first["factory_modules"]["kms_key"] == "aws-kms_key-v1.0.0"
    assert "Factory modules for keys: aws/kms_key 1.0.0" in (tmp_path / "gen1" / "DECISIONS.md").read_text()

    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(factory), str(work)], check=True)
    module = work / "modules" / "aws" / "kms_key"
    variables = (module / "variables.tf").read_text()
    (module / "variables.tf").write_text(variables + OPTIONAL)
    minor = cli_json("publish", str(module), "--factory", str(factory))
    assert (minor["bump"], minor["version"], minor["pr"], minor["created"]) == ("minor", "1.1.0", 1, True)
    assert {g["gate"]: g["status"] for g in minor["gates"]} == {
        "fmt": "passed", "validate": "passed", "test": "passed", "checkov": "passed"}
    again = cli_json("publish", str(module), "--factory", str(factory))
    assert (again["pr"], again["version"], again["created"]) == (1, "1.1.0", False)

    merged = cli_json("factory", "merge", str(factory), "1")
    assert merged["tag"] == "aws-kms_key-v1.1.0"
    second = cli_json("generate", SEED_DEV, "--out", str(tmp_path / "gen2"), "--factory", str(factory))
    assert second["factory_modules"]["kms_key"] == "aws-kms_key-v1.1.0"
    # every module of the project comes from the factory (a dev stack needs no backup module)
    assert set(second["factory_modules"]) == {p.name for p in (tmp_path / "gen2" / "modules").iterdir()}
    assert set(second["factory_modules"]) <= {m["module"].rsplit("/", 1)[-1] for m in created["modules"]}
    gates = {g["gate"]: g for g in second["gates"]}
    assert all(g["status"] == "passed" for g in gates.values()), gates
    assert gates["checkov"]["counts"]["failed"] == 0
    assert "bypass_policy_lockout_safety_check" in (tmp_path / "gen2/modules/kms_key/variables.tf").read_text()
    assert "aws/kms_key 1.1.0" in (tmp_path / "gen2" / "DECISIONS.md").read_text()

    harvested = cli_json("harvest", str(tmp_path / "gen2"), "--factory", str(factory))["modules"]
    assert harvested and {m["status"] for m in harvested} == {"unchanged"}
    network = tmp_path / "gen2" / "modules" / "network" / "main.tf"
    network.write_text(network.read_text() + "# local change\n")
    harvested = cli_json("harvest", str(tmp_path / "gen2"), "--factory", str(factory))["modules"]
    (changed,) = [m for m in harvested if m["status"] != "unchanged"]
    assert (changed["module"], changed["status"], changed["origin"]) == ("aws/network", "changed",
                                                                         "aws-network-v1.0.0")
    assert changed["command"] == f"iacf publish {network.parent} --factory {factory}"

    (module / "variables.tf").write_text(variables)
    major = cli_json("publish", str(module), "--factory", str(factory))
    assert (major["bump"], major["version"], major["pr"]) == ("major", "2.0.0", 2)
    assert major["reasons"] == ["variable bypass_policy_lockout_safety_check removed or renamed"]

    (module / "outputs.tf").write_text((module / "outputs.tf").read_text().replace(
        '  description = "ARN of the KMS key."\n', ""))
    bad = cli_json("publish", str(module), "--factory", str(factory), code=1)
    assert bad["reasons"] == ["output key_arn has no description"]

    subprocess.run(["git", "checkout", "-q", "--", "."], cwd=work, check=True)
    main = module / "main.tf"
    main.write_text(main.read_text().replace("enable_key_rotation      = true", "enable_key_rotation      = false"))
    failed = cli_json("publish", str(module), "--factory", str(factory), code=1)
    assert any(r.startswith("test: terraform.test") and "rotation" in r for r in failed["reasons"]), failed["reasons"]
    assert any("CKV_AWS_7" in r for r in failed["reasons"]), failed["reasons"]
    assert {g["gate"]: g["status"] for g in failed["gates"]}["test"] == "failed"


# -- moved blocks -----------------------------------------------------------------------------------------


TINY_MAIN = """\
resource "aws_s3_bucket" "this" {
  bucket = var.name
}
"""
TINY_VARIABLES = """\
variable "name" {
  type        = string
  description = "Bucket name."
}
"""
TINY_OUTPUTS = """\
output "id" {
  description = "Bucket name."
  value       = aws_s3_bucket.this.id
}
"""
TINY_VERSIONS = """\
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }
}
"""


@pytest.mark.emulator
@pytest.mark.long
def test_renamed_resource_carries_a_moved_block_and_upgrades_in_place(tmp_path: Path, moto_endpoint):
    from iacf_aws.emulator import override_tf
    from iacf_core.factory import FactoryModuleSource
    from iacf_core.factory.backends import LocalGitBackend
    from iacf_core.factory.ops import PublishRefused, init_factory, publish
    from iacf_core.toolkit.tools import run, terraform_setup

    files = {"main.tf": TINY_MAIN, "variables.tf": TINY_VARIABLES, "outputs.tf": TINY_OUTPUTS,
             "versions.tf": TINY_VERSIONS, "README.md": "# tiny_bucket\n\nOne bucket, for the upgrade test.\n",
             "examples/basic/main.tf": 'module "b" {\n  source = "../.."\n\n  name = "x"\n}\n',
             "tests/defaults.tftest.hcl": 'mock_provider "aws" {}\n\nrun "plan" {\n  command = plan\n}\n'}
    factory = tmp_path / "factory"
    init_factory(factory, [FactoryModuleSource("aws", "tiny_bucket", ("object_storage",), files)])
    backend = LocalGitBackend(factory)

    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(factory), str(work)], check=True)
    module = work / "modules" / "aws" / "tiny_bucket"
    (module / "main.tf").write_text(TINY_MAIN.replace('"this"', '"main"'))
    (module / "outputs.tf").write_text(TINY_OUTPUTS.replace("aws_s3_bucket.this", "aws_s3_bucket.main"))
    with pytest.raises(PublishRefused, match="without a moved block"):
        publish(module, backend, lambda _m: None, gates=False)
    (module / "main.tf").write_text(TINY_MAIN.replace('"this"', '"main"')
                                    + "\nmoved {\n  from = aws_s3_bucket.this\n  to   = aws_s3_bucket.main\n}\n")
    result = publish(module, backend, lambda _m: None, gates=False)
    assert (result.bump, result.version) == ("patch", "1.0.1")
    backend.merge(result.pr)

    project = tmp_path / "project"
    project.mkdir()
    source = backend.source_url("aws", "tiny_bucket", "1.0.0")
    (project / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-3"\n}\n\n'
        f'module "assets" {{\n  source = "{source}"\n\n  name = "iacf-upgrade-test"\n}}\n')
    (project / "zz_emulator_override.tf").write_text(override_tf(moto_endpoint))
    setup = terraform_setup()
    assert setup is not None
    env = {**setup.env, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_ENDPOINT_URL": moto_endpoint, "AWS_DEFAULT_REGION": "eu-west-3"}

    def tf(*args: str) -> subprocess.CompletedProcess[str]:
        proc = run([setup.executable, *args, "-no-color"], project, env)
        assert proc.returncode in (0, 2), proc.stderr + proc.stdout
        return proc

    tf("init", "-input=false")
    tf("apply", "-input=false", "-auto-approve")
    (project / "main.tf").write_text((project / "main.tf").read_text().replace(
        "tiny_bucket-v1.0.0", "tiny_bucket-v1.0.1"))
    tf("init", "-input=false")
    tf("plan", "-input=false", "-out=upgrade.plan")
    plan = json.loads(tf("show", "-json", "upgrade.plan").stdout)
    changes = {c["address"]: c for c in plan["resource_changes"]}
    moved = changes["module.assets.aws_s3_bucket.main"]
    assert moved["previous_address"] == "module.assets.aws_s3_bucket.this"
    assert all(c["change"]["actions"] in (["no-op"], ["update"]) for c in changes.values()), \
        {a: c["change"]["actions"] for a, c in changes.items()}


# -- publishing from a project, and a brand-new module ------------------------------------------------------


@pytest.mark.long
def test_publish_from_projects_and_a_new_module(tmp_path: Path, need_terraform, need_checkov):
    """A module edited in a generated project (built-in modules, then factory modules) is published in one
    command; a new module starts from `iacf module init` and is released as 1.0.0."""
    from iacf_core.factory.backends import LocalGitBackend
    from iacf_core.factory.ops import publish

    factory = tmp_path / "factory"
    cli_json("factory", "init", str(factory))

    plain = tmp_path / "plain"  # the plugin's built-in modules; the manifest records what they were
    cli_json("generate", SEED_DEV, "--out", str(plain), "--no-validate")
    assert not (plain / "modules/kms_key/tests").exists()  # the project holds what runs, no more
    kms = plain / "modules" / "kms_key"
    (kms / "variables.tf").write_text((kms / "variables.tf").read_text() + OPTIONAL)
    minor = cli_json("publish", str(kms), "--factory", str(factory))
    assert (minor["bump"], minor["version"], minor["pr"]) == ("minor", "1.1.0", 1)
    assert minor["restored_from"] == "aws-kms_key-v1.0.0"
    assert {"CHANGELOG.md", "iacf-module.yaml", "examples/basic/main.tf"} <= set(minor["restored"])
    assert {g["gate"]: g["status"] for g in minor["gates"]} == {
        "fmt": "passed", "validate": "passed", "test": "passed", "checkov": "passed"}
    assert sorted(p.name for p in kms.iterdir()) == ["README.md", "main.tf", "outputs.tf", "variables.tf",
                                                     "versions.tf"]

    reused = tmp_path / "reused"  # modules vendored from the factory: found by their release tag
    cli_json("generate", SEED_DEV, "--out", str(reused), "--no-validate", "--factory", str(factory))
    network = reused / "modules" / "network"
    (network / "variables.tf").write_text((network / "variables.tf").read_text() + (
        '\nvariable "extra_tags" {\n  type        = map(string)\n'
        '  description = "Tags added to the VPC besides the default tags."\n  default     = {}\n}\n'))
    backend = LocalGitBackend(factory)
    result = publish(network, backend, lambda _m: None, gates=False)  # the gated path is proven above
    assert (result.module, result.bump, result.version) == ("aws/network", "minor", "1.1.0")
    assert result.restored_from == "aws-network-v1.0.0" and "tests/defaults.tftest.hcl" in result.restored
    branch = backend.tree_files("publish/aws-network-v1.1.0", "modules/aws/network")
    assert "examples/basic/main.tf" in branch and branch["CHANGELOG.md"].startswith("# Changelog\n\n## 1.1.0")

    inbox = tmp_path / "work" / "inbox"
    created = cli_json("module", "init", str(inbox), "--cloud", "aws", "--provides", "queue")
    assert created["module"] == "aws/inbox"
    refused = cli_json("publish", str(inbox), "--factory", str(factory), code=1)
    assert refused["reasons"] == ["main.tf still holds the placeholder written by iacf module init: replace it "
                                  "with the module's resources"]
    (inbox / "main.tf").write_text(
        'resource "aws_sqs_queue" "this" {\n  name                              = var.name\n'
        '  kms_master_key_id                 = var.kms_key_arn\n  kms_data_key_reuse_period_seconds = 300\n'
        '  tags                              = var.tags\n}\n')
    (inbox / "variables.tf").write_text((inbox / "variables.tf").read_text() + (
        '\nvariable "kms_key_arn" {\n  type        = string\n'
        '  description = "ARN of the customer-managed KMS key encrypting the messages."\n}\n'))
    key = 'kms_key_arn = "arn:aws:kms:eu-west-3:123456789012:key/x"'
    for rel in ("examples/basic/main.tf", "tests/defaults.tftest.hcl"):  # pass the new input, aligned for fmt
        text = (inbox / rel).read_text()
        (inbox / rel).write_text(re.sub(r'(\n[ \t]+)name( +)= "([^"]+)"\n', rf'\1name        = "\3"\1{key}\n', text,
                                        count=1))
    first = cli_json("publish", str(inbox), "--factory", str(factory))
    assert (first["module"], first["bump"], first["version"], first["restored"]) == ("aws/inbox", "initial",
                                                                                     "1.0.0", [])
    assert {g["gate"]: g["status"] for g in first["gates"]} == {
        "fmt": "passed", "validate": "passed", "test": "passed", "checkov": "passed"}
