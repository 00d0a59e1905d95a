mock_provider "azurerm" {
  mock_resource "azurerm_api_management" {
    defaults = {
      private_ip_addresses = ["10.0.4.4"]
    }
  }
}

variables {
  name                       = "apim-example-prod"
  location                   = "francecentral"
  resource_group_name        = "rg-example-prod"
  sku_name                   = "Premium_3"
  zones                      = ["1", "2", "3"]
  publisher_name             = "Example"
  publisher_email            = "api@example.com"
  subnet_id                  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apim"
  api_name                   = "api"
  backend_host               = "func-example.azurewebsites.net"
  backend_resource_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Web/sites/func-example"
  backend_key_name           = "api-backend-key"
  key_vault_id               = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example"
  key_vault_uri              = "https://kv-example.vault.azure.net/"
  gateway_subnet_id          = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/gateway"
  domain_name                = "api.example.com"
  virtual_network_id         = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                       = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "internal_tls12_keys_required" {
  command = apply

  assert {
    condition     = azurerm_api_management.this.virtual_network_type == "Internal" && azurerm_api_management.this.virtual_network_configuration[0].subnet_id == var.subnet_id
    error_message = "The service must be injected in its subnet in internal mode."
  }

  assert {
    condition     = !azurerm_api_management.this.security[0].frontend_tls10_enabled && !azurerm_api_management.this.security[0].frontend_tls11_enabled && !azurerm_api_management.this.security[0].backend_tls11_enabled && !azurerm_api_management.this.security[0].triple_des_ciphers_enabled
    error_message = "TLS 1.2 only, no 3DES."
  }

  assert {
    condition     = azurerm_api_management_api.this.subscription_required && azurerm_api_management_product.this.approval_required && azurerm_api_management_api.this.protocols == toset(["https"])
    error_message = "Every call needs an approved subscription key, over HTTPS."
  }

  assert {
    condition     = azurerm_api_management_named_value.backend_key[0].secret && azurerm_api_management_named_value.backend_key[0].value == null
    error_message = "The backend key comes from Key Vault, never from Terraform."
  }

  assert {
    condition     = strcontains(azurerm_api_management_api_policy.this.xml_content, "<value>${join("", ["{", "{"])}backend-key}}</value>")
    error_message = "The function key is sent from the Key Vault-backed named value."
  }

  assert {
    condition     = azurerm_role_assignment.backend_key[0].scope == "${var.key_vault_id}/secrets/api-backend-key"
    error_message = "The service reads the backend key's secret only."
  }

  assert {
    condition     = alltrue([for pool in azurerm_application_gateway.this[0].backend_address_pool : toset(pool.ip_addresses) == toset(["10.0.4.4"])]) && azurerm_web_application_firewall_policy.this[0].policy_settings[0].mode == "Prevention"
    error_message = "The WAF publishes the private gateway, in prevention mode."
  }

  assert {
    condition     = azurerm_application_insights.this.local_authentication_disabled && azurerm_api_management_logger.this.application_insights[0].identity_client_id != null
    error_message = "Telemetry with Entra ID only."
  }

  assert {
    condition     = alltrue([for t in [azurerm_api_management.this.tags, azurerm_application_gateway.this[0].tags, azurerm_user_assigned_identity.apim.tags, azurerm_application_insights.this.tags, azurerm_private_dns_zone.gateway.tags] : t["Project"] == "example" && t["ManagedBy"] == "terraform"])
    error_message = "Every resource carries the project's tags."
  }
}

run "a_ca_issuer_is_read_back_from_the_vault" {
  command = plan

  variables {
    certificate_issuer = "DigiCert"
  }

  assert {
    condition     = length(data.azurerm_key_vault_certificate_issuer.ca) == 1 && azurerm_key_vault_certificate.tls[0].certificate_policy[0].issuer_parameters[0].name == "DigiCert"
    error_message = "The certificate names the CA issuer read back from the vault."
  }

  assert {
    condition     = azurerm_role_assignment.gateway_certificate[0].scope == "${var.key_vault_id}/secrets/apim-example-prod-tls"
    error_message = "The gateway may read its certificate's secret only."
  }
}

run "internal_only_has_no_gateway" {
  command = plan

  variables {
    sku_name         = "Developer_1"
    zones            = []
    internet_facing  = false
    backend_key_name = ""
    backend_audience = "api://backend"
  }

  assert {
    condition     = length(azurerm_application_gateway.this) == 0 && length(azurerm_public_ip.gateway) == 0 && length(azurerm_api_management_named_value.backend_key) == 0 && length(data.azurerm_key_vault_certificate_issuer.ca) == 0
    error_message = "An internal API has no internet entry point and no key to read."
  }

  assert {
    condition     = strcontains(azurerm_api_management_api_policy.this.xml_content, "authentication-managed-identity resource=\"api://backend\"")
    error_message = "With an audience, the backend is called with a token of the service's identity."
  }
}

run "http_backend_refused" {
  command = plan

  variables {
    backend_host = "http://func-example.azurewebsites.net"
  }

  expect_failures = [var.backend_host]
}
