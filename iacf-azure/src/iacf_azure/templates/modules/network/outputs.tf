output "id" {
  description = "Virtual network id."
  value       = azurerm_virtual_network.this.id
}

output "subnet_ids" {
  description = "Subnet ids by tier (gateway, app, data, endpoints, apim, apps, cluster)."
  value       = { for tier, subnet in azurerm_subnet.this : tier => subnet.id }
}

output "private_dns_zone_ids" {
  description = "Private DNS zone ids by zone name."
  value       = { for name, zone in azurerm_private_dns_zone.this : name => zone.id }
}

output "nat_public_ip" {
  description = "The outbound public IP address of the application tier."
  value       = azurerm_public_ip.nat.ip_address
}
