output "id" {
  description = "Virtual network id."
  value       = azurerm_virtual_network.this.id
}

# A subnet is handed out with its security group, every rule of it and its NAT gateway in place: what is made in it
# (a private endpoint, an App Service integration, API Management, a gateway) is reachable as the rules say and
# reaches out from its first minute. Otherwise the deny-all rule could be in force before the rule letting the
# runners (Key Vault's data plane) or the Application Gateway (its certificate) reach the endpoints, and a service
# that checks its outbound access when it is created (API Management) could find none (no default outbound access).
output "subnet_ids" {
  description = "Subnet ids by tier (gateway, app, data, endpoints, apim, apps, cluster), once their rules and NAT are in place."
  value       = { for tier, subnet in azurerm_subnet.this : tier => subnet.id }
  depends_on = [
    azurerm_subnet_network_security_group_association.this,
    azurerm_nat_gateway_public_ip_association.this,
    azurerm_subnet_nat_gateway_association.app,
    azurerm_subnet_nat_gateway_association.apim,
    azurerm_subnet_nat_gateway_association.cluster,
    azurerm_subnet_nat_gateway_association.apps,
    azurerm_network_security_rule.deny_inbound,
    azurerm_network_security_rule.gateway_https,
    azurerm_network_security_rule.gateway_manager,
    azurerm_network_security_rule.gateway_load_balancer,
    azurerm_network_security_rule.data_from_app,
    azurerm_network_security_rule.data_within_tier,
    azurerm_network_security_rule.endpoints_from_gateway,
    azurerm_network_security_rule.endpoints_from_management,
    azurerm_network_security_rule.endpoints_from_app,
    azurerm_network_security_rule.endpoints_services_from_app,
    azurerm_network_security_rule.cluster_within_tier,
    azurerm_network_security_rule.cluster_load_balancer,
    azurerm_network_security_rule.endpoints_from_cluster,
    azurerm_network_security_rule.apim_management,
    azurerm_network_security_rule.apim_load_balancer,
    azurerm_network_security_rule.apim_https,
    azurerm_network_security_rule.endpoints_from_apim,
    azurerm_network_security_rule.apps_within_tier,
    azurerm_network_security_rule.apps_load_balancer,
    azurerm_network_security_rule.endpoints_from_apps,
    azurerm_network_security_rule.data_from_apps,
  ]
}

# A zone is handed out once it is linked to the network: the records private endpoints register in it resolve in the
# network (the Application Gateway reaching Key Vault, the applications) from the start.
output "private_dns_zone_ids" {
  description = "Private DNS zone ids by zone name, once each is linked to the network."
  value       = { for name, zone in azurerm_private_dns_zone.this : name => zone.id }
  depends_on  = [azurerm_private_dns_zone_virtual_network_link.this]
}

output "nat_public_ip" {
  description = "The outbound public IP address of the application tier."
  value       = azurerm_public_ip.nat.ip_address
}
