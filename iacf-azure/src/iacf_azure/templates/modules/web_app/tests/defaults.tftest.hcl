mock_provider "azurerm" {}

variables {
  name                       = "app-example-prod"
  location                   = "francecentral"
  resource_group_name        = "rg-example-prod"
  sku_name                   = "P1v3"
  worker_count               = 3
  zone_redundant             = true
  zones                      = ["1", "2", "3"]
  container_image            = "example/web:1.0.0"
  container_registry_url     = "https://example.azurecr.io"
  port                       = 8000
  health_check_path          = "/health"
  settings                   = { DATABASE_HOST = "db.example" }
  key_vault_references       = [{ setting = "DJANGO_SECRET_KEY", name = "django-secret-key" }]
  key_vault_id               = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example"
  key_vault_name             = "kv-example"
  domain_name                = "app.example.com"
  certificate_issuer         = "Self"
  app_subnet_id              = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/app"
  gateway_subnet_id          = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/gateway"
  private_endpoint_subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  sites_private_dns_zone_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.azurewebsites.net"
  gateway_min_capacity       = 2
  gateway_max_capacity       = 10
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                       = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "private_https_only_behind_the_waf" {
  command = plan

  assert {
    condition     = azurerm_linux_web_app.this.https_only && azurerm_linux_web_app.this.public_network_access_enabled == false
    error_message = "The site is HTTPS only and has no public network access."
  }

  assert {
    condition     = azurerm_linux_web_app.this.site_config[0].minimum_tls_version == "1.2" && azurerm_linux_web_app.this.site_config[0].ftps_state == "Disabled" && azurerm_linux_web_app.this.site_config[0].vnet_route_all_enabled
    error_message = "TLS 1.2, no FTP, all outbound traffic through the VNet."
  }

  assert {
    condition     = azurerm_linux_web_app.this.app_settings["DJANGO_SECRET_KEY"] == "@Microsoft.KeyVault(VaultName=kv-example;SecretName=django-secret-key)"
    error_message = "Secrets are Key Vault references."
  }

  assert {
    condition     = azurerm_application_gateway.this.sku[0].name == "WAF_v2" && azurerm_web_application_firewall_policy.this.policy_settings[0].mode == "Prevention"
    error_message = "The gateway is WAF_v2 with a policy in prevention mode."
  }

  assert {
    condition     = alltrue([for l in azurerm_application_gateway.this.http_listener : l.protocol == "Https"]) && alltrue([for p in azurerm_application_gateway.this.frontend_port : p.port == 443])
    error_message = "The gateway listens on HTTPS only."
  }

  assert {
    condition     = azurerm_service_plan.this.zone_balancing_enabled && azurerm_service_plan.this.worker_count == 3
    error_message = "Zone-redundant plan in prod."
  }

  assert {
    condition     = azurerm_role_assignment.app_secrets["django-secret-key"].scope == "${var.key_vault_id}/secrets/django-secret-key"
    error_message = "The app may read its own secrets only."
  }

  assert {
    condition     = azurerm_role_assignment.gateway_certificate.scope == "${var.key_vault_id}/secrets/app-example-prod-tls"
    error_message = "The gateway may read its certificate's secret only."
  }

  assert {
    condition     = length(data.azurerm_key_vault_certificate_issuer.ca) == 0 && azurerm_key_vault_certificate.tls.certificate_policy[0].issuer_parameters[0].name == "Self"
    error_message = "A self-signed certificate reads no issuer from the vault."
  }

  assert {
    condition     = alltrue([for t in [azurerm_linux_web_app.this.tags, azurerm_service_plan.this.tags, azurerm_application_gateway.this.tags, azurerm_web_application_firewall_policy.this.tags, azurerm_public_ip.gateway.tags, azurerm_private_endpoint.site.tags, azurerm_key_vault_certificate.tls.tags, azurerm_user_assigned_identity.app.tags, azurerm_user_assigned_identity.gateway.tags] : t["Project"] == "example"])
    error_message = "Every taggable resource carries the mandatory tags."
  }
}

run "a_ca_issuer_is_read_back_from_the_vault" {
  command = plan

  variables {
    certificate_issuer = "DigiCert"
  }

  assert {
    condition     = length(data.azurerm_key_vault_certificate_issuer.ca) == 1 && data.azurerm_key_vault_certificate_issuer.ca[0].key_vault_id == var.key_vault_id
    error_message = "A CA issuer is read from the certificate's vault."
  }

  assert {
    condition     = azurerm_key_vault_certificate.tls.certificate_policy[0].issuer_parameters[0].name == "DigiCert"
    error_message = "The certificate names the issuer read back from the vault."
  }
}

run "refuses_a_plan_without_vnet_integration" {
  command = plan

  variables {
    sku_name = "B1"
  }

  expect_failures = [var.sku_name]
}
