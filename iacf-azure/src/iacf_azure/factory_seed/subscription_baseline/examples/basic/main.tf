# The smallest useful call of the subscription_baseline module; the identifiers it is given are placeholders of
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

module "subscription_baseline" {
  source = "../.."

  name                       = "example-prod"
  subscription_id            = "00000000-0000-0000-0000-000000000000"
  location                   = "francecentral"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  defender_plans             = { Arm = "PerSubscription", KeyVaults = "PerKeyVault", StorageAccounts = "DefenderForStorageV2" }
  security_contact_email     = "security@example.com"
  security_contact_phone     = "+33100000000"
}

output "policy_assignment_id" {
  description = "The module's policy_assignment_id output."
  value       = module.subscription_baseline.policy_assignment_id
}

output "defender_plans" {
  description = "The module's defender_plans output."
  value       = module.subscription_baseline.defender_plans
}
