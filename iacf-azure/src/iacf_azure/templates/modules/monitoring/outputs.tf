output "workspace_id" {
  description = "Resource id of the Log Analytics workspace."
  value       = azurerm_log_analytics_workspace.this.id
}

output "workspace_guid" {
  description = "Workspace (customer) id, for traffic analytics."
  value       = azurerm_log_analytics_workspace.this.workspace_id
}

output "action_group_id" {
  description = "Action group of the project's alerts."
  value       = azurerm_monitor_action_group.this.id
}
