# A job on Container Apps run on a cron schedule: each execution starts its replicas, which run to completion or
# are stopped at the timeout and retried up to the retry limit. No ingress exists for jobs. Its image is pulled and
# its secrets are read as Key Vault references with a user-assigned identity granted on single resources.

locals {
  # the identity reads its own secrets only: one Key Vault reference per secret, no value in Terraform
  secret_names = toset([for ref in var.key_vault_references : ref.name])
}

resource "azurerm_user_assigned_identity" "this" {
  name                = "${var.name}-id"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_role_assignment" "secrets" {
  for_each = local.secret_names

  scope                = "${var.key_vault_id}/secrets/${each.key}"
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.this.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "registry" {
  count = var.container_registry_id == "" ? 0 : 1

  scope                = var.container_registry_id
  role_definition_name = "AcrPull"
  principal_id         = azurerm_user_assigned_identity.this.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_container_app_job" "this" {
  name                         = var.name
  location                     = var.location
  resource_group_name          = var.resource_group_name
  container_app_environment_id = var.environment_id
  workload_profile_name        = var.workload_profile_name
  replica_timeout_in_seconds   = var.timeout_seconds
  replica_retry_limit          = var.retry_limit
  tags                         = var.tags

  # the cron is evaluated in UTC by Container Apps
  schedule_trigger_config {
    cron_expression          = var.cron_expression
    parallelism              = var.parallelism
    replica_completion_count = var.parallelism
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.this.id]
  }

  registry {
    server   = var.container_registry_server
    identity = azurerm_user_assigned_identity.this.id
  }

  dynamic "secret" {
    for_each = local.secret_names

    content {
      name                = secret.key
      key_vault_secret_id = "${var.key_vault_uri}secrets/${secret.key}"
      identity            = azurerm_user_assigned_identity.this.id
    }
  }

  template {
    container {
      name   = "job"
      image  = "${var.container_registry_server}/${var.container_image}"
      cpu    = var.cpu
      memory = "${var.cpu * 2}Gi"

      env {
        name  = "AZURE_CLIENT_ID"
        value = azurerm_user_assigned_identity.this.client_id
      }

      dynamic "env" {
        for_each = var.settings

        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = var.key_vault_references

        content {
          name        = env.value.setting
          secret_name = env.value.name
        }
      }
    }
  }

  depends_on = [azurerm_role_assignment.secrets, azurerm_role_assignment.registry]
}
