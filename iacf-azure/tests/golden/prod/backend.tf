# Remote state in the storage account bootstrap/ created, read and written with Entra ID (no shared key), locked
# by a blob lease. Partial configuration: copy backend.hcl.example to backend.hcl, fill it, then
#   terraform init -backend-config=backend.hcl
terraform {
  backend "azurerm" {
    use_azuread_auth = true
  }
}
