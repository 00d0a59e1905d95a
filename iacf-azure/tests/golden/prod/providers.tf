# azurerm has no provider-level default tags: every resource is given local.tags (DECISIONS.md, control
# "tagging"; the tags gate checks every taggable type of the provider schema).
provider "azurerm" {
  subscription_id = var.subscription_id
  # blob and queue calls use Entra ID: the storage accounts have no shared key
  storage_use_azuread = true

  features {
    key_vault {
      purge_soft_delete_on_destroy    = false
      recover_soft_deleted_key_vaults = true
    }

    resource_group {
      prevent_deletion_if_contains_resources = true
    }
  }
}
