# The smallest useful call of the monitoring module; the identifiers it is given are placeholders of
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

module "monitoring" {
  source = "../.."

  name                = "log-example-dev"
  short_name          = "example-dev"
  location            = "francecentral"
  resource_group_name = "rg-example-dev"
  resource_group_id   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-example-dev"
  retention_days      = 30
  monthly_budget      = 200
  alert_emails        = ["ops@example.com"]
  tags                = { Project = "example", Environment = "dev", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

output "workspace_id" {
  description = "The module's workspace_id output."
  value       = module.monitoring.workspace_id
}

output "workspace_guid" {
  description = "The module's workspace_guid output."
  value       = module.monitoring.workspace_guid
}
