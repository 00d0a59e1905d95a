variable "name" {
  description = "Cluster name (also its DNS prefix): 1 to 54 letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,52}[a-zA-Z0-9]$", var.name))
    error_message = "An AKS cluster name is 1 to 54 letters, digits and hyphens."
  }
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the cluster."
  type        = string
}

variable "tenant_id" {
  description = "Entra ID tenant of the cluster's users."
  type        = string
}

variable "admin_group_object_id" {
  description = "Object id of the Entra ID group administering the cluster."
  type        = string
}

variable "kubernetes_version" {
  description = "Kubernetes minor version (AKS applies the patch versions)."
  type        = string

  validation {
    condition     = can(regex("^1\\.[0-9]+$", var.kubernetes_version))
    error_message = "Give a minor version (1.33): the patch channel applies the patch versions."
  }
}

variable "sku_tier" {
  description = "Control plane tier: Standard (uptime SLA) or Free."
  type        = string
  default     = "Standard"

  validation {
    condition     = contains(["Free", "Standard", "Premium"], var.sku_tier)
    error_message = "The tier is Free, Standard or Premium."
  }
}

variable "system_vm_size" {
  description = "VM size of the system pool (a size with a local disk, for ephemeral OS disks)."
  type        = string
  default     = "Standard_D4ds_v5"
}

variable "system_os_disk_size_gb" {
  description = "Ephemeral OS disk of the system pool's nodes, in GiB (fits the VM's cache)."
  type        = number
  default     = 96
}

variable "system_min_nodes" {
  description = "Autoscaling floor of the system pool."
  type        = number
  default     = 3
}

variable "system_max_nodes" {
  description = "Autoscaling ceiling of the system pool."
  type        = number
  default     = 5
}

variable "vm_size" {
  description = "VM size of the user pool (a size with a local disk, for ephemeral OS disks)."
  type        = string
  default     = "Standard_D4ds_v5"
}

variable "os_disk_size_gb" {
  description = "Ephemeral OS disk of the user pool's nodes, in GiB (fits the VM's cache)."
  type        = number
  default     = 96
}

variable "min_nodes" {
  description = "Autoscaling floor of the user pool."
  type        = number
  default     = 3
}

variable "max_nodes" {
  description = "Autoscaling ceiling of the user pool."
  type        = number
  default     = 10

  validation {
    condition     = var.max_nodes >= var.min_nodes
    error_message = "max_nodes is at least min_nodes."
  }
}

variable "zones" {
  description = "Availability zones both pools spread over (empty: no zone spread)."
  type        = list(string)
  default     = ["1", "2", "3"]
}

variable "network_policy" {
  description = "Network policy engine: cilium or azure."
  type        = string
  default     = "cilium"

  validation {
    condition     = contains(["cilium", "azure"], var.network_policy)
    error_message = "The network policy is cilium or azure."
  }
}

variable "pod_cidr" {
  description = "Overlay range of the pods (outside the virtual network)."
  type        = string
  default     = "192.168.0.0/16"
}

variable "service_cidr" {
  description = "Range of the Kubernetes services (outside the virtual network); its 10th address is the DNS service."
  type        = string
  default     = "172.16.0.0/16"
}

variable "subnet_id" {
  description = "Subnet of the nodes (and of the API server's private endpoint)."
  type        = string
}

variable "private_dns_zone_id" {
  description = "Id of the privatelink.<region>.azmk8s.io private DNS zone of the API server."
  type        = string
}

variable "key_vault_key_id" {
  description = "Versionless id of the Key Vault key encrypting the cluster's managed disks."
  type        = string
}

variable "key_vault_key_resource_id" {
  description = "Azure resource id of that key: the scope of the disk encryption set's role assignment."
  type        = string
}

variable "registry_name" {
  description = "Container registry name: 5 to 50 letters and digits, unique in Azure."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9]{5,50}$", var.registry_name))
    error_message = "A container registry name is 5 to 50 letters and digits."
  }
}

variable "registry_key_vault_key_id" {
  description = "Versionless id of the Key Vault key encrypting the registry."
  type        = string
}

variable "registry_key_vault_key_resource_id" {
  description = "Azure resource id of that key: the scope of the registry identity's role assignment."
  type        = string
}

variable "georeplication_location" {
  description = "Region the registry is replicated to (empty: none)."
  type        = string
  default     = ""
}

variable "private_endpoint_subnet_id" {
  description = "Subnet of the registry's private endpoint."
  type        = string
}

variable "registry_private_dns_zone_id" {
  description = "Id of the privatelink.azurecr.io private DNS zone."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace of Defender, Container Insights and the control plane's logs."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
