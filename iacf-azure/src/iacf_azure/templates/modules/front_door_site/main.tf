# A static website served only through Azure Front Door Premium: the files live in the $web container of a storage
# account made like every project account (Entra ID only, no shared key, TLS 1.2, no public network, infrastructure
# encryption plus a customer-managed key, versioning, soft delete); Front Door reaches its web endpoint through
# Private Link, under a WAF policy in prevention mode, HTTPS only, with security headers and its logs in Log Analytics.

locals {
  # a custom domain's resource name: letters, digits and hyphens
  domain_key = var.domain_name == "" ? "" : replace(var.domain_name, ".", "-")
}

# -- origin: the storage account ------------------------------------------------------------------------------

resource "azurerm_user_assigned_identity" "storage" {
  name                = "${var.name}-cmk"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# the account's identity may wrap and unwrap with this key only (scope: the key, not the vault)
resource "azurerm_role_assignment" "key" {
  scope                = var.key_vault_key_resource_id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_user_assigned_identity.storage.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_storage_account" "this" {
  #checkov:skip=CKV_AZURE_33:The account serves blobs only (no queue); its blob service logs go to Log Analytics through a diagnostic setting.
  name                              = var.storage_account_name
  location                          = var.location
  resource_group_name               = var.resource_group_name
  account_kind                      = "StorageV2"
  account_tier                      = "Standard"
  account_replication_type          = var.replication_type
  min_tls_version                   = "TLS1_2"
  https_traffic_only_enabled        = true
  shared_access_key_enabled         = false
  default_to_oauth_authentication   = true
  local_user_enabled                = false
  sftp_enabled                      = false
  allow_nested_items_to_be_public   = false
  public_network_access_enabled     = false
  cross_tenant_replication_enabled  = false
  allowed_copy_scope                = "PrivateLink"
  infrastructure_encryption_enabled = true
  tags                              = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.storage.id]
  }

  customer_managed_key {
    key_vault_key_id          = var.key_vault_key_id
    user_assigned_identity_id = azurerm_user_assigned_identity.storage.id
  }

  blob_properties {
    versioning_enabled            = true
    change_feed_enabled           = true
    change_feed_retention_in_days = var.soft_delete_days
    last_access_time_enabled      = true

    delete_retention_policy {
      days = var.soft_delete_days
    }

    container_delete_retention_policy {
      days = var.soft_delete_days
    }
  }

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices", "Logging", "Metrics"]
    ip_rules                   = []
    virtual_network_subnet_ids = []
  }

  sas_policy {
    expiration_period = "0.01:00:00"
    expiration_action = "Block"
  }

  depends_on = [azurerm_role_assignment.key]
}

# the $web container and its web endpoint; set through the blob data plane (Entra ID), so the applying runner
# reaches the account through its blob private endpoint
resource "azurerm_storage_account_static_website" "this" {
  storage_account_id = azurerm_storage_account.this.id
  index_document     = "index.html"
  error_404_document = var.error_document

  # the account refuses public network access: the call needs the private endpoint (and its DNS record) first
  depends_on = [azurerm_private_endpoint.blob]
}

# deployments (the site's files) and Terraform's data-plane calls come through the network
resource "azurerm_private_endpoint" "blob" {
  name                = "${var.storage_account_name}-blob"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "${var.storage_account_name}-blob"
    private_connection_resource_id = azurerm_storage_account.this.id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [var.blob_private_dns_zone_id]
  }
}

# every read, write and delete of the blob service to Log Analytics
resource "azurerm_monitor_diagnostic_setting" "blob" {
  name                       = "to-log-analytics"
  target_resource_id         = "${azurerm_storage_account.this.id}/blobServices/default"
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "Transaction"
  }
}

# -- edge: Front Door Premium -----------------------------------------------------------------------------------

resource "azurerm_cdn_frontdoor_profile" "this" {
  name                     = var.name
  resource_group_name      = var.resource_group_name
  sku_name                 = "Premium_AzureFrontDoor"
  response_timeout_seconds = 60
  tags                     = var.tags

  # client addresses and query strings are personal data: masked in the access and WAF logs
  log_scrubbing_rule {
    match_variable = "RequestIPAddress"
  }

  log_scrubbing_rule {
    match_variable = "QueryStringArgNames"
  }
}

resource "azurerm_cdn_frontdoor_endpoint" "this" {
  name                     = var.endpoint_name
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.this.id
  tags                     = var.tags
}

# one origin: health probes would only add requests (Front Door routes to a single origin whatever they say)
resource "azurerm_cdn_frontdoor_origin_group" "this" {
  name                     = "storage"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.this.id
  session_affinity_enabled = false

  load_balancing {
    sample_size                 = 4
    successful_samples_required = 3
  }
}

# the storage web endpoint through Private Link: the account keeps its public network off. Azure creates the
# private endpoint connection pending on the account; it is approved once after the first apply (README).
resource "azurerm_cdn_frontdoor_origin" "storage" {
  name                           = "storage-web"
  cdn_frontdoor_origin_group_id  = azurerm_cdn_frontdoor_origin_group.this.id
  enabled                        = true
  host_name                      = azurerm_storage_account.this.primary_web_host
  origin_host_header             = azurerm_storage_account.this.primary_web_host
  certificate_name_check_enabled = true
  https_port                     = 443
  http_port                      = 80
  priority                       = 1
  weight                         = 1000

  private_link {
    request_message        = "Front Door ${var.name}"
    target_type            = "web"
    location               = var.location
    private_link_target_id = azurerm_storage_account.this.id
  }

  depends_on = [azurerm_storage_account_static_website.this]
}

resource "azurerm_cdn_frontdoor_custom_domain" "this" {
  for_each = toset(local.domain_key == "" ? [] : [var.domain_name])

  name                     = local.domain_key
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.this.id
  host_name                = each.key

  # a Front Door managed certificate (validated by the _dnsauth TXT record, renewed by Azure), TLS 1.2 minimum with
  # the 2023 cipher suite (ECDHE with AES-GCM only)
  tls {
    certificate_type    = "ManagedCertificate"
    minimum_tls_version = "TLS12"

    cipher_suite {
      type = "TLS12_2023"
    }
  }
}

resource "azurerm_cdn_frontdoor_rule_set" "this" {
  name                     = "site"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.this.id
}

# every response carries the browser-side protections
resource "azurerm_cdn_frontdoor_rule" "headers" {
  name                      = "SecurityHeaders"
  cdn_frontdoor_rule_set_id = azurerm_cdn_frontdoor_rule_set.this.id
  order                     = 1
  behavior_on_match         = "Continue"

  actions {
    response_header_action {
      header_action = "Overwrite"
      header_name   = "Strict-Transport-Security"
      value         = "max-age=31536000; includeSubDomains; preload"
    }

    response_header_action {
      header_action = "Overwrite"
      header_name   = "Content-Security-Policy"
      value         = var.content_security_policy
    }

    response_header_action {
      header_action = "Overwrite"
      header_name   = "X-Content-Type-Options"
      value         = "nosniff"
    }

    response_header_action {
      header_action = "Overwrite"
      header_name   = "X-Frame-Options"
      value         = "DENY"
    }

    response_header_action {
      header_action = "Overwrite"
      header_name   = "Referrer-Policy"
      value         = "strict-origin-when-cross-origin"
    }
  }
}

# single-page application: a path without a file extension is a route of the application, served /index.html
resource "azurerm_cdn_frontdoor_rule" "spa" {
  count = var.spa ? 1 : 0

  name                      = "SpaFallback"
  cdn_frontdoor_rule_set_id = azurerm_cdn_frontdoor_rule_set.this.id
  order                     = 2
  behavior_on_match         = "Continue"

  conditions {
    url_file_extension_condition {
      operator         = "GreaterThan"
      negate_condition = true
      match_values     = ["0"]
    }
  }

  actions {
    url_rewrite_action {
      source_pattern          = "/"
      destination             = "/index.html"
      preserve_unmatched_path = false
    }
  }

  depends_on = [azurerm_cdn_frontdoor_rule.headers]
}

# HTTPS only: HTTP is redirected, Front Door calls the origin in HTTPS
resource "azurerm_cdn_frontdoor_route" "this" {
  name                            = "site"
  cdn_frontdoor_endpoint_id       = azurerm_cdn_frontdoor_endpoint.this.id
  cdn_frontdoor_origin_group_id   = azurerm_cdn_frontdoor_origin_group.this.id
  cdn_frontdoor_origin_ids        = [azurerm_cdn_frontdoor_origin.storage.id]
  cdn_frontdoor_rule_set_ids      = [azurerm_cdn_frontdoor_rule_set.this.id]
  cdn_frontdoor_custom_domain_ids = [for d in azurerm_cdn_frontdoor_custom_domain.this : d.id]
  enabled                         = true
  supported_protocols             = ["Http", "Https"]
  https_redirect_enabled          = true
  forwarding_protocol             = "HttpsOnly"
  patterns_to_match               = ["/*"]
  link_to_default_domain          = true

  cache {
    query_string_caching_behavior = "UseQueryString"
    compression_enabled           = true
    content_types_to_compress     = ["text/html", "text/css", "text/plain", "text/xml", "application/javascript", "application/json", "application/xml", "image/svg+xml"]
  }

  depends_on = [azurerm_cdn_frontdoor_rule.headers, azurerm_cdn_frontdoor_rule.spa]
}

# the WAF: Microsoft default rule set 2.1 (OWASP, anomaly scoring) and bot manager 1.1, blocking, plus a rate
# limit per client address
resource "azurerm_cdn_frontdoor_firewall_policy" "this" {
  name                              = var.waf_policy_name
  resource_group_name               = var.resource_group_name
  sku_name                          = "Premium_AzureFrontDoor"
  enabled                           = true
  mode                              = "Prevention"
  request_body_check_enabled        = true
  custom_block_response_status_code = 403
  tags                              = var.tags

  custom_rule {
    name                           = "RateLimitPerClient"
    enabled                        = true
    priority                       = 100
    type                           = "RateLimitRule"
    action                         = "Block"
    rate_limit_duration_in_minutes = 1
    rate_limit_threshold           = var.rate_limit_per_minute

    # every client address (IPv4 and IPv6): each address gets its own budget
    match_condition {
      match_variable     = "RemoteAddr"
      operator           = "IPMatch"
      negation_condition = false
      match_values       = ["0.0.0.0/0", "::/0"]
    }
  }

  managed_rule {
    type    = "Microsoft_DefaultRuleSet"
    version = "2.1"
    action  = "Block"
  }

  managed_rule {
    type    = "Microsoft_BotManagerRuleSet"
    version = "1.1"
    action  = "Block"
  }
}

# the WAF guards every domain of the profile: the endpoint's own and the custom domain
resource "azurerm_cdn_frontdoor_security_policy" "this" {
  name                     = "waf"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.this.id

  security_policies {
    firewall {
      cdn_frontdoor_firewall_policy_id = azurerm_cdn_frontdoor_firewall_policy.this.id

      association {
        patterns_to_match = ["/*"]

        domain {
          cdn_frontdoor_domain_id = azurerm_cdn_frontdoor_endpoint.this.id
        }

        dynamic "domain" {
          for_each = azurerm_cdn_frontdoor_custom_domain.this
          content {
            cdn_frontdoor_domain_id = domain.value.id
          }
        }
      }
    }
  }
}

# access, health probe and WAF logs and the metrics to Log Analytics
resource "azurerm_monitor_diagnostic_setting" "front_door" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_cdn_frontdoor_profile.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
