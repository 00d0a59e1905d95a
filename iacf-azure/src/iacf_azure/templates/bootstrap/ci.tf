# The project's resource group and the identities GitHub Actions uses through OIDC (federated credentials: no
# client secret exists). The plan identity reads; the apply identity changes the project's resource group only,
# assigns only the roles the project's resources need, and holds the subscription-wide roles of the baseline only
# when the project manages it.

locals {
  issuer   = "https://token.actions.githubusercontent.com"
  audience = ["api://AzureADTokenExchange"]
  rg_scope = azurerm_resource_group.workload.id
  sub      = "/subscriptions/${var.subscription_id}"
  # a role assignment written or deleted by the apply identity must name one of the assignable roles
  assign_condition = <<-EOT
    (
      (!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'}))
      OR
      (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${join(", ", var.assignable_role_ids)}})
    )
    AND
    (
      (!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}))
      OR
      (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${join(", ", var.assignable_role_ids)}})
    )
  EOT
}

resource "azurerm_resource_group" "workload" {
  name     = "rg-${local.name}"
  location = var.location
  tags     = local.tags
}

resource "azurerm_user_assigned_identity" "plan" {
  name                = "id-${local.name}-github-plan"
  location            = var.location
  resource_group_name = azurerm_resource_group.state.name
  tags                = local.tags
}

resource "azurerm_user_assigned_identity" "apply" {
  name                = "id-${local.name}-github-apply"
  location            = var.location
  resource_group_name = azurerm_resource_group.state.name
  tags                = local.tags
}

resource "azurerm_federated_identity_credential" "plan_pull_requests" {
  name                      = "github-pull-requests"
  user_assigned_identity_id = azurerm_user_assigned_identity.plan.id
  issuer                    = local.issuer
  audience                  = local.audience
  subject                   = "repo:${var.github_repository}:pull_request"
}

resource "azurerm_federated_identity_credential" "plan_branches" {
  for_each = toset(var.plan_branches)

  name                      = "github-branch-${replace(each.key, "/[^A-Za-z0-9-]/", "-")}"
  user_assigned_identity_id = azurerm_user_assigned_identity.plan.id
  issuer                    = local.issuer
  audience                  = local.audience
  subject                   = "repo:${var.github_repository}:ref:refs/heads/${each.key}"
}

# apply runs only in the GitHub environment named like this one (protect it with required reviewers)
resource "azurerm_federated_identity_credential" "apply_environment" {
  name                      = "github-environment-${var.environment}"
  user_assigned_identity_id = azurerm_user_assigned_identity.apply.id
  issuer                    = local.issuer
  audience                  = local.audience
  subject                   = "repo:${var.github_repository}:environment:${var.environment}"
}

resource "azurerm_role_assignment" "plan_reader" {
  for_each = toset([local.rg_scope, local.sub])

  scope                = each.key
  role_definition_name = "Reader"
  principal_id         = azurerm_user_assigned_identity.plan.principal_id
  principal_type       = "ServicePrincipal"
}

# refreshing keys and certificates reads their metadata (no cryptographic operation, no secret value)
resource "azurerm_role_assignment" "plan_key_vault_reader" {
  scope                = local.rg_scope
  role_definition_name = "Key Vault Reader"
  principal_id         = azurerm_user_assigned_identity.plan.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "apply_contributor" {
  scope                = local.rg_scope
  role_definition_name = "Contributor"
  principal_id         = azurerm_user_assigned_identity.apply.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "apply_role_assignments" {
  scope                = local.rg_scope
  role_definition_name = "Role Based Access Control Administrator"
  principal_id         = azurerm_user_assigned_identity.apply.principal_id
  principal_type       = "ServicePrincipal"
  condition_version    = "2.0"
  condition            = local.assign_condition
}

resource "azurerm_role_assignment" "apply_subscription" {
  for_each = toset(var.subscription_baseline ? ["Security Admin", "Resource Policy Contributor", "Monitoring Contributor"] : [])

  scope                = local.sub
  role_definition_name = each.key
  principal_id         = azurerm_user_assigned_identity.apply.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "apply_flow_logs" {
  count = var.network_watcher_resource_group == "" ? 0 : 1

  scope                = "${local.sub}/resourceGroups/${var.network_watcher_resource_group}"
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.apply.principal_id
  principal_type       = "ServicePrincipal"
}
