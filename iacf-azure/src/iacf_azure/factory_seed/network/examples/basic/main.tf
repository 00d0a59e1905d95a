# The smallest useful call of the network module; the identifiers it is given are placeholders of
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

module "network" {
  source = "../.."

  name                         = "vnet-example-prod"
  location                     = "francecentral"
  resource_group_name          = "rg-example-prod"
  address_space                = "10.0.0.0/16"
  gateway_subnet               = true
  data_delegation              = "Microsoft.DBforPostgreSQL/flexibleServers"
  data_port                    = 5432
  private_dns_zones            = ["privatelink.vaultcore.azure.net", "privatelink.blob.core.windows.net"]
  network_watcher_name         = "NetworkWatcher_francecentral"
  flow_log_storage_account_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stflow"
  log_analytics_workspace_id   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  log_analytics_workspace_guid = "22222222-2222-2222-2222-222222222222"
  tags                         = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

output "id" {
  description = "The module's id output."
  value       = module.network.id
}

output "subnet_ids" {
  description = "The module's subnet_ids output."
  value       = module.network.subnet_ids
}
