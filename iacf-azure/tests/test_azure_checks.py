"""The Azure gates catch what they are for, on planted configurations."""

from __future__ import annotations

from pathlib import Path

from iacf_azure.checks import STATE_SECRETS, check_ingress, check_roles, check_state_secrets, check_storage


def _errors(findings: list) -> list[str]:
    return [f.message for f in findings if f.severity.value == "error"]


def _write(tmp_path: Path, text: str, name: str = "main.tf") -> Path:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text)
    return tmp_path


def test_ingress_refuses_ssh_from_the_internet_and_accepts_https(tmp_path: Path) -> None:
    _write(tmp_path, """
resource "azurerm_network_security_rule" "ssh" {
  direction = "Inbound"
  access = "Allow"
  source_address_prefix = "Internet"
  destination_port_range = "22"
}
resource "azurerm_network_security_rule" "https" {
  direction = "Inbound"
  access = "Allow"
  source_address_prefix = "*"
  destination_port_range = "443"
}
resource "azurerm_network_security_rule" "deny" {
  direction = "Inbound"
  access = "Deny"
  source_address_prefix = "*"
  destination_port_range = "*"
}
""")
    errors = _errors(check_ingress(tmp_path))
    assert len(errors) == 1 and "22-22" in errors[0]


def test_roles_gate_refuses_owner_subscription_scope_outsiders_and_unconditioned_rbac_admin(tmp_path: Path) -> None:
    _write(tmp_path, """
resource "azurerm_role_assignment" "owner" {
  scope = azurerm_resource_group.main.id
  role_definition_name = "Owner"
  principal_id = azurerm_user_assigned_identity.app.principal_id
}
resource "azurerm_role_assignment" "sub" {
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_name = "Reader"
  principal_id = azurerm_user_assigned_identity.app.principal_id
}
resource "azurerm_role_assignment" "outsider" {
  scope = azurerm_key_vault.this.id
  role_definition_name = "Key Vault Secrets User"
  principal_id = "11111111-2222-3333-4444-555555555555"
}
resource "azurerm_role_assignment" "rbac" {
  scope = azurerm_resource_group.main.id
  role_definition_name = "Role Based Access Control Administrator"
  principal_id = azurerm_user_assigned_identity.app.principal_id
}
resource "azurerm_role_assignment" "fine" {
  scope = "${azurerm_key_vault.this.id}/secrets/app"
  role_definition_name = "Key Vault Secrets User"
  principal_id = azurerm_user_assigned_identity.app.principal_id
}
resource "azurerm_role_definition" "god" {
  name = "god"
  scope = azurerm_resource_group.main.id
  permissions {
    actions = ["*"]
  }
}
""")
    errors = "\n".join(_errors(check_roles(tmp_path)))
    assert "owner grants Owner" in errors
    assert "sub grants Reader on the whole subscription" in errors
    assert "outsider names a principal outside the project" in errors
    assert "rbac lets its principal assign any role" in errors
    assert "god is a custom role allowing every action" in errors
    assert "fine" not in errors


def test_roles_gate_reads_the_roles_a_for_each_grants(tmp_path: Path) -> None:
    _write(tmp_path, """
resource "azurerm_role_assignment" "sub" {
  for_each = toset(["Reader", "Owner"])
  scope = local.sub
  role_definition_name = each.key
  principal_id = azurerm_user_assigned_identity.apply.principal_id
}
""", "bootstrap/ci.tf")
    errors = _errors(check_roles(tmp_path))
    assert any("grants Owner" in e for e in errors) and not any("grants Reader" in e for e in errors)


def test_storage_gate_refuses_shared_keys_and_public_access(tmp_path: Path) -> None:
    _write(tmp_path, """
resource "azurerm_storage_account" "open" {
  shared_access_key_enabled = true
  allow_nested_items_to_be_public = true
  min_tls_version = "TLS1_0"
  https_traffic_only_enabled = true
}
resource "azurerm_storage_container" "c" {
  container_access_type = "blob"
}
""")
    errors = "\n".join(_errors(check_storage(tmp_path)))
    for what in ("shared keys off", "no anonymous blob access", "TLS 1.2 minimum", "public network off",
                 "azurerm_storage_container.c is public"):
        assert what in errors, what


def test_secrets_in_state_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, """
resource "azurerm_key_vault_secret" "s" {
  name = "s"
  value = var.value
}
data "azurerm_key_vault_secret" "read" {
  name = "s"
}
resource "azurerm_postgresql_flexible_server" "db" {
  administrator_password = var.password
}
""")
    errors = _errors(check_state_secrets(tmp_path, STATE_SECRETS))
    assert len(errors) == 3


def test_tags_gate_checks_the_tags_the_root_passes_down(tmp_path: Path) -> None:
    from iacf_azure.checks import _check_local_tags

    _write(tmp_path, """
locals {
  tags = {
    Project = "p"
    Owner   = "o"
  }
}
module "net" {
  source = "./modules/network"
  tags   = { Project = "p" }
}
""")
    errors = _errors(_check_local_tags(tmp_path, ("Project", "Environment", "Owner")))
    assert errors == ["local.tags lacks Environment", "module net is given {'Project': 'p'}, not local.tags"]
