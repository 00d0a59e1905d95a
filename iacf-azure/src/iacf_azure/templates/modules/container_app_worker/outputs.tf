output "id" {
  description = "Container app id."
  value       = azurerm_container_app.this.id
}

output "latest_revision_name" {
  description = "The revision running (single revision mode)."
  value       = azurerm_container_app.this.latest_revision_name
}

output "identity_principal_id" {
  description = "Object id of the worker's identity: the principal of its grants."
  value       = azurerm_user_assigned_identity.this.principal_id
}

output "identity_client_id" {
  description = "Client id of the worker's identity (AZURE_CLIENT_ID)."
  value       = azurerm_user_assigned_identity.this.client_id
}
