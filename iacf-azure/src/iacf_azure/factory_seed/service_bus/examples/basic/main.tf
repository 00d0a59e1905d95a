# The smallest useful call of the service_bus module; the identifiers it is given are placeholders of
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

module "service_bus" {
  source = "../.."

  name                       = "sb-example-dev"
  location                   = "francecentral"
  resource_group_name        = "rg-example-dev"
  key_vault_key_id           = "https://kv-example.vault.azure.net/keys/service-bus"
  key_vault_key_resource_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/service-bus"
  private_endpoint_subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  private_dns_zone_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.servicebus.windows.net"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  queues                     = { jobs = { fifo = false, lock_duration_seconds = 60, message_retention_days = 4, max_delivery_count = 10 } }
  topics                     = { events = { fifo = true, message_retention_days = 7, max_delivery_count = 5, subscriptions = ["billing"] } }
  tags                       = { Project = "example", Environment = "dev", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

output "id" {
  description = "The module's id output."
  value       = module.service_bus.id
}

output "endpoint" {
  description = "The module's endpoint output."
  value       = module.service_bus.endpoint
}
