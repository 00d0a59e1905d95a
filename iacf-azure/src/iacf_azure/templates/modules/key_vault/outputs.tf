output "id" {
  description = "Key Vault id."
  value       = azurerm_key_vault.this.id
}

output "vault_uri" {
  description = "Key Vault URI (https://NAME.vault.azure.net/)."
  value       = azurerm_key_vault.this.vault_uri
}

output "key_ids" {
  description = "Versionless key ids by name (services follow the rotation)."
  value       = { for name, key in azurerm_key_vault_key.this : name => key.versionless_id }
}

output "key_resource_ids" {
  description = "Azure resource ids of the keys by name: scopes of role assignments on one key."
  value       = { for name, key in azurerm_key_vault_key.this : name => key.resource_versionless_id }
}
