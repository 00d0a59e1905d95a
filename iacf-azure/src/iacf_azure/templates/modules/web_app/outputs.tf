output "id" {
  description = "Web app id."
  value       = azurerm_linux_web_app.this.id
}

output "identity_principal_id" {
  description = "Object id of the app's identity (its database role and other grants name it)."
  value       = azurerm_user_assigned_identity.app.principal_id
}

output "identity_name" {
  description = "Name of the app's identity (its Entra ID database user)."
  value       = azurerm_user_assigned_identity.app.name
}

output "public_ip" {
  description = "Public IP address of the Application Gateway (point the domain's DNS record at it)."
  value       = azurerm_public_ip.gateway.ip_address
}
