mock_provider "azurerm" {}

variables {
  name                         = "vnet-example-prod"
  location                     = "francecentral"
  resource_group_name          = "rg-example-prod"
  address_space                = "10.0.0.0/16"
  gateway_subnet               = true
  data_delegation              = "Microsoft.DBforPostgreSQL/flexibleServers"
  data_port                    = 5432
  private_dns_zones            = ["privatelink.vaultcore.azure.net", "privatelink.blob.core.windows.net"]
  network_watcher_name         = "NetworkWatcher_francecentral"
  flow_log_storage_account_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stflow"
  log_analytics_workspace_id   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  log_analytics_workspace_guid = "22222222-2222-2222-2222-222222222222"
  tags                         = { Project = "example", Environment = "prod", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "every_subnet_behind_a_deny_by_default_group" {
  command = plan

  assert {
    condition     = length(azurerm_subnet.this) == 4 && length(azurerm_subnet_network_security_group_association.this) == 4
    error_message = "Every tier has a subnet and a security group."
  }

  assert {
    condition     = alltrue([for r in azurerm_network_security_rule.deny_inbound : r.access == "Deny" && r.priority == 4096 && r.source_address_prefix == "*"])
    error_message = "Every group ends with deny-all inbound."
  }

  assert {
    condition     = alltrue([for s in azurerm_subnet.this : s.default_outbound_access_enabled == false])
    error_message = "No subnet has default outbound access."
  }

  assert {
    condition     = azurerm_network_security_rule.data_from_app[0].source_address_prefix == "10.0.1.0/24" && azurerm_network_security_rule.data_from_app[0].destination_port_range == "5432"
    error_message = "The data tier answers the application tier only."
  }

  assert {
    condition     = azurerm_network_security_rule.endpoints_from_gateway[0].source_address_prefix == "10.0.0.0/24" && azurerm_network_security_rule.data_within_tier[0].destination_address_prefix == "10.0.2.0/24"
    error_message = "The gateway reaches the private endpoints; the database's standby replicates inside its tier."
  }

  assert {
    condition     = azurerm_network_watcher_flow_log.this.enabled && azurerm_network_watcher_flow_log.this.traffic_analytics[0].enabled
    error_message = "VNet flow logs with traffic analytics."
  }

  assert {
    condition     = alltrue([for t in concat([azurerm_virtual_network.this.tags, azurerm_nat_gateway.this.tags, azurerm_public_ip.nat.tags, azurerm_network_watcher_flow_log.this.tags], [for g in azurerm_network_security_group.this : g.tags], [for z in azurerm_private_dns_zone.this : z.tags]) : t["Environment"] == "prod"])
    error_message = "Every taggable resource carries the mandatory tags."
  }
}

run "refuses_the_internet_as_a_management_range" {
  command = plan

  variables {
    management_prefixes = ["0.0.0.0/0"]
  }

  expect_failures = [var.management_prefixes]
}

run "no_gateway_tier_without_a_web_app" {
  command = plan

  variables {
    gateway_subnet = false
    data_port      = 0
  }

  assert {
    condition     = !contains(keys(azurerm_subnet.this), "gateway") && length(azurerm_network_security_rule.gateway_https) == 0
    error_message = "No internet-facing tier when nothing is served."
  }
}

run "amqp_to_the_endpoints_from_the_app_tier_only_when_asked" {
  command = plan

  variables {
    endpoint_extra_ports = ["5671"]
  }

  assert {
    condition     = length(azurerm_network_security_rule.endpoints_services_from_app) == 1 && azurerm_network_security_rule.endpoints_services_from_app[0].destination_port_ranges == toset(["5671"]) && azurerm_network_security_rule.endpoints_services_from_app[0].source_address_prefix == cidrsubnet(var.address_space, 8, 1)
    error_message = "AMQP over TLS is opened from the application tier to the private endpoints only."
  }
}

run "redis_shard_ports_to_the_endpoints_when_asked" {
  command = plan

  variables {
    apps_subnet          = true
    endpoint_extra_ports = ["10000", "8500-8599"]
  }

  assert {
    condition     = azurerm_network_security_rule.endpoints_services_from_app[0].destination_port_ranges == toset(["10000", "8500-8599"]) && azurerm_network_security_rule.endpoints_services_from_app[0].destination_address_prefix == cidrsubnet(var.address_space, 8, 3)
    error_message = "The shards of an OSS-clustered Redis are reached from the application tier on 8500-8599, besides 10000, on the private endpoints only."
  }

  assert {
    condition     = azurerm_network_security_rule.endpoints_from_apps[0].destination_port_ranges == toset(["443", "10000", "8500-8599"])
    error_message = "The Container Apps tier reaches the shards too."
  }
}

run "refuses_a_port_range_it_does_not_know" {
  command = plan

  variables {
    endpoint_extra_ports = ["8000-9000"]
  }

  expect_failures = [var.endpoint_extra_ports]
}

run "container_apps_tier_only_when_asked" {
  command = plan

  variables {
    apps_subnet          = true
    endpoint_extra_ports = ["5671"]
  }

  assert {
    condition     = one(azurerm_subnet.this["apps"].delegation).service_delegation[0].name == "Microsoft.App/environments" && azurerm_subnet.this["apps"].address_prefixes[0] == "10.0.5.0/24"
    error_message = "The Container Apps tier is a subnet of its own delegated to Microsoft.App/environments."
  }

  assert {
    condition     = azurerm_network_security_rule.endpoints_from_apps[0].destination_port_ranges == toset(["443", "5671"]) && azurerm_network_security_rule.data_from_apps[0].destination_port_range == "5432" && length(azurerm_subnet_nat_gateway_association.apps) == 1
    error_message = "The Container Apps tier reaches the private endpoints and the database, and leaves through the NAT gateway."
  }

  assert {
    condition     = azurerm_network_security_rule.deny_inbound["apps"].access == "Deny" && azurerm_network_security_rule.apps_within_tier[0].source_address_prefix == "10.0.5.0/24"
    error_message = "The Container Apps tier denies every inbound flow but its own and the platform's load balancer."
  }
}
