output "id" {
  description = "Container Apps job id."
  value       = azurerm_container_app_job.this.id
}

output "identity_principal_id" {
  description = "Object id of the job's identity: the principal of its grants."
  value       = azurerm_user_assigned_identity.this.principal_id
}

output "identity_client_id" {
  description = "Client id of the job's identity (AZURE_CLIENT_ID)."
  value       = azurerm_user_assigned_identity.this.client_id
}
