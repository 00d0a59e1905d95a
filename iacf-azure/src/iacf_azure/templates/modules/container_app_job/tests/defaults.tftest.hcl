mock_provider "azurerm" {}

variables {
  name                      = "caj-example-report"
  location                  = "francecentral"
  resource_group_name       = "rg-example-prod"
  environment_id            = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/cae"
  container_image           = "orders/report:1.0.0"
  container_registry_server = "example.azurecr.io"
  cron_expression           = "0 3 * * *"
  key_vault_id              = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example"
  key_vault_uri             = "https://kv-example.vault.azure.net/"
  tags                      = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "scheduled_with_timeout_retries_and_tags" {
  command = apply

  assert {
    condition     = azurerm_container_app_job.this.schedule_trigger_config[0].cron_expression == "0 3 * * *" && azurerm_container_app_job.this.replica_timeout_in_seconds == 1800 && azurerm_container_app_job.this.replica_retry_limit == 1
    error_message = "The job runs on its cron with a timeout and a retry limit."
  }

  assert {
    condition     = alltrue([for t in [azurerm_container_app_job.this.tags, azurerm_user_assigned_identity.this.tags] : t["Project"] == "example" && t["ManagedBy"] == "terraform"])
    error_message = "Every taggable resource carries the mandatory tags."
  }

  assert {
    condition     = azurerm_container_app_job.this.identity[0].type == "UserAssigned" && azurerm_container_app_job.this.registry[0].identity == azurerm_user_assigned_identity.this.id && azurerm_container_app_job.this.registry[0].password_secret_name == null
    error_message = "The job runs as its identity and pulls its image with it (no registry password)."
  }
}

run "parallel_replicas_and_secrets_from_key_vault" {
  command = apply

  variables {
    parallelism          = 3
    key_vault_references = [{ setting = "API_TOKEN", name = "report-api-token" }]
  }

  assert {
    condition     = azurerm_container_app_job.this.schedule_trigger_config[0].parallelism == 3 && azurerm_container_app_job.this.schedule_trigger_config[0].replica_completion_count == 3
    error_message = "Each execution starts and completes its replicas."
  }

  assert {
    condition     = alltrue([for s in azurerm_container_app_job.this.secret : s.key_vault_secret_id == "https://kv-example.vault.azure.net/secrets/report-api-token" && s.value == null]) && azurerm_role_assignment.secrets["report-api-token"].role_definition_name == "Key Vault Secrets User"
    error_message = "Secrets are Key Vault references read by the job's identity on that secret only."
  }
}

run "refuses_a_six_field_cron" {
  command = plan

  variables {
    cron_expression = "0 3 * * ? *"
  }

  expect_failures = [var.cron_expression]
}
