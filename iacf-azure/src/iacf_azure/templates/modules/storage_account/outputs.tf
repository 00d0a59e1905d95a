output "id" {
  description = "Storage account id."
  value       = azurerm_storage_account.this.id
}

output "name" {
  description = "Storage account name."
  value       = azurerm_storage_account.this.name
}

output "blob_endpoint" {
  description = "Blob service endpoint (resolved to the private endpoint inside the network)."
  value       = azurerm_storage_account.this.primary_blob_endpoint
}

output "container_scopes" {
  description = "Resource ids of the containers by name: scopes of role assignments on one container."
  value       = { for name, c in azurerm_storage_container.this : name => "${azurerm_storage_account.this.id}/blobServices/default/containers/${name}" }
}
