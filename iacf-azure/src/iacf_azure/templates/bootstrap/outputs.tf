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

output "resource_group_name_workload" {
  description = "The project's resource group (variable resource_group_name of the project)."
  value       = azurerm_resource_group.workload.name
}

output "github_settings" {
  description = "GitHub Actions variables of the repository (AZURE_*, TF_STATE_*) and of the environment (AZURE_APPLY_CLIENT_ID)."
  value = {
    AZURE_TENANT_ID         = data.azurerm_client_config.current.tenant_id
    AZURE_SUBSCRIPTION_ID   = var.subscription_id
    AZURE_PLAN_CLIENT_ID    = azurerm_user_assigned_identity.plan.client_id
    AZURE_APPLY_CLIENT_ID   = azurerm_user_assigned_identity.apply.client_id
    AZURE_APPLY_OBJECT_ID   = azurerm_user_assigned_identity.apply.principal_id
    TF_STATE_RESOURCE_GROUP = azurerm_resource_group.state.name
    TF_STATE_ACCOUNT        = azurerm_storage_account.state.name
    TF_STATE_CONTAINER      = azurerm_storage_container.state.name
  }
}
