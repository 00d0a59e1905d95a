# A Linux container on App Service, reachable only through an Application Gateway WAF_v2: the site has no public
# network access (the gateway reaches it through a private endpoint) and leaves through the VNet (integration,
# all traffic routed). It runs as a user-assigned identity that reads its settings' secrets from Key Vault and pulls
# its image with Entra ID. The gateway serves HTTPS only, with a Key Vault certificate, under a WAF policy in
# prevention mode (Microsoft default rule set and bot protection).

locals {
  certificate_name = "${var.name}-tls"
  # issuers every vault knows; any other is registered in the vault before a certificate may name it
  registered_issuer = contains(["Self", "Unknown"], var.certificate_issuer) ? 0 : 1
  # Key Vault references: App Service resolves them with the app's identity; no secret value in Terraform
  reference_settings = { for ref in var.key_vault_references : ref.setting => "@Microsoft.KeyVault(VaultName=${var.key_vault_name};SecretName=${ref.name})" }
}

resource "azurerm_user_assigned_identity" "app" {
  name                = "${var.name}-app"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_user_assigned_identity" "gateway" {
  name                = "${var.name}-gateway"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# the application reads its own secrets only: one role assignment per secret, scoped to that secret
resource "azurerm_role_assignment" "app_secrets" {
  for_each = toset([for ref in var.key_vault_references : ref.name])

  scope                = "${var.key_vault_id}/secrets/${each.key}"
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

# the gateway reads the TLS certificate's secret only: scoped through the certificate, so the assignment is made
# once the certificate (and its secret) exists
resource "azurerm_role_assignment" "gateway_certificate" {
  scope                = "${var.key_vault_id}/secrets/${azurerm_key_vault_certificate.tls.name}"
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.gateway.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "app_registry" {
  count = var.container_registry_id == "" ? 0 : 1

  scope                = var.container_registry_id
  role_definition_name = "AcrPull"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_service_plan" "this" {
  #checkov:skip=CKV_AZURE_225:Zone redundancy follows the environment (zone_balancing_enabled = var.zone_redundant): on in prod, off in dev and staging to run fewer instances (DECISIONS.md).
  #checkov:skip=CKV_AZURE_212:The instance count follows the environment (var.worker_count): at least 3 in prod, 1 in dev (DECISIONS.md).
  name                   = "${var.name}-plan"
  location               = var.location
  resource_group_name    = var.resource_group_name
  os_type                = "Linux"
  sku_name               = var.sku_name
  worker_count           = var.worker_count
  zone_balancing_enabled = var.zone_redundant
  tags                   = var.tags
}

resource "azurerm_linux_web_app" "this" {
  #checkov:skip=CKV_AZURE_13:The application authenticates its own users (framework sessions); App Service Authentication would put a second login in front of it.
  #checkov:skip=CKV_AZURE_17:The only client is the Application Gateway, which does not present a client certificate; the site has no public network access.
  #checkov:skip=CKV_AZURE_88:The container keeps no state on a file share; data lives in the database.
  name                                           = var.name
  location                                       = var.location
  resource_group_name                            = var.resource_group_name
  service_plan_id                                = azurerm_service_plan.this.id
  https_only                                     = true
  public_network_access_enabled                  = false
  virtual_network_subnet_id                      = var.app_subnet_id
  vnet_image_pull_enabled                        = true
  key_vault_reference_identity_id                = azurerm_user_assigned_identity.app.id
  ftp_publish_basic_authentication_enabled       = false
  webdeploy_publish_basic_authentication_enabled = false
  client_affinity_enabled                        = false
  tags                                           = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.app.id]
  }

  site_config {
    always_on                                     = true
    ftps_state                                    = "Disabled"
    http2_enabled                                 = true
    minimum_tls_version                           = "1.2"
    scm_minimum_tls_version                       = "1.2"
    remote_debugging_enabled                      = false
    vnet_route_all_enabled                        = true
    health_check_path                             = var.health_check_path
    health_check_eviction_time_in_min             = 5
    container_registry_use_managed_identity       = true
    container_registry_managed_identity_client_id = azurerm_user_assigned_identity.app.client_id
    ip_restriction_default_action                 = "Deny"
    scm_ip_restriction_default_action             = "Deny"

    application_stack {
      docker_image_name   = var.container_image
      docker_registry_url = var.container_registry_url
    }
  }

  app_settings = merge(var.settings, local.reference_settings, {
    WEBSITES_PORT                       = tostring(var.port)
    WEBSITES_ENABLE_APP_SERVICE_STORAGE = "false"
    AZURE_CLIENT_ID                     = azurerm_user_assigned_identity.app.client_id
  })

  logs {
    detailed_error_messages = true
    failed_request_tracing  = true

    http_logs {
      file_system {
        retention_in_days = 7
        retention_in_mb   = 35
      }
    }
  }

  depends_on = [azurerm_role_assignment.app_secrets]
}

resource "azurerm_private_endpoint" "site" {
  name                = "${var.name}-site"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "${var.name}-site"
    private_connection_resource_id = azurerm_linux_web_app.this.id
    subresource_names              = ["sites"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [var.sites_private_dns_zone_id]
  }
}

# A CA issuer (DigiCert, GlobalSign, an internal CA) is registered in the vault by its owner, out of Terraform (its
# credentials stay out of the state); "Self" and "Unknown" are built in. The certificate names the issuer read
# back from the vault, so it is requested only once the issuer exists there: on the first apply of a new vault, the
# apply stops at this read, before any certificate is requested (README, Deploy).
data "azurerm_key_vault_certificate_issuer" "ca" {
  count = local.registered_issuer

  name         = var.certificate_issuer
  key_vault_id = var.key_vault_id
}

resource "azurerm_key_vault_certificate" "tls" {
  name         = local.certificate_name
  key_vault_id = var.key_vault_id
  tags         = var.tags

  certificate_policy {
    issuer_parameters {
      name = local.registered_issuer == 1 ? data.azurerm_key_vault_certificate_issuer.ca[0].name : var.certificate_issuer
    }

    key_properties {
      exportable = true
      key_type   = "RSA"
      key_size   = 2048
      reuse_key  = false
    }

    secret_properties {
      content_type = "application/x-pkcs12"
    }

    lifetime_action {
      action {
        action_type = "AutoRenew"
      }

      trigger {
        days_before_expiry = 30
      }
    }

    x509_certificate_properties {
      subject            = "CN=${var.domain_name}"
      validity_in_months = 12
      key_usage          = ["digitalSignature", "keyEncipherment"]
      extended_key_usage = ["1.3.6.1.5.5.7.3.1"]

      subject_alternative_names {
        dns_names = [var.domain_name]
      }
    }
  }
}

resource "azurerm_public_ip" "gateway" {
  name                = "${var.name}-gateway"
  location            = var.location
  resource_group_name = var.resource_group_name
  allocation_method   = "Static"
  sku                 = "Standard"
  zones               = var.zones
  tags                = var.tags
}

resource "azurerm_web_application_firewall_policy" "this" {
  #checkov:skip=CKV_AZURE_135:The Microsoft default rule set 2.1 (successor of OWASP CRS 3.x) carries the Log4j rule 944240, none disabled; the check knows only the OWASP rule set type.
  name                = "${var.name}-waf"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags

  policy_settings {
    enabled                     = true
    mode                        = "Prevention"
    request_body_check          = true
    max_request_body_size_in_kb = 128
    file_upload_limit_in_mb     = 100
  }

  managed_rules {
    managed_rule_set {
      type    = "Microsoft_DefaultRuleSet"
      version = "2.1"
    }

    managed_rule_set {
      type    = "Microsoft_BotManagerRuleSet"
      version = "1.1"
    }
  }
}

resource "azurerm_application_gateway" "this" {
  name                = "${var.name}-gateway"
  location            = var.location
  resource_group_name = var.resource_group_name
  zones               = var.zones
  firewall_policy_id  = azurerm_web_application_firewall_policy.this.id
  http2_enabled       = true
  tags                = var.tags

  sku {
    name = "WAF_v2"
    tier = "WAF_v2"
  }

  autoscale_configuration {
    min_capacity = var.gateway_min_capacity
    max_capacity = var.gateway_max_capacity
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.gateway.id]
  }

  gateway_ip_configuration {
    name      = "gateway"
    subnet_id = var.gateway_subnet_id
  }

  frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = azurerm_public_ip.gateway.id
  }

  frontend_port {
    name = "https"
    port = 443
  }

  ssl_certificate {
    name                = local.certificate_name
    key_vault_secret_id = azurerm_key_vault_certificate.tls.versionless_secret_id
  }

  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20220101S"
  }

  http_listener {
    name                           = "https"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "https"
    protocol                       = "Https"
    ssl_certificate_name           = local.certificate_name
    host_name                      = var.domain_name
    require_sni                    = true
  }

  backend_address_pool {
    name  = "app"
    fqdns = [azurerm_linux_web_app.this.default_hostname]
  }

  probe {
    name                                      = "app"
    protocol                                  = "Https"
    path                                      = var.health_check_path
    interval                                  = 30
    timeout                                   = 30
    unhealthy_threshold                       = 3
    pick_host_name_from_backend_http_settings = true

    match {
      status_code = ["200-399"]
    }
  }

  backend_http_settings {
    name                                = "app"
    protocol                            = "Https"
    port                                = 443
    cookie_based_affinity               = "Disabled"
    request_timeout                     = 60
    pick_host_name_from_backend_address = true
    probe_name                          = "app"
  }

  request_routing_rule {
    name                       = "app"
    rule_type                  = "Basic"
    priority                   = 100
    http_listener_name         = "https"
    backend_address_pool_name  = "app"
    backend_http_settings_name = "app"
  }

  depends_on = [azurerm_role_assignment.gateway_certificate]
}

resource "azurerm_monitor_diagnostic_setting" "gateway" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_application_gateway.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}

resource "azurerm_monitor_diagnostic_setting" "app" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_linux_web_app.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category = "AppServiceHTTPLogs"
  }

  enabled_log {
    category = "AppServiceConsoleLogs"
  }

  enabled_log {
    category = "AppServiceAppLogs"
  }

  enabled_log {
    category = "AppServiceAuditLogs"
  }

  enabled_log {
    category = "AppServicePlatformLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
