output "id" {
  description = "Cache id."
  value       = azurerm_managed_redis.this.id
}

output "hostname" {
  description = "Host name of the cache (resolved to the private endpoint inside the network; TLS on port 10000)."
  value       = azurerm_managed_redis.this.hostname
}
