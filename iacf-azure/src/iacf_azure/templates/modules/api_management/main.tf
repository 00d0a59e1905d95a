# API Management in internal VNet mode: the gateway has a private address only, in a subnet of its own; the internet
# reaches it only through an Application Gateway WAF_v2 (when internet_facing). TLS 1.2 only (older protocols and
# CBC/3DES ciphers off on both sides), a user-assigned identity reading named values from Key Vault, subscription
# keys on every call, a per-subscription rate limit, logs to Log Analytics and Application Insights (Entra ID).

locals {
  gateway_host     = "${var.name}.azure-api.net"
  certificate_name = "${var.name}-tls"
  # issuers every vault knows; any other is registered in the vault before a certificate may name it
  registered_issuer = contains(["Self", "Unknown"], var.certificate_issuer) ? 0 : 1
  # API Management's own health endpoint, answered by the gateway without calling the backend
  health_path = "/status-0123456789abcdef"
  methods     = ["GET", "POST", "PUT", "PATCH", "DELETE"]
  gateways    = var.internet_facing ? 1 : 0
  backend_key = var.backend_key_name != "" ? 1 : 0
  # a policy names a named value between double braces; built from single ones, the module stays plain HCL
  named_value  = "${join("", ["{", "{"])}backend-key${join("", ["}", "}"])}"
  key_header   = var.backend_key_name != "" ? "<set-header name=\"x-functions-key\" exists-action=\"override\"><value>${local.named_value}</value></set-header>" : ""
  token_policy = var.backend_audience != "" ? "<authentication-managed-identity resource=\"${var.backend_audience}\" client-id=\"${azurerm_user_assigned_identity.apim.client_id}\" />" : ""
}

resource "azurerm_user_assigned_identity" "apim" {
  name                = "${var.name}-apim"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# the service reads the backend's key only: one role assignment, scoped to that secret
resource "azurerm_role_assignment" "backend_key" {
  count = local.backend_key

  scope                = "${var.key_vault_id}/secrets/${var.backend_key_name}"
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.apim.principal_id
  principal_type       = "ServicePrincipal"
}

# the management endpoint's address (Azure's control plane on 3443; internal mode serves no API on it)
resource "azurerm_public_ip" "management" {
  name                = "${var.name}-management"
  location            = var.location
  resource_group_name = var.resource_group_name
  allocation_method   = "Static"
  sku                 = "Standard"
  zones               = length(var.zones) > 0 ? var.zones : null
  domain_name_label   = var.name
  tags                = var.tags
}

resource "azurerm_api_management" "this" {
  #checkov:skip=CKV_AZURE_174:Azure refuses public network access off when a service is created; in internal VNet mode the gateway has no public endpoint and the internet reaches it only through the Application Gateway WAF.
  #checkov:skip=CKV_AZURE_152:Client certificates are negotiated by the Consumption tier only; callers present subscription keys over TLS 1.2, behind the WAF.
  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  publisher_name                = var.publisher_name
  publisher_email               = var.publisher_email
  sku_name                      = var.sku_name
  zones                         = length(var.zones) > 0 ? var.zones : null
  virtual_network_type          = "Internal"
  public_ip_address_id          = azurerm_public_ip.management.id
  public_network_access_enabled = true
  client_certificate_enabled    = false
  min_api_version               = "2021-08-01"
  tags                          = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.apim.id]
  }

  virtual_network_configuration {
    subnet_id = var.subnet_id
  }

  protocols {
    http2_enabled = true
  }

  # TLS 1.2 only, on the client side and towards the backend; no CBC or 3DES cipher
  security {
    frontend_ssl30_enabled                              = false
    frontend_tls10_enabled                              = false
    frontend_tls11_enabled                              = false
    backend_ssl30_enabled                               = false
    backend_tls10_enabled                               = false
    backend_tls11_enabled                               = false
    triple_des_ciphers_enabled                          = false
    tls_ecdhe_ecdsa_with_aes128_cbc_sha_ciphers_enabled = false
    tls_ecdhe_ecdsa_with_aes256_cbc_sha_ciphers_enabled = false
    tls_ecdhe_rsa_with_aes128_cbc_sha_ciphers_enabled   = false
    tls_ecdhe_rsa_with_aes256_cbc_sha_ciphers_enabled   = false
    tls_rsa_with_aes128_cbc_sha256_ciphers_enabled      = false
    tls_rsa_with_aes128_cbc_sha_ciphers_enabled         = false
    tls_rsa_with_aes128_gcm_sha256_ciphers_enabled      = false
    tls_rsa_with_aes256_cbc_sha256_ciphers_enabled      = false
    tls_rsa_with_aes256_cbc_sha_ciphers_enabled         = false
    tls_rsa_with_aes256_gcm_sha384_ciphers_enabled      = false
  }

  sign_up {
    enabled = false

    terms_of_service {
      consent_required = false
      enabled          = false
    }
  }
}

# the gateway host name resolves to the service's private address inside the network (internal mode has no public
# DNS record for it); the zone covers that one name, not the whole azure-api.net domain
resource "azurerm_private_dns_zone" "gateway" {
  name                = local.gateway_host
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_private_dns_a_record" "gateway" {
  name                = "@"
  zone_name           = azurerm_private_dns_zone.gateway.name
  resource_group_name = var.resource_group_name
  ttl                 = 300
  records             = azurerm_api_management.this.private_ip_addresses
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "gateway" {
  name                  = var.name
  resource_group_name   = var.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.gateway.name
  virtual_network_id    = var.virtual_network_id
  registration_enabled  = false
  tags                  = var.tags
}

# the backend's key is a Key Vault reference read with the service's identity: no value in Terraform or its state
resource "azurerm_api_management_named_value" "backend_key" {
  count = local.backend_key

  name                = "backend-key"
  display_name        = "backend-key"
  api_management_name = azurerm_api_management.this.name
  resource_group_name = var.resource_group_name
  secret              = true
  # API Management tags are labels grouping named values, not Azure resource tags
  tags = [var.api_name]

  value_from_key_vault {
    secret_id          = "${var.key_vault_uri}secrets/${var.backend_key_name}"
    identity_client_id = azurerm_user_assigned_identity.apim.client_id
  }

  depends_on = [azurerm_role_assignment.backend_key]
}

resource "azurerm_api_management_backend" "this" {
  name                = var.api_name
  api_management_name = azurerm_api_management.this.name
  resource_group_name = var.resource_group_name
  protocol            = "http"
  url                 = "https://${var.backend_host}"
  resource_id         = "https://management.azure.com${var.backend_resource_id}"
  description         = "The code behind ${var.api_name}, over its private endpoint."

  tls {
    validate_certificate_chain = true
    validate_certificate_name  = true
  }
}

resource "azurerm_api_management_api" "this" {
  name                  = var.api_name
  api_management_name   = azurerm_api_management.this.name
  resource_group_name   = var.resource_group_name
  revision              = "1"
  display_name          = var.api_name
  path                  = var.api_path
  protocols             = ["https"]
  api_type              = "http"
  subscription_required = true

  subscription_key_parameter_names {
    header = "Ocp-Apim-Subscription-Key"
    query  = "subscription-key"
  }
}

# every path and method is passed to the backend (it routes them itself)
resource "azurerm_api_management_api_operation" "this" {
  for_each = toset(local.methods)

  operation_id        = lower(each.key)
  api_name            = azurerm_api_management_api.this.name
  api_management_name = azurerm_api_management.this.name
  resource_group_name = var.resource_group_name
  display_name        = "${each.key} /*"
  method              = each.key
  url_template        = "/*"
}

resource "azurerm_api_management_api_policy" "this" {
  api_name            = azurerm_api_management_api.this.name
  api_management_name = azurerm_api_management.this.name
  resource_group_name = var.resource_group_name
  xml_content         = <<-XML
    <policies>
      <inbound>
        <base />
        <rate-limit-by-key calls="${var.rate_limit_per_minute}" renewal-period="60" counter-key="@(context.Subscription.Id)" />
        <set-backend-service backend-id="${azurerm_api_management_backend.this.name}" />
        ${local.key_header}
        ${local.token_policy}
      </inbound>
      <backend>
        <base />
      </backend>
      <outbound>
        <base />
        <set-header name="X-Powered-By" exists-action="delete" />
        <set-header name="X-AspNet-Version" exists-action="delete" />
      </outbound>
      <on-error>
        <base />
      </on-error>
    </policies>
  XML

  depends_on = [azurerm_api_management_named_value.backend_key]
}

# callers subscribe to the product; each subscription is approved by an administrator and gets its own keys
resource "azurerm_api_management_product" "this" {
  product_id            = var.api_name
  api_management_name   = azurerm_api_management.this.name
  resource_group_name   = var.resource_group_name
  display_name          = var.api_name
  subscription_required = true
  approval_required     = true
  subscriptions_limit   = 10
  published             = true
}

resource "azurerm_api_management_product_api" "this" {
  api_name            = azurerm_api_management_api.this.name
  product_id          = azurerm_api_management_product.this.product_id
  api_management_name = azurerm_api_management.this.name
  resource_group_name = var.resource_group_name
}

resource "azurerm_application_insights" "this" {
  name                          = "${var.name}-appi"
  location                      = var.location
  resource_group_name           = var.resource_group_name
  workspace_id                  = var.log_analytics_workspace_id
  application_type              = "web"
  local_authentication_disabled = true
  tags                          = var.tags
}

# Application Insights accepts Entra ID tokens only: the service's identity may publish to this component alone
resource "azurerm_role_assignment" "telemetry" {
  scope                = azurerm_application_insights.this.id
  role_definition_name = "Monitoring Metrics Publisher"
  principal_id         = azurerm_user_assigned_identity.apim.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_api_management_logger" "this" {
  name                = "appinsights"
  api_management_name = azurerm_api_management.this.name
  resource_group_name = var.resource_group_name
  resource_id         = azurerm_application_insights.this.id

  application_insights {
    connection_string  = azurerm_application_insights.this.connection_string
    identity_client_id = azurerm_user_assigned_identity.apim.client_id
  }

  depends_on = [azurerm_role_assignment.telemetry]
}

resource "azurerm_api_management_diagnostic" "this" {
  identifier                = "applicationinsights"
  api_management_name       = azurerm_api_management.this.name
  resource_group_name       = var.resource_group_name
  api_management_logger_id  = azurerm_api_management_logger.this.id
  sampling_percentage       = 100
  always_log_errors         = true
  log_client_ip             = false
  verbosity                 = "information"
  http_correlation_protocol = "W3C"
}

resource "azurerm_monitor_diagnostic_setting" "apim" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_api_management.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}

# -- the internet entry point: Application Gateway WAF_v2 in front of the private gateway ---------------------

resource "azurerm_user_assigned_identity" "gateway" {
  count = local.gateways

  name                = "${var.name}-gateway"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# the Application Gateway reads the TLS certificate's secret only: scoped through the certificate, so the assignment is made
# once the certificate (and its secret) exists
resource "azurerm_role_assignment" "gateway_certificate" {
  count = local.gateways

  scope                = "${var.key_vault_id}/secrets/${azurerm_key_vault_certificate.tls[0].name}"
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.gateway[0].principal_id
  principal_type       = "ServicePrincipal"
}

# A CA issuer (DigiCert, GlobalSign, an internal CA) is registered in the vault by its owner, out of Terraform (its
# credentials stay out of the state); "Self" and "Unknown" are built in. The certificate names the issuer read
# back from the vault, so it is requested only once the issuer exists there: on the first apply of a new vault, the
# apply stops at this read, before any certificate is requested (README, Deploy).
data "azurerm_key_vault_certificate_issuer" "ca" {
  count = local.gateways * local.registered_issuer

  name         = var.certificate_issuer
  key_vault_id = var.key_vault_id
}

resource "azurerm_key_vault_certificate" "tls" {
  count = local.gateways

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
  count = local.gateways

  name                = "${var.name}-gateway"
  location            = var.location
  resource_group_name = var.resource_group_name
  allocation_method   = "Static"
  sku                 = "Standard"
  zones               = ["1", "2", "3"]
  tags                = var.tags
}

resource "azurerm_web_application_firewall_policy" "this" {
  #checkov:skip=CKV_AZURE_135:The Microsoft default rule set 2.1 (successor of OWASP CRS 3.x) carries the Log4j rule 944240, none disabled; the check knows only the OWASP rule set type.
  count = local.gateways

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
  count = local.gateways

  name                = "${var.name}-gateway"
  location            = var.location
  resource_group_name = var.resource_group_name
  zones               = ["1", "2", "3"]
  firewall_policy_id  = azurerm_web_application_firewall_policy.this[0].id
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
    identity_ids = [azurerm_user_assigned_identity.gateway[0].id]
  }

  gateway_ip_configuration {
    name      = "gateway"
    subnet_id = var.gateway_subnet_id
  }

  frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = azurerm_public_ip.gateway[0].id
  }

  frontend_port {
    name = "https"
    port = 443
  }

  ssl_certificate {
    name                = local.certificate_name
    key_vault_secret_id = azurerm_key_vault_certificate.tls[0].versionless_secret_id
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

  # the service's private address, called with its own host name (its certificate is issued for it)
  backend_address_pool {
    name         = "apim"
    ip_addresses = azurerm_api_management.this.private_ip_addresses
  }

  probe {
    name                = "apim"
    protocol            = "Https"
    host                = local.gateway_host
    path                = local.health_path
    interval            = 30
    timeout             = 30
    unhealthy_threshold = 3

    match {
      status_code = ["200"]
    }
  }

  backend_http_settings {
    name                  = "apim"
    protocol              = "Https"
    port                  = 443
    cookie_based_affinity = "Disabled"
    request_timeout       = 60
    host_name             = local.gateway_host
    probe_name            = "apim"
  }

  request_routing_rule {
    name                       = "apim"
    rule_type                  = "Basic"
    priority                   = 100
    http_listener_name         = "https"
    backend_address_pool_name  = "apim"
    backend_http_settings_name = "apim"
  }

  depends_on = [azurerm_role_assignment.gateway_certificate]
}

resource "azurerm_monitor_diagnostic_setting" "gateway" {
  count = local.gateways

  name                       = "to-log-analytics"
  target_resource_id         = azurerm_application_gateway.this[0].id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
