mock_provider "azurerm" {}

variables {
  name                      = "ca-example-worker"
  location                  = "francecentral"
  resource_group_name       = "rg-example-prod"
  environment_id            = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/cae"
  container_image           = "orders/worker:1.0.0"
  container_registry_server = "example.azurecr.io"
  key_vault_id              = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example"
  key_vault_uri             = "https://kv-example.vault.azure.net/"
  tags                      = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "no_ingress_single_revision_and_tagged" {
  command = apply

  assert {
    condition     = length(azurerm_container_app.this.ingress) == 0 && azurerm_container_app.this.revision_mode == "Single"
    error_message = "A worker has no ingress and runs one revision at a time."
  }

  assert {
    condition     = alltrue([for t in [azurerm_container_app.this.tags, azurerm_user_assigned_identity.this.tags] : t["Project"] == "example" && t["ManagedBy"] == "terraform"])
    error_message = "Every taggable resource carries the mandatory tags."
  }

  assert {
    condition     = azurerm_container_app.this.identity[0].type == "UserAssigned" && azurerm_container_app.this.registry[0].identity == azurerm_user_assigned_identity.this.id
    error_message = "The worker runs as its user-assigned identity and pulls its image with it (no registry password)."
  }

  assert {
    condition     = azurerm_container_app.this.template[0].container[0].memory == "1Gi" && azurerm_container_app.this.template[0].min_replicas == 1
    error_message = "Memory follows the Consumption ratio (2 GiB per vCPU)."
  }
}

run "keda_rule_with_the_identity_and_secrets_from_key_vault" {
  command = apply

  variables {
    min_replicas         = 2
    max_replicas         = 10
    scale_rules          = [{ name = "jobs", type = "azure-servicebus", metadata = { namespace = "sb-example", queueName = "jobs", messageCount = "10" }, scope = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/sb-example/queues/jobs" }]
    key_vault_references = [{ setting = "API_TOKEN", name = "worker-api-token" }]
  }

  assert {
    condition     = azurerm_container_app.this.template[0].custom_scale_rule[0].custom_rule_type == "azure-servicebus" && azurerm_container_app.this.template[0].custom_scale_rule[0].identity_id == azurerm_user_assigned_identity.scaler[0].id && length(azurerm_container_app.this.template[0].custom_scale_rule[0].authentication) == 0
    error_message = "The queue scale rule reads the queue with the scaler identity, no connection string."
  }

  assert {
    condition     = azurerm_role_assignment.scaler["jobs"].scope == var.scale_rules[0].scope && azurerm_role_assignment.scaler["jobs"].role_definition_name == "Azure Service Bus Data Owner"
    error_message = "The scaler's role is on the scaled queue only."
  }

  assert {
    condition     = alltrue([for s in azurerm_container_app.this.secret : s.key_vault_secret_id == "https://kv-example.vault.azure.net/secrets/worker-api-token" && s.value == null])
    error_message = "Secrets are Key Vault references, never values."
  }

  assert {
    condition     = azurerm_role_assignment.secrets["worker-api-token"].scope == "${var.key_vault_id}/secrets/worker-api-token" && azurerm_role_assignment.secrets["worker-api-token"].role_definition_name == "Key Vault Secrets User"
    error_message = "The identity reads its own secret only."
  }
}

run "no_registry_grant_without_a_registry" {
  command = apply

  assert {
    condition     = length(azurerm_role_assignment.registry) == 0 && length(azurerm_role_assignment.secrets) == 0 && length(azurerm_user_assigned_identity.scaler) == 0
    error_message = "No grant the worker does not need."
  }
}

run "refuses_a_cpu_the_consumption_profile_lacks" {
  command = plan

  variables {
    cpu = 0.3
  }

  expect_failures = [var.cpu]
}
