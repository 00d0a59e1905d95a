mock_provider "azurerm" {}

variables {
  name                       = "afd-example-dev-site"
  endpoint_name              = "example-dev-site-abc123"
  waf_policy_name            = "wafexampledevsite"
  storage_account_name       = "stexampledevsite"
  location                   = "francecentral"
  resource_group_name        = "rg-example-dev"
  key_vault_key_id           = "https://kv-example.vault.azure.net/keys/site"
  key_vault_key_resource_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/site"
  private_endpoint_subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  blob_private_dns_zone_id   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                       = { Project = "example", Environment = "dev", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "origin_is_private_encrypted_and_tagged" {
  command = plan

  assert {
    condition     = azurerm_storage_account.this.public_network_access_enabled == false && azurerm_storage_account.this.allow_nested_items_to_be_public == false && azurerm_storage_account.this.shared_access_key_enabled == false
    error_message = "The site's account must be private, Entra ID only."
  }

  assert {
    condition     = azurerm_storage_account.this.customer_managed_key[0].key_vault_key_id == var.key_vault_key_id && azurerm_storage_account.this.infrastructure_encryption_enabled && azurerm_storage_account.this.min_tls_version == "TLS1_2"
    error_message = "The account must be encrypted with the customer-managed key, TLS 1.2."
  }

  assert {
    condition     = azurerm_cdn_frontdoor_origin.storage.private_link[0].target_type == "web" && azurerm_cdn_frontdoor_origin.storage.certificate_name_check_enabled
    error_message = "Front Door must reach the web endpoint through Private Link, checking its certificate."
  }

  assert {
    condition     = alltrue([for t in [azurerm_storage_account.this.tags, azurerm_private_endpoint.blob.tags, azurerm_user_assigned_identity.storage.tags, azurerm_cdn_frontdoor_profile.this.tags, azurerm_cdn_frontdoor_endpoint.this.tags, azurerm_cdn_frontdoor_firewall_policy.this.tags] : t["Project"] == "example" && t["ManagedBy"] == "terraform"])
    error_message = "Every taggable resource carries the mandatory tags."
  }
}

run "https_only_behind_a_blocking_waf" {
  command = plan

  assert {
    condition     = azurerm_cdn_frontdoor_profile.this.sku_name == "Premium_AzureFrontDoor" && azurerm_cdn_frontdoor_route.this.https_redirect_enabled && azurerm_cdn_frontdoor_route.this.forwarding_protocol == "HttpsOnly"
    error_message = "Premium, HTTP redirected to HTTPS, HTTPS to the origin."
  }

  assert {
    condition     = azurerm_cdn_frontdoor_firewall_policy.this.mode == "Prevention" && azurerm_cdn_frontdoor_firewall_policy.this.enabled
    error_message = "The WAF must block (prevention mode)."
  }

  assert {
    condition     = toset([for r in azurerm_cdn_frontdoor_firewall_policy.this.managed_rule : r.type]) == toset(["Microsoft_DefaultRuleSet", "Microsoft_BotManagerRuleSet"]) && alltrue([for r in azurerm_cdn_frontdoor_firewall_policy.this.managed_rule : r.action == "Block"])
    error_message = "Default and bot manager rule sets, blocking."
  }

  assert {
    condition     = azurerm_cdn_frontdoor_firewall_policy.this.custom_rule[0].type == "RateLimitRule" && azurerm_cdn_frontdoor_firewall_policy.this.custom_rule[0].rate_limit_threshold == 1000
    error_message = "A rate limit per client address."
  }

  assert {
    condition     = length(azurerm_cdn_frontdoor_rule.spa) == 1 && length(azurerm_cdn_frontdoor_custom_domain.this) == 0
    error_message = "Single-page routing by default, no custom domain unless given."
  }
}

run "custom_domain_has_a_managed_tls12_certificate" {
  command = plan

  variables {
    domain_name = "www.example.com"
    spa         = false
  }

  assert {
    condition     = azurerm_cdn_frontdoor_custom_domain.this["www.example.com"].tls[0].certificate_type == "ManagedCertificate" && azurerm_cdn_frontdoor_custom_domain.this["www.example.com"].tls[0].minimum_tls_version == "TLS12"
    error_message = "A managed certificate, TLS 1.2 minimum."
  }

  assert {
    condition     = length(azurerm_cdn_frontdoor_rule.spa) == 0
    error_message = "No single-page rewrite for a multi-page site."
  }
}

run "refuses_locally_redundant_storage" {
  command = plan

  variables {
    replication_type = "LRS"
  }

  expect_failures = [var.replication_type]
}
