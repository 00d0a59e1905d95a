# One virtual network, one subnet per tier, each behind its own network security group that denies every inbound
# flow it does not name; outbound internet through a NAT gateway (no default outbound access); private DNS zones
# for the PaaS private endpoints; VNet flow logs to a storage account with traffic analytics in Log Analytics.

locals {
  # tier → (address block index, delegated service); the gateway tier exists only in front of a web app
  tiers = merge(
    var.gateway_subnet ? { gateway = { index = 0, delegation = "" } } : {},
    {
      app       = { index = 1, delegation = "Microsoft.Web/serverFarms" }
      data      = { index = 2, delegation = var.data_delegation }
      endpoints = { index = 3, delegation = "" }
    },
    var.apim_subnet ? { apim = { index = 4, delegation = "" } } : {},
    # AKS nodes (pods take overlay addresses, outside the network)
    var.cluster_subnet ? { cluster = { index = 16, delegation = "" } } : {},
    # the Container Apps environment's infrastructure subnet (workload profiles: delegated, /27 at least)
    var.apps_subnet ? { apps = { index = 5, delegation = "Microsoft.App/environments" } } : {},
  )
  prefixes = { for tier, t in local.tiers : tier => cidrsubnet(var.address_space, 8, t.index) }

  watcher_name           = var.create_network_watcher ? azurerm_network_watcher.this[0].name : var.network_watcher_name
  watcher_resource_group = var.create_network_watcher ? var.resource_group_name : var.network_watcher_resource_group
}

resource "azurerm_virtual_network" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = var.resource_group_name
  address_space       = [var.address_space]
  tags                = var.tags
}

resource "azurerm_subnet" "this" {
  for_each = local.tiers

  name                              = each.key
  resource_group_name               = var.resource_group_name
  virtual_network_name              = azurerm_virtual_network.this.name
  address_prefixes                  = [local.prefixes[each.key]]
  default_outbound_access_enabled   = false
  private_endpoint_network_policies = "Enabled"

  dynamic "delegation" {
    for_each = each.value.delegation == "" ? [] : [each.value.delegation]

    content {
      name = replace(delegation.value, "/", ".")

      service_delegation {
        name = delegation.value
      }
    }
  }
}

resource "azurerm_network_security_group" "this" {
  for_each = local.tiers

  name                = "${var.name}-${each.key}"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_subnet_network_security_group_association" "this" {
  for_each = local.tiers

  subnet_id                 = azurerm_subnet.this[each.key].id
  network_security_group_id = azurerm_network_security_group.this[each.key].id
}

# last rule of every group: what no rule above allows is refused, traffic inside the network included
resource "azurerm_network_security_rule" "deny_inbound" {
  for_each = local.tiers

  name                        = "deny-all-inbound"
  priority                    = 4096
  direction                   = "Inbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this[each.key].name
}

# the Application Gateway tier: HTTPS from the internet, the platform's health probes and control plane
resource "azurerm_network_security_rule" "gateway_https" {
  count = var.gateway_subnet ? 1 : 0

  name                        = "allow-https-from-internet"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "443"
  source_address_prefix       = "Internet"
  destination_address_prefix  = local.prefixes["gateway"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["gateway"].name
}

resource "azurerm_network_security_rule" "gateway_manager" {
  count = var.gateway_subnet ? 1 : 0

  name                        = "allow-gateway-manager"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "65200-65535"
  source_address_prefix       = "GatewayManager"
  destination_address_prefix  = "*"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["gateway"].name
}

resource "azurerm_network_security_rule" "gateway_load_balancer" {
  count = var.gateway_subnet ? 1 : 0

  name                        = "allow-azure-load-balancer"
  priority                    = 120
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "AzureLoadBalancer"
  destination_address_prefix  = "*"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["gateway"].name
}

# the data tier answers the application tier only, on the database port
resource "azurerm_network_security_rule" "data_from_app" {
  count = var.data_port > 0 ? 1 : 0

  name                        = "allow-database-from-app"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = tostring(var.data_port)
  source_address_prefix       = local.prefixes["app"]
  destination_address_prefix  = local.prefixes["data"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["data"].name
}

# Flexible Server's high availability replicates inside the delegated subnet
resource "azurerm_network_security_rule" "data_within_tier" {
  count = var.data_port > 0 ? 1 : 0

  name                        = "allow-within-data-tier"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = local.prefixes["data"]
  destination_address_prefix  = local.prefixes["data"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["data"].name
}

# the gateway reaches the site's private endpoint and reads its certificate from Key Vault's
resource "azurerm_network_security_rule" "endpoints_from_gateway" {
  count = var.gateway_subnet ? 1 : 0

  name                        = "allow-https-from-gateway"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "443"
  source_address_prefix       = local.prefixes["gateway"]
  destination_address_prefix  = local.prefixes["endpoints"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["endpoints"].name
}

# runners applying Terraform from a peered network reach Key Vault's endpoint (keys, certificates)
resource "azurerm_network_security_rule" "endpoints_from_management" {
  count = length(var.management_prefixes) > 0 ? 1 : 0

  name                        = "allow-https-from-management"
  priority                    = 120
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "443"
  source_address_prefixes     = var.management_prefixes
  destination_address_prefix  = local.prefixes["endpoints"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["endpoints"].name
}

# private endpoints (Key Vault, storage, the site) answer HTTPS from the application tier
resource "azurerm_network_security_rule" "endpoints_from_app" {
  name                        = "allow-https-from-app"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "443"
  source_address_prefix       = local.prefixes["app"]
  destination_address_prefix  = local.prefixes["endpoints"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["endpoints"].name
}

# service protocols of private endpoints beyond HTTPS (AMQP over TLS to Service Bus, Redis over TLS and the port
# range of an OSS-clustered Redis's shards, Azure SQL's TDS), from the application tier
resource "azurerm_network_security_rule" "endpoints_services_from_app" {
  count = length(var.endpoint_extra_ports) > 0 ? 1 : 0

  name                        = "allow-services-from-app"
  priority                    = 130
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = var.endpoint_extra_ports
  source_address_prefix       = local.prefixes["app"]
  destination_address_prefix  = local.prefixes["endpoints"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["endpoints"].name
}

# AKS: nodes and pods of the cluster talk to each other (the API server's private endpoint sits in this tier), and
# Azure's load balancer probes the nodes
resource "azurerm_network_security_rule" "cluster_within_tier" {
  count = var.cluster_subnet ? 1 : 0

  name                        = "allow-within-cluster"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefixes     = [local.prefixes["cluster"], var.cluster_pod_cidr]
  destination_address_prefix  = local.prefixes["cluster"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["cluster"].name
}

resource "azurerm_network_security_rule" "cluster_load_balancer" {
  count = var.cluster_subnet ? 1 : 0

  name                        = "allow-azure-load-balancer"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "AzureLoadBalancer"
  destination_address_prefix  = local.prefixes["cluster"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["cluster"].name
}

# the cluster's nodes reach Key Vault (secrets provider) and the registry through their private endpoints
resource "azurerm_network_security_rule" "endpoints_from_cluster" {
  count = var.cluster_subnet ? 1 : 0

  name                        = "allow-https-from-cluster"
  priority                    = 140
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "443"
  source_address_prefix       = local.prefixes["cluster"]
  destination_address_prefix  = local.prefixes["endpoints"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["endpoints"].name
}

# the API Management tier (internal VNet mode): Azure's control plane on the management port, the platform's load
# balancer on its infrastructure port, HTTPS from the Application Gateway and from the application tier
resource "azurerm_network_security_rule" "apim_management" {
  count = var.apim_subnet ? 1 : 0

  name                        = "allow-apim-management"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "3443"
  source_address_prefix       = "ApiManagement"
  destination_address_prefix  = "VirtualNetwork"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["apim"].name
}

resource "azurerm_network_security_rule" "apim_load_balancer" {
  count = var.apim_subnet ? 1 : 0

  name                        = "allow-apim-load-balancer"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "6390"
  source_address_prefix       = "AzureLoadBalancer"
  destination_address_prefix  = "VirtualNetwork"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["apim"].name
}

resource "azurerm_network_security_rule" "apim_https" {
  count = var.apim_subnet ? 1 : 0

  name                        = "allow-https-to-apim"
  priority                    = 120
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "443"
  source_address_prefixes     = [for tier in ["gateway", "app"] : local.prefixes[tier] if contains(keys(local.prefixes), tier)]
  destination_address_prefix  = local.prefixes["apim"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["apim"].name
}

# API Management reaches the backend's private endpoint and Key Vault's (named values)
resource "azurerm_network_security_rule" "endpoints_from_apim" {
  count = var.apim_subnet ? 1 : 0

  name                        = "allow-https-from-apim"
  priority                    = 150
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "443"
  source_address_prefix       = local.prefixes["apim"]
  destination_address_prefix  = local.prefixes["endpoints"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["endpoints"].name
}

# the Container Apps tier: its replicas talk to each other and answer the platform's load balancer only
resource "azurerm_network_security_rule" "apps_within_tier" {
  count = var.apps_subnet ? 1 : 0

  name                        = "allow-within-apps-tier"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = local.prefixes["apps"]
  destination_address_prefix  = local.prefixes["apps"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["apps"].name
}

resource "azurerm_network_security_rule" "apps_load_balancer" {
  count = var.apps_subnet ? 1 : 0

  name                        = "allow-azure-load-balancer"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "AzureLoadBalancer"
  destination_address_prefix  = local.prefixes["apps"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["apps"].name
}

# the Container Apps tier reaches the private endpoints like the application tier: HTTPS and the service ports
resource "azurerm_network_security_rule" "endpoints_from_apps" {
  count = var.apps_subnet ? 1 : 0

  name                        = "allow-services-from-apps"
  priority                    = 160
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = concat(["443"], var.endpoint_extra_ports)
  source_address_prefix       = local.prefixes["apps"]
  destination_address_prefix  = local.prefixes["endpoints"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["endpoints"].name
}

resource "azurerm_network_security_rule" "data_from_apps" {
  count = var.apps_subnet && var.data_port > 0 ? 1 : 0

  name                        = "allow-database-from-apps"
  priority                    = 120
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = tostring(var.data_port)
  source_address_prefix       = local.prefixes["apps"]
  destination_address_prefix  = local.prefixes["data"]
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.this["data"].name
}

resource "azurerm_public_ip" "nat" {
  name                = "${var.name}-nat"
  location            = var.location
  resource_group_name = var.resource_group_name
  allocation_method   = "Static"
  sku                 = "Standard"
  zones               = var.zones
  tags                = var.tags
}

resource "azurerm_nat_gateway" "this" {
  name                    = "${var.name}-nat"
  location                = var.location
  resource_group_name     = var.resource_group_name
  sku_name                = "Standard"
  idle_timeout_in_minutes = 4
  tags                    = var.tags
}

resource "azurerm_nat_gateway_public_ip_association" "this" {
  nat_gateway_id       = azurerm_nat_gateway.this.id
  public_ip_address_id = azurerm_public_ip.nat.id
}

# API Management's dependencies (Storage, SQL, Key Vault, Azure Monitor service tags) through the NAT gateway too
resource "azurerm_subnet_nat_gateway_association" "apim" {
  count = var.apim_subnet ? 1 : 0

  subnet_id      = azurerm_subnet.this["apim"].id
  nat_gateway_id = azurerm_nat_gateway.this.id
}

resource "azurerm_subnet_nat_gateway_association" "app" {
  subnet_id      = azurerm_subnet.this["app"].id
  nat_gateway_id = azurerm_nat_gateway.this.id
}

# AKS nodes leave through the NAT gateway too (outbound type userAssignedNATGateway)
resource "azurerm_subnet_nat_gateway_association" "cluster" {
  count = var.cluster_subnet ? 1 : 0

  subnet_id      = azurerm_subnet.this["cluster"].id
  nat_gateway_id = azurerm_nat_gateway.this.id
}

# the Container Apps tier pulls images and reaches public endpoints through the same NAT gateway (static IP)
resource "azurerm_subnet_nat_gateway_association" "apps" {
  count = var.apps_subnet ? 1 : 0

  subnet_id      = azurerm_subnet.this["apps"].id
  nat_gateway_id = azurerm_nat_gateway.this.id
}

resource "azurerm_private_dns_zone" "this" {
  for_each = toset(var.private_dns_zones)

  name                = each.key
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "this" {
  for_each = toset(var.private_dns_zones)

  name                  = var.name
  resource_group_name   = var.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.this[each.key].name
  virtual_network_id    = azurerm_virtual_network.this.id
  registration_enabled  = false
  tags                  = var.tags
}

# one Network Watcher per subscription and region: the one Azure creates (NetworkWatcherRG) unless asked
resource "azurerm_network_watcher" "this" {
  count = var.create_network_watcher ? 1 : 0

  name                = "${var.name}-watcher"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_network_watcher_flow_log" "this" {
  name                 = "${var.name}-flow-log"
  network_watcher_name = local.watcher_name
  resource_group_name  = local.watcher_resource_group
  location             = var.location
  target_resource_id   = azurerm_virtual_network.this.id
  storage_account_id   = var.flow_log_storage_account_id
  enabled              = true
  version              = 2
  tags                 = var.tags

  retention_policy {
    enabled = true
    days    = var.flow_log_retention_days
  }

  traffic_analytics {
    enabled               = true
    workspace_id          = var.log_analytics_workspace_guid
    workspace_region      = var.location
    workspace_resource_id = var.log_analytics_workspace_id
    interval_in_minutes   = var.traffic_analytics_interval
  }
}
