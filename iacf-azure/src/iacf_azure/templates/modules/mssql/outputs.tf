output "id" {
  description = "Server id."
  value       = azurerm_mssql_server.this.id
}

output "fqdn" {
  description = "Host name of the server (resolves to its private endpoint inside the network)."
  value       = azurerm_mssql_server.this.fully_qualified_domain_name
}

output "database_name" {
  description = "Database created on the server."
  value       = azurerm_mssql_database.this.name
}
