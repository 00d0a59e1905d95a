# A caller creates certificates and secrets in the vault, or grants roles on them: it gets the vault once the
# deployer's data-plane roles exist and its private endpoint answers, never right after the vault alone
output "id" {
  description = "Key Vault id, known once the deployer's data-plane roles and the private endpoint exist."
  value       = azurerm_key_vault.this.id
  depends_on  = [azurerm_role_assignment.deployer, azurerm_private_endpoint.vault]
}

output "vault_uri" {
  description = "Key Vault URI (https://NAME.vault.azure.net/), known once the vault's data plane is reachable."
  value       = azurerm_key_vault.this.vault_uri
  depends_on  = [azurerm_role_assignment.deployer, azurerm_private_endpoint.vault]
}

output "key_ids" {
  description = "Versionless key ids by name (services follow the rotation)."
  value       = { for name, key in azurerm_key_vault_key.this : name => key.versionless_id }
}

output "key_resource_ids" {
  description = "Azure resource ids of the keys by name: scopes of role assignments on one key."
  value       = { for name, key in azurerm_key_vault_key.this : name => key.resource_versionless_id }
}
