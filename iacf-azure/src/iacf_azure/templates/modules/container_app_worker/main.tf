# A background worker on Container Apps: no ingress (nothing can call it), one revision at a time, replicas between
# min and max scaled by KEDA rules read with a scaler identity (no connection string), its image pulled and its secrets
# read as Key Vault references with a user-assigned identity granted on single resources.

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

# KEDA's Service Bus scaler reads message counts with a Manage-level call: a separate identity holds that on the
# scaled entity only, so the worker's own identity keeps its receiver role
resource "azurerm_user_assigned_identity" "scaler" {
  count = length(var.scale_rules) > 0 ? 1 : 0

  name                = "${var.name}-scaler"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_role_assignment" "scaler" {
  for_each = { for rule in var.scale_rules : rule.name => rule.scope }

  scope                = each.value
  role_definition_name = "Azure Service Bus Data Owner"
  principal_id         = azurerm_user_assigned_identity.scaler[0].principal_id
  principal_type       = "ServicePrincipal"
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

resource "azurerm_container_app" "this" {
  name                         = var.name
  resource_group_name          = var.resource_group_name
  container_app_environment_id = var.environment_id
  workload_profile_name        = var.workload_profile_name
  # one revision at a time: a new image replaces the running one, no traffic split to manage
  revision_mode = "Single"
  tags          = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = concat([azurerm_user_assigned_identity.this.id], azurerm_user_assigned_identity.scaler[*].id)
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
    min_replicas = var.min_replicas
    max_replicas = var.max_replicas

    container {
      name   = "worker"
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

    # KEDA rules (azure-servicebus) authenticated with the scaler identity: no connection string
    dynamic "custom_scale_rule" {
      for_each = var.scale_rules

      content {
        name             = custom_scale_rule.value.name
        custom_rule_type = custom_scale_rule.value.type
        metadata         = custom_scale_rule.value.metadata
        identity_id      = azurerm_user_assigned_identity.scaler[0].id
      }
    }
  }

  depends_on = [azurerm_role_assignment.secrets, azurerm_role_assignment.registry, azurerm_role_assignment.scaler]
}
