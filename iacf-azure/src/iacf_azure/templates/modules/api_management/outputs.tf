output "id" {
  description = "Resource id of the API Management service."
  value       = azurerm_api_management.this.id
}

output "gateway_url" {
  description = "Private URL of the gateway (resolved inside the virtual network)."
  value       = azurerm_api_management.this.gateway_url
}

output "private_ip_addresses" {
  description = "Private addresses of the gateway in its subnet."
  value       = azurerm_api_management.this.private_ip_addresses
}

output "identity_principal_id" {
  description = "Object id of the service's user-assigned identity (grant it the backend's app role)."
  value       = azurerm_user_assigned_identity.apim.principal_id
}

output "public_ip" {
  description = "Public IP of the Application Gateway publishing the API (empty when internal only)."
  value       = var.internet_facing ? azurerm_public_ip.gateway[0].ip_address : ""
}
