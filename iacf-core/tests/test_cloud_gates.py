"""The tag and ingress gate skeletons of the toolkit, with clouds described the way Azure and GCP describe theirs:
no default tags (every taggable resource checked against the schema), ``default_labels``, NSG-like rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iacf_core.kernel.models import Severity
from iacf_core.toolkit.ingress import IngressRules, Opening, as_strings, check_ingress
from iacf_core.toolkit.provider_schema import SchemaAnswer
from iacf_core.toolkit.tags import TagRules, check_tags

REQUIRED = ("Project", "Owner")
NO_DEFAULTS = TagRules(provider="xcloud", source="registry.terraform.io/hashicorp/xcloud")
LABELS = TagRules(provider="gcloud", source="registry.terraform.io/hashicorp/gcloud", attribute="labels",
                  default_tags=("default_labels",))


def schema(*types: str) -> Any:
    return lambda _rules: SchemaAnswer(frozenset(types), "xcloud 1.0 (provider schema, offline)")


def errors(findings: list[Any]) -> list[tuple[str | None, str]]:
    return [(f.resource, f.message) for f in findings if f.severity == Severity.ERROR]


def test_without_default_tags_every_taggable_resource_is_checked(tmp_path: Path) -> None:
    (tmp_path / "modules" / "store").mkdir(parents=True)
    (tmp_path / "main.tf").write_text('''
resource "xcloud_group" "main" {
  tags = { Project = "p", Owner = "o" }
}
resource "xcloud_account" "data" {
  tags = { Project = "p" }
}
resource "xcloud_role" "reader" {
  name = "no tags argument in the schema"
}
''')
    (tmp_path / "modules" / "store" / "main.tf").write_text('''
resource "xcloud_account" "logs" {
  name = "untagged"
}
resource "xcloud_account" "passed_down" {
  tags = var.tags
}
''')
    found = errors(check_tags(tmp_path, NO_DEFAULTS, REQUIRED, schema("xcloud_group", "xcloud_account")))
    assert found == [
        ("xcloud_account.data", "xcloud_account.data tags lack: Owner (taggable per xcloud 1.0 (provider schema, "
                                "offline))"),
        ("xcloud_account.logs", "xcloud_account.logs has no tags (taggable per xcloud 1.0 (provider schema, "
                                "offline))"),
    ]
    (tmp_path / "main.tf").write_text('resource "xcloud_group" "main" {\n  tags = var.tags\n}\n')
    (tmp_path / "modules" / "store" / "main.tf").write_text("")
    (info,) = check_tags(tmp_path, NO_DEFAULTS, REQUIRED, schema("xcloud_group"))
    assert info.severity == Severity.INFO and info.message.startswith("1 taggable resource(s) set tags")


def test_no_schema_is_a_warning_never_a_pass(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "xcloud_group" "main" {}\n')
    (finding,) = check_tags(tmp_path, NO_DEFAULTS, REQUIRED, lambda _rules: None)
    assert finding.severity == Severity.WARNING and finding.check == "iacf.tags.schema"


def test_provider_default_labels_in_every_root_module(tmp_path: Path) -> None:
    (tmp_path / "bootstrap").mkdir()
    (tmp_path / "providers.tf").write_text(
        'provider "gcloud" {\n  default_labels = { Project = "p", Owner = "o" }\n}\n')
    (tmp_path / "bootstrap" / "providers.tf").write_text(
        'provider "gcloud" {\n  default_labels = { Project = "p" }\n}\n')
    assert errors(check_tags(tmp_path, LABELS, REQUIRED, schema())) == [
        (None, "provider gcloud (default) default_labels lack: Owner")]
    (tmp_path / "bootstrap" / "providers.tf").unlink()
    (info,) = check_tags(tmp_path, LABELS, REQUIRED, schema())
    assert info.message == "1 gcloud provider block(s) tag every resource with Project, Owner"
    (tmp_path / "providers.tf").unlink()
    assert check_tags(tmp_path, LABELS, REQUIRED, schema())[0].check == "iacf.tags.no-provider"


def _port(value: Any) -> int | str:
    return int(value) if str(value).isdigit() else str(value)


def _nsg_rule(body: dict[str, Any]) -> list[Opening]:
    if body.get("direction") != "Inbound" or body.get("access") != "Allow":
        return []
    low, _, high = str(body.get("destination_port_range", "*")).partition("-")
    return [Opening(as_strings(body.get("source_address_prefix")), (_port(low), _port(high or low)))]


NSG = IngressRules(readers={"xcloud_nsg_rule": _nsg_rule}, open_sources={"*", "Internet", "0.0.0.0/0"},
                   open_label="the Internet")


def test_ingress_skeleton_reads_the_cloud_rules(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('''
resource "xcloud_nsg_rule" "https" {
  direction              = "Inbound"
  access                 = "Allow"
  source_address_prefix  = "Internet"
  destination_port_range = "443"
}
resource "xcloud_nsg_rule" "ssh" {
  direction              = "Inbound"
  access                 = "Allow"
  source_address_prefix  = "*"
  destination_port_range = "22"
}
resource "xcloud_nsg_rule" "range" {
  direction              = "Inbound"
  access                 = "Allow"
  source_address_prefix  = "0.0.0.0/0"
  destination_port_range = "80-443"
}
resource "xcloud_nsg_rule" "inside" {
  direction              = "Inbound"
  access                 = "Allow"
  source_address_prefix  = "10.0.0.0/8"
  destination_port_range = "*"
}
resource "xcloud_nsg_rule" "deny" {
  direction = "Inbound"
  access    = "Deny"
}
''')
    assert errors(check_ingress(tmp_path, NSG)) == [
        ("xcloud_nsg_rule.ssh", "ingress from the internet on ports 22-22: only 80 and 443 on a public load "
                                "balancer may be open to the Internet"),
        ("xcloud_nsg_rule.range", "ingress from the internet on ports 80-443: only 80 and 443 on a public load "
                                  "balancer may be open to the Internet"),
    ]
    (tmp_path / "main.tf").write_text('resource "xcloud_nsg_rule" "deny" {\n  direction = "Inbound"\n}\n')
    (info,) = check_ingress(tmp_path, NSG)
    assert info.message == "0 ingress rule(s): none open to the internet beyond 80/443"
