output "resource_group_name" {
  description = "resource_group_name of the backend configuration."
  value       = azurerm_resource_group.state.name
}

output "storage_account_name" {
  description = "storage_account_name of the backend configuration."
  value       = azurerm_storage_account.state.name
}

output "container_name" {
  description = "container_name of the backend configuration."
  value       = azurerm_storage_container.state.name
}
