"""Offline provider validation against the real binding packages: the aws stub gives the verdict of the real aws
provider (planted mistakes, generated stacks); the azurerm and google stubs validate and mock-test small configs.

The schemas are downloaded once per machine (pip) and cached; without a package index the tests say so and skip.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iacf_core.kernel.models import Finding, Severity
from iacf_core.testing import run_cli
from iacf_core.toolkit.offline import (
    OFFLINE_LABEL,
    ProviderSchema,
    SchemaError,
    build_schema,
    types_with_argument,
    validate_offline,
)
from iacf_core.toolkit.offline import terraform_test_offline as run_terraform_test
from iacf_core.toolkit.tools import run, terraform_setup
from iacf_core.toolkit.validation.gates import terraform_validate

pytestmark = [pytest.mark.terraform]


def _schema(name: str) -> ProviderSchema:
    pytest.importorskip("grpc", reason="the iacf-core[offline] extra is not installed")
    try:
        return build_schema(name)
    except SchemaError as exc:
        if "cannot download" in str(exc):
            pytest.skip(f"schema package of {name} not downloadable here: {exc}")
        raise


@pytest.fixture(scope="session")
def aws_schema(need_terraform: None) -> ProviderSchema:
    return _schema("aws")


def _errors(findings: list[Finding]) -> set[tuple[str, int | None, str]]:
    return {(f.file or "", f.line, f.message) for f in findings if f.severity == Severity.ERROR}


PLANTED = """\
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }
}

provider "aws" {
  region = "eu-west-3"
}

resource "aws_s3_bucket" "misspelled" {
  buckett = "iacf-planted"
}

resource "aws_s3_bucket_versioning" "missing_required" {
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bukcet" "unknown_type" {
  bucket = "iacf-planted"
}

resource "aws_sqs_queue" "wrong_type" {
  name                      = "planted"
  message_retention_seconds = "four days"
}

resource "aws_s3_bucket" "read_only" {
  bucket = "iacf-planted-ro"
  arn    = "arn:aws:s3:::iacf-planted-ro"
}

resource "aws_s3_bucket_policy" "undeclared" {
  bucket = aws_s3_bucket.nowhere.id
  policy = "{}"
}

resource "aws_s3_bucket_versioning" "too_many_blocks" {
  bucket = "iacf-planted"
  versioning_configuration {
    status = "Enabled"
  }
  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "nested_misspelled" {
  bucket = "iacf-planted"
  rule {
    id      = "expire"
    statuss = "Enabled"
  }
}
"""

EXPECTED_PLANTED = {
    (15, "Unsupported argument"),  # buckett
    (18, "Missing required argument"),  # bucket
    (24, "Invalid resource type"),
    (30, "Incorrect attribute value type"),  # a number required
    (35, "Value for unconfigurable attribute"),  # arn is read-only
    (39, "Reference to undeclared resource"),
    (48, "Too many versioning_configuration blocks"),
    (55, "Missing required argument"),  # rule.status
    (57, "Unsupported argument"),  # rule.statuss
}


def test_aws_stub_same_verdict_as_real_provider_on_planted_mistakes(aws_schema: ProviderSchema,
                                                                    tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(PLANTED)
    real_gate, real = terraform_validate(tmp_path, lambda _m: None)
    stub = validate_offline(tmp_path, ["aws"])
    assert real_gate.status == stub.gate.status == "failed"
    assert _errors(stub.findings) == _errors(real)
    assert {(line, message.split(":")[0]) for _f, line, message in _errors(stub.findings)} == EXPECTED_PLANTED
    assert stub.gate.detail.startswith(OFFLINE_LABEL) and "aws 5.99.1" in stub.gate.detail


def test_aws_schema_file_reads_like_the_real_provider_schema(aws_schema: ProviderSchema, tmp_path: Path) -> None:
    """The built schema.json answers "which types have tags" as `terraform providers schema -json` does."""
    setup = terraform_setup()
    assert setup is not None
    (tmp_path / "main.tf").write_text(PLANTED.split("provider ")[0])
    assert run([setup.executable, "init", "-backend=false", "-no-color"], tmp_path, setup.env).returncode == 0
    proc = run([setup.executable, "providers", "schema", "-json"], tmp_path, setup.env)
    real = json.loads(proc.stdout)
    built = json.loads(aws_schema.schema_path.read_text())
    real_tagged, built_tagged = types_with_argument(real, "tags"), types_with_argument(built, "tags")
    assert len(built_tagged) > 700
    assert built_tagged <= real_tagged
    newer = set(next(iter(real["provider_schemas"].values()))["resource_schemas"]) - set(
        aws_schema.load()["resource_schemas"])
    assert real_tagged - built_tagged <= newer  # only types added after the binding's release


def test_validate_gate_falls_back_to_the_schema_when_terraform_cannot_install_the_provider(
        aws_schema: ProviderSchema, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The validate gate itself: with a CLI configuration whose only mirror is empty, terraform init cannot install
    aws; the gate validates against the schema-only provider, says so, and reaches the real provider's verdict."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.tf").write_text(PLANTED)
    real_gate, real = terraform_validate(project, lambda _m: None)
    assert OFFLINE_LABEL not in real_gate.detail  # the mirror holds aws: the real one
    empty = tmp_path / "empty-mirror"
    empty.mkdir()
    config = tmp_path / "terraformrc"
    config.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{empty}"\n  }}\n}}\n')
    monkeypatch.delenv("IACF_TF_PLUGIN_MIRROR", raising=False)
    monkeypatch.setenv("TF_CLI_CONFIG_FILE", str(config))
    seen: list[str] = []
    gate, offline = terraform_validate(project, seen.append)
    assert gate.status == real_gate.status == "failed"
    assert gate.detail.startswith(OFFLINE_LABEL) and "aws 5.99.1" in gate.detail
    assert _errors(offline) == _errors(real)
    assert any("cannot install aws" in message for message in seen)
    assert {f.check for f in offline if f.severity == Severity.ERROR} == {"terraform.validate.offline"}
    assert json.loads(gate.model_dump_json())["detail"].startswith(OFFLINE_LABEL)  # what --json prints


def test_tag_gate_reads_taggable_types_from_the_real_provider_else_offline(
        aws_schema: ProviderSchema, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from iacf_core.toolkit.provider_schema import resource_types_with

    monkeypatch.setenv("IACF_CACHE_DIR", str(tmp_path / "cache"))  # the real schema's answer is cached here
    (tmp_path / "cache" / "provider-schemas").mkdir(parents=True)
    (tmp_path / "cache" / "provider-schemas" / aws_schema.directory.name).symlink_to(aws_schema.directory)
    real = resource_types_with("aws", "registry.terraform.io/hashicorp/aws", "tags")
    assert real is not None and real.origin.endswith("(terraform providers schema)")
    assert {"aws_s3_bucket", "aws_kms_key"} <= real.types and "aws_s3_bucket_policy" not in real.types
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("IACF_TF_PLUGIN_MIRROR", str(empty))  # no mirror: the offline schema answers
    offline = resource_types_with("aws", "registry.terraform.io/hashicorp/aws", "tags")
    assert offline is not None and offline.origin == "aws 5.99.1 (provider schema, offline)"
    assert offline.types <= real.types and len(offline.types) > 700


KIND_STACK = "Un bucket S3 qui déclenche une fonction Lambda qui publie sur un topic SNS en staging sur AWS"


@pytest.mark.parametrize("stack", ["prod", "dev", "events"])
def test_aws_stub_same_verdict_as_real_provider_on_generated_stacks(aws_schema: ProviderSchema, generated,
                                                                    stack: str, tmp_path: Path) -> None:
    project = generated.get(stack)
    if project is None:
        project = tmp_path / stack
        assert run_cli("generate", KIND_STACK, "--out", str(project), "--no-validate").exit_code == 0
    real_gate, real = terraform_validate(project, lambda _m: None)
    stub = validate_offline(project, ["aws"])
    assert real_gate.status == "passed", _errors(real)
    assert stub.gate.status == "passed", _errors(stub.findings)
    assert stub.gate.counts["root_modules"] == real_gate.counts["root_modules"]
    # the generated code asks for aws >= 5.100.0: the run pins the schema's 5.99.1 and says so
    assert any("pinned to 5.99.1" in note for note in stub.notes)


AZURERM = """\
terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}

provider "azurerm" {
  features {}
}

variable "tags" {
  type    = map(string)
  default = { owner = "platform" }
}

resource "azurerm_resource_group" "main" {
  name     = "rg-iacf-offline"
  location = "francecentral"
  tags     = var.tags
}

resource "azurerm_storage_account" "data" {
  name                            = "stiacfoffline"
  resource_group_name             = azurerm_resource_group.main.name
  location                        = azurerm_resource_group.main.location
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  public_network_access_enabled   = false
  shared_access_key_enabled       = false
  allow_nested_items_to_be_public = false
  min_tls_version                 = "TLS1_2"
  tags                            = var.tags
}
"""

GOOGLE = """\
terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 7.0"
    }
  }
}

provider "google" {
  project        = "iacf-offline"
  region         = "europe-west9"
  default_labels = { owner = "platform" }
}

resource "google_storage_bucket" "data" {
  name                        = "iacf-offline-data"
  location                    = "EUROPE-WEST9"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  labels                      = { environment = "prod" }
  versioning {
    enabled = true
  }
}
"""

MOCK_TEST = """\
mock_provider "azurerm" {}

run "storage_is_private_and_tagged" {
  command = plan

  assert {
    condition     = azurerm_storage_account.data.public_network_access_enabled == false
    error_message = "the storage account is not reachable from the internet"
  }

  assert {
    condition     = azurerm_storage_account.data.tags["owner"] == "platform"
    error_message = "the storage account carries the mandatory tags"
  }
}
"""


@pytest.mark.parametrize(("provider", "config", "typo", "fixed"), [
    ("azurerm", AZURERM, '  name     = "rg-iacf-offline"', "The argument \"name\" is required"),
    ("google", GOOGLE, '  location                    = "EUROPE-WEST9"', "The argument \"location\" is required"),
], ids=["azurerm", "google"])
def test_azurerm_and_google_stubs_validate_and_refuse_a_misspelled_argument(
        need_terraform: None, provider: str, config: str, typo: str, fixed: str, tmp_path: Path) -> None:
    schema = _schema(provider)
    (tmp_path / "main.tf").write_text(config)
    good = validate_offline(tmp_path, [provider])
    assert good.ok, _errors(good.findings)
    assert f"{provider} {schema.version}" in good.gate.detail and OFFLINE_LABEL in good.gate.detail
    name, _, value = typo.partition("=")
    misspelled = name.replace(name.strip(), name.strip()[:-1] + "x" + name.strip()[-1])
    (tmp_path / "main.tf").write_text(config.replace(typo, misspelled + "=" + value))
    bad = validate_offline(tmp_path, [provider])
    messages = sorted(message for _f, _l, message in _errors(bad.findings))
    assert len(messages) == 2, messages
    assert fixed in messages[0] and messages[1].startswith("Unsupported argument")


def test_azurerm_stub_runs_terraform_test_with_mock_provider(need_terraform: None, tmp_path: Path) -> None:
    _schema("azurerm")
    (tmp_path / "tests").mkdir()
    (tmp_path / "main.tf").write_text(AZURERM)
    (tmp_path / "tests" / "storage.tftest.hcl").write_text(MOCK_TEST)
    result = run_terraform_test(tmp_path, ["azurerm"])
    assert result.ok, _errors(result.findings)
    assert result.gate.counts["runs_passed"] == 1
