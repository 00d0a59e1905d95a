# The smallest useful call of the container_apps_environment module; the identifiers it is given are placeholders of
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

module "container_apps_environment" {
  source = "../.."

  name                       = "cae-example-prod"
  location                   = "francecentral"
  resource_group_name        = "rg-example-prod"
  subnet_id                  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apps"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  tags                       = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

output "id" {
  description = "The module's id output."
  value       = module.container_apps_environment.id
}

output "default_domain" {
  description = "The module's default_domain output."
  value       = module.container_apps_environment.default_domain
}
