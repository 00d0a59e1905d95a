# The smallest useful call of the web_app module; the identifiers it is given are placeholders of
# the resources a project creates around it (see the project's main.tf).
terraform {
  required_version = ">= 1.5"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.81"
    }
  }
}

provider "azurerm" {
  features {}
}

module "web_app" {
  source = "../.."

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

output "id" {
  description = "The module's id output."
  value       = module.web_app.id
}

output "identity_principal_id" {
  description = "The module's identity_principal_id output."
  value       = module.web_app.identity_principal_id
}
