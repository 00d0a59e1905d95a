# The smallest useful call of the container_app_worker module; the identifiers it is given are placeholders of
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

module "container_app_worker" {
  source = "../.."

  name                      = "ca-example-worker"
  location                  = "francecentral"
  resource_group_name       = "rg-example-prod"
  environment_id            = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/cae-example-prod"
  container_image           = "orders/worker:1.0.0"
  container_registry_server = "crexampleprod.azurecr.io"
  container_registry_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/crexampleprod"
  key_vault_id              = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example"
  key_vault_uri             = "https://kv-example.vault.azure.net/"
  tags                      = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

output "id" {
  description = "The module's id output."
  value       = module.container_app_worker.id
}

output "identity_principal_id" {
  description = "The module's identity_principal_id output."
  value       = module.container_app_worker.identity_principal_id
}
