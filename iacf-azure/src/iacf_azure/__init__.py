"""IaC Factory Azure plugin (hashicorp/azurerm 4.x)."""
