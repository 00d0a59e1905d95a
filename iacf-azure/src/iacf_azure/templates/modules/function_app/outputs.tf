output "id" {
  description = "Function App id."
  value       = azurerm_linux_function_app.this.id
}

output "default_hostname" {
  description = "Host name of the function (resolved to its private endpoint inside the network)."
  value       = azurerm_linux_function_app.this.default_hostname
}

output "identity_principal_id" {
  description = "Object id of the function's identity: the principal of its grants."
  value       = azurerm_user_assigned_identity.this.principal_id
}

output "identity_client_id" {
  description = "Client id of the function's identity (AZURE_CLIENT_ID)."
  value       = azurerm_user_assigned_identity.this.client_id
}

output "application_insights_id" {
  description = "Application Insights component of the function."
  value       = azurerm_application_insights.this.id
}
