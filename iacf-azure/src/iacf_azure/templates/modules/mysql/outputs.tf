output "id" {
  description = "Server id."
  value       = azurerm_mysql_flexible_server.this.id
}

output "fqdn" {
  description = "Private host name of the server."
  value       = azurerm_mysql_flexible_server.this.fqdn
}

output "database_name" {
  description = "Database created on the server."
  value       = azurerm_mysql_flexible_database.this.name
}
