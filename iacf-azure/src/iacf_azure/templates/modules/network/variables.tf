variable "name" {
  description = "Name of the virtual network (and prefix of its security groups, NAT gateway and flow log)."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the network."
  type        = string
}

variable "address_space" {
  description = "Address space of the virtual network (a /16: each tier takes a /24)."
  type        = string

  validation {
    condition     = can(cidrhost(var.address_space, 0)) && tonumber(split("/", var.address_space)[1]) <= 20
    error_message = "Give an IPv4 CIDR block of /20 or larger."
  }
}

variable "zones" {
  description = "Availability zones of the NAT gateway's public IP (zone-redundant with three)."
  type        = list(string)
  default     = ["1", "2", "3"]
}

variable "gateway_subnet" {
  description = "Create the Application Gateway tier (HTTPS from the internet)."
  type        = bool
  default     = false
}

variable "apim_subnet" {
  description = "Create the API Management tier (internal VNet mode: the gateway's private address, its management port from Azure)."
  type        = bool
  default     = false
}

variable "apps_subnet" {
  description = "Create the Container Apps tier (a subnet delegated to Microsoft.App/environments)."
  type        = bool
  default     = false
}

variable "data_delegation" {
  description = "Service the data subnet is delegated to (Microsoft.DBforPostgreSQL/flexibleServers...); empty: none."
  type        = string
  default     = ""
}

variable "data_port" {
  description = "Database port the application tier may reach in the data tier; 0: none."
  type        = number
  default     = 0
}

variable "management_prefixes" {
  description = "Private address ranges (a peered network of self-hosted runners) allowed to the private endpoints on HTTPS."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.management_prefixes : can(cidrhost(p, 0)) && !startswith(p, "0.0.0.0")])
    error_message = "Give private CIDR ranges (never 0.0.0.0/0)."
  }
}

variable "endpoint_extra_ports" {
  description = "Ports beyond 443 the private endpoints answer from the application tier (5671: AMQP over TLS to Service Bus; 10000: Redis over TLS to Azure Managed Redis; 8500-8599: the shards of an Azure Managed Redis cache under the OSS clustering policy; 1433: TDS with TLS to Azure SQL)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for port in var.endpoint_extra_ports : contains(["5671", "10000", "8500-8599", "1433"], port)])
    error_message = "Only AMQP over TLS (5671), Redis over TLS (10000), the shards of an OSS-clustered Redis (8500-8599) and Azure SQL (1433) are opened beyond HTTPS."
  }
}

variable "private_dns_zones" {
  description = "Private DNS zones linked to the network (privatelink.vaultcore.azure.net...)."
  type        = list(string)
  default     = []
}

variable "create_network_watcher" {
  description = "Create a Network Watcher in the project's resource group instead of using the region's existing one."
  type        = bool
  default     = false
}

variable "network_watcher_name" {
  description = "Existing Network Watcher of the region (Azure's default name)."
  type        = string
  default     = ""
}

variable "network_watcher_resource_group" {
  description = "Resource group of the existing Network Watcher."
  type        = string
  default     = "NetworkWatcherRG"
}

variable "flow_log_storage_account_id" {
  description = "Storage account receiving the VNet flow logs (same region, customer-managed key)."
  type        = string
}

variable "flow_log_retention_days" {
  description = "Days the flow logs are kept in the storage account."
  type        = number
  default     = 90
}

variable "log_analytics_workspace_id" {
  description = "Resource id of the Log Analytics workspace of traffic analytics."
  type        = string
}

variable "log_analytics_workspace_guid" {
  description = "Workspace (customer) id of the same workspace."
  type        = string
}

variable "traffic_analytics_interval" {
  description = "Minutes between traffic analytics runs (10 or 60)."
  type        = number
  default     = 60

  validation {
    condition     = contains([10, 60], var.traffic_analytics_interval)
    error_message = "Traffic analytics runs every 10 or 60 minutes."
  }
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}

variable "cluster_subnet" {
  description = "Add a tier for AKS nodes (reaching the private endpoints, leaving through the NAT gateway)."
  type        = bool
  default     = false
}

variable "cluster_pod_cidr" {
  description = "Overlay range of the AKS pods, let into the cluster tier."
  type        = string
  default     = "192.168.0.0/16"
}
