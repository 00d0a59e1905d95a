mock_provider "azurerm" {}

variables {
  name                       = "func-example-dev"
  location                   = "francecentral"
  resource_group_name        = "rg-example-dev"
  container_image            = "orders"
  container_image_tag        = "1.0.0"
  container_registry_url     = "https://example.azurecr.io"
  storage_account_name       = "stexampledevfn"
  host_container_scopes      = { "azure-webjobs-hosts" = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stexampledevfn/blobServices/default/containers/azure-webjobs-hosts" }
  key_vault_id               = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example"
  key_vault_name             = "kv-example"
  subnet_id                  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/app"
  private_endpoint_subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  sites_private_dns_zone_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.azurewebsites.net"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                       = { Project = "example", Environment = "dev", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "private_https_only_and_tagged" {
  command = plan

  assert {
    condition     = azurerm_linux_function_app.this.public_network_access_enabled == false && azurerm_linux_function_app.this.https_only
    error_message = "The function must be private and HTTPS only."
  }

  assert {
    condition     = azurerm_linux_function_app.this.site_config[0].minimum_tls_version == "1.2" && azurerm_linux_function_app.this.site_config[0].ftps_state == "Disabled" && azurerm_linux_function_app.this.site_config[0].vnet_route_all_enabled
    error_message = "TLS 1.2, no FTP, all outbound traffic through the VNet."
  }

  assert {
    condition     = azurerm_linux_function_app.this.virtual_network_subnet_id == var.subnet_id && azurerm_private_endpoint.site.private_service_connection[0].subresource_names[0] == "sites"
    error_message = "VNet integration and a private endpoint."
  }

  assert {
    condition     = alltrue([for t in [azurerm_linux_function_app.this.tags, azurerm_service_plan.this.tags, azurerm_application_insights.this.tags, azurerm_user_assigned_identity.this.tags, azurerm_private_endpoint.site.tags] : t["Project"] == "example" && t["ManagedBy"] == "terraform"])
    error_message = "Every taggable resource carries the mandatory tags."
  }
}

run "no_key_anywhere" {
  command = plan

  assert {
    condition     = azurerm_linux_function_app.this.storage_uses_managed_identity && azurerm_linux_function_app.this.storage_account_access_key == null && azurerm_linux_function_app.this.app_settings["AzureWebJobsStorage__credential"] == "managedidentity"
    error_message = "The host's storage is reached with the identity, never an account key."
  }

  assert {
    condition     = azurerm_application_insights.this.local_authentication_disabled && azurerm_application_insights.this.workspace_id == var.log_analytics_workspace_id
    error_message = "Application Insights is workspace-based with Entra ID ingestion only."
  }

  assert {
    condition     = azurerm_linux_function_app.this.ftp_publish_basic_authentication_enabled == false && azurerm_linux_function_app.this.webdeploy_publish_basic_authentication_enabled == false
    error_message = "No basic-auth publishing."
  }
}

run "grants_are_scoped_to_single_resources" {
  command = plan

  assert {
    condition     = azurerm_role_assignment.host_storage["azure-webjobs-hosts"].scope == var.host_container_scopes["azure-webjobs-hosts"] && azurerm_role_assignment.host_storage["azure-webjobs-hosts"].role_definition_name == "Storage Blob Data Owner"
    error_message = "The storage role is scoped to the host's container."
  }

  assert {
    condition     = length(azurerm_role_assignment.registry) == 0
    error_message = "No registry grant when no registry is given."
  }
}

run "zone_redundant_premium_plan" {
  command = plan

  variables {
    sku_name       = "EP2"
    min_instances  = 3
    max_instances  = 20
    zone_redundant = true
  }

  assert {
    condition     = azurerm_service_plan.this.zone_balancing_enabled && azurerm_service_plan.this.worker_count == 3 && azurerm_service_plan.this.maximum_elastic_worker_count == 20
    error_message = "Prod spreads three always-ready instances over the zones."
  }
}

run "refuses_a_plan_without_vnet_integration" {
  command = plan

  variables {
    sku_name = "Y1"
  }

  expect_failures = [var.sku_name]
}

run "identity_based_trigger_connections" {
  command = plan

  variables {
    identity_connections = ["SERVICEBUS"]
  }

  assert {
    condition     = azurerm_linux_function_app.this.app_settings["SERVICEBUS__credential"] == "managedidentity"
    error_message = "A trigger connection uses the function's identity."
  }
}
