output "id" {
  description = "Container Apps environment id (its apps and jobs run in it)."
  value       = azurerm_container_app_environment.this.id
}

output "default_domain" {
  description = "Private DNS suffix of the environment's internal apps."
  value       = azurerm_container_app_environment.this.default_domain
}

output "static_ip_address" {
  description = "Private IP address of the environment's internal load balancer."
  value       = azurerm_container_app_environment.this.static_ip_address
}
