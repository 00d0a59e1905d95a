output "resource_group_name" {
  description = "The project's resource group."
  value       = data.azurerm_resource_group.main.name
}

output "log_analytics_workspace_id" {
  description = "Log Analytics workspace of every log of the project."
  value       = module.monitoring.workspace_id
}

output "key_vault_id" {
  description = "Key Vault of the project's keys, secrets and certificates."
  value       = module.keys.id
}

output "network_nat_public_ip" {
  description = "Outbound public IP address of the application tier (for partners' allow lists)."
  value       = module.network.nat_public_ip
}

output "app_public_ip" {
  description = "Public IP of app's Application Gateway: point app_domain_name at it."
  value       = module.app.public_ip
}

output "app_identity_principal_id" {
  description = "Object id of app's identity (its database role, other grants)."
  value       = module.app.identity_principal_id
}

output "db_fqdn" {
  description = "Private host name of db."
  value       = module.db.fqdn
}
