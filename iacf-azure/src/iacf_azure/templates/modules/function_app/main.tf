# A Linux Function App running a container on a Functions Premium plan: no public network access (callers inside
# the network use its private endpoint), all outbound traffic through the VNet, HTTPS only with TLS 1.2. It runs as a
# user-assigned identity that reaches its storage account (no account key), Application Insights (no
# instrumentation key) and its image registry with Entra ID.

locals {
  # Key Vault references: App Service resolves them with the function's identity; no secret value in Terraform
  reference_settings = { for ref in var.key_vault_references : ref.setting => "@Microsoft.KeyVault(VaultName=${var.key_vault_name};SecretName=${ref.name})" }
  # identity-based connections of triggers and bindings (NAME__credential, NAME__clientId): no secret
  identity_settings = merge([for name in var.identity_connections : {
    "${name}__credential" = "managedidentity"
    "${name}__clientId"   = azurerm_user_assigned_identity.this.client_id
  }]...)
}

resource "azurerm_user_assigned_identity" "this" {
  name                = "${var.name}-fn"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# the Functions host's locks, keys and timers: a data role on its own containers only, not on the account
resource "azurerm_role_assignment" "host_storage" {
  for_each = var.host_container_scopes

  scope                = each.value
  role_definition_name = "Storage Blob Data Owner"
  principal_id         = azurerm_user_assigned_identity.this.principal_id
  principal_type       = "ServicePrincipal"
}

# telemetry with an Entra ID token of the identity: on this component only
resource "azurerm_role_assignment" "telemetry" {
  scope                = azurerm_application_insights.this.id
  role_definition_name = "Monitoring Metrics Publisher"
  principal_id         = azurerm_user_assigned_identity.this.principal_id
  principal_type       = "ServicePrincipal"
}

# the function reads its own secrets only: one role assignment per secret, scoped to that secret
resource "azurerm_role_assignment" "secrets" {
  for_each = toset([for ref in var.key_vault_references : ref.name])

  scope                = "${var.key_vault_id}/secrets/${each.key}"
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.this.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "registry" {
  count = var.container_registry_id == "" ? 0 : 1

  scope                = var.container_registry_id
  role_definition_name = "AcrPull"
  principal_id         = azurerm_user_assigned_identity.this.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_application_insights" "this" {
  name                = "${var.name}-appi"
  location            = var.location
  resource_group_name = var.resource_group_name
  application_type    = "other"
  # workspace-based: telemetry is kept as long as the workspace keeps its logs (the environment's retention)
  workspace_id                  = var.log_analytics_workspace_id
  local_authentication_disabled = true
  tags                          = var.tags
}

resource "azurerm_service_plan" "this" {
  #checkov:skip=CKV_AZURE_225:Zone redundancy follows the environment (zone_balancing_enabled = var.zone_redundant): on in prod, off in dev and staging to run fewer instances (DECISIONS.md).
  #checkov:skip=CKV_AZURE_212:The instance count follows the environment (var.min_instances): at least 3 in prod, 1 in dev (DECISIONS.md).
  name                         = "${var.name}-plan"
  location                     = var.location
  resource_group_name          = var.resource_group_name
  os_type                      = "Linux"
  sku_name                     = var.sku_name
  worker_count                 = var.min_instances
  maximum_elastic_worker_count = var.max_instances
  zone_balancing_enabled       = var.zone_redundant
  tags                         = var.tags
}

resource "azurerm_linux_function_app" "this" {
  #checkov:skip=CKV_AZURE_56:Callers are workloads inside the network (private endpoint only) authenticating with function keys or their own Entra ID tokens checked by the code; App Service Authentication would put an interactive login in front of them.
  name                                           = var.name
  location                                       = var.location
  resource_group_name                            = var.resource_group_name
  service_plan_id                                = azurerm_service_plan.this.id
  storage_account_name                           = var.storage_account_name
  storage_uses_managed_identity                  = true
  https_only                                     = true
  public_network_access_enabled                  = false
  virtual_network_subnet_id                      = var.subnet_id
  vnet_image_pull_enabled                        = true
  key_vault_reference_identity_id                = azurerm_user_assigned_identity.this.id
  builtin_logging_enabled                        = false
  ftp_publish_basic_authentication_enabled       = false
  webdeploy_publish_basic_authentication_enabled = false
  functions_extension_version                    = "~4"
  tags                                           = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.this.id]
  }

  site_config {
    application_insights_connection_string        = azurerm_application_insights.this.connection_string
    elastic_instance_minimum                      = var.min_instances
    app_scale_limit                               = var.max_instances
    runtime_scale_monitoring_enabled              = true
    ftps_state                                    = "Disabled"
    http2_enabled                                 = true
    minimum_tls_version                           = "1.2"
    scm_minimum_tls_version                       = "1.2"
    remote_debugging_enabled                      = false
    vnet_route_all_enabled                        = true
    container_registry_use_managed_identity       = true
    container_registry_managed_identity_client_id = azurerm_user_assigned_identity.this.client_id
    ip_restriction_default_action                 = "Deny"
    scm_ip_restriction_default_action             = "Deny"

    application_stack {
      docker {
        registry_url = var.container_registry_url
        image_name   = var.container_image
        image_tag    = var.container_image_tag
      }
    }
  }

  app_settings = merge(var.settings, local.reference_settings, local.identity_settings, {
    # the host's storage with the user-assigned identity (storage_uses_managed_identity names the account)
    AzureWebJobsStorage__credential = "managedidentity"
    AzureWebJobsStorage__clientId   = azurerm_user_assigned_identity.this.client_id
    # Application Insights with an Entra ID token of the identity (local authentication is off)
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING = "ClientId=${azurerm_user_assigned_identity.this.client_id};Authorization=AAD"
    AZURE_CLIENT_ID                           = azurerm_user_assigned_identity.this.client_id
    WEBSITES_ENABLE_APP_SERVICE_STORAGE       = "false"
  })

  depends_on = [azurerm_role_assignment.host_storage, azurerm_role_assignment.secrets]
}

resource "azurerm_private_endpoint" "site" {
  name                = "${var.name}-site"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "${var.name}-site"
    private_connection_resource_id = azurerm_linux_function_app.this.id
    subresource_names              = ["sites"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [var.sites_private_dns_zone_id]
  }
}

resource "azurerm_monitor_diagnostic_setting" "this" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_linux_function_app.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category = "FunctionAppLogs"
  }

  enabled_log {
    category = "AppServiceAuthenticationLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
