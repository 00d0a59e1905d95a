output "id" {
  description = "Account id."
  value       = azurerm_cosmosdb_account.this.id
}

output "endpoint" {
  description = "Account endpoint (resolved to the private endpoint inside the network; Entra ID only)."
  value       = azurerm_cosmosdb_account.this.endpoint
}
