variable "project_id" {
  type        = string
  description = "Project of the cluster (Workload Identity pool, node role grants)."
}

variable "name" {
  type        = string
  description = "Name of the cluster and prefix of its node pool and service account."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,38}[a-z0-9]$", var.name))
    error_message = "name must be 2-40 lowercase letters, digits or dashes."
  }
}

variable "description" {
  type        = string
  description = "What the cluster is."
  default     = ""
}

variable "location" {
  type        = string
  description = "A region (regional cluster: control plane and nodes in three zones) or a zone (zonal cluster)."
}

variable "network" {
  type        = string
  description = "ID of the VPC."
}

variable "subnetwork" {
  type        = string
  description = "ID of the subnet holding the nodes and the pod and service secondary ranges."
}

variable "pods_range_name" {
  type        = string
  description = "Name of the subnet's secondary range for pods (alias IPs)."
}

variable "services_range_name" {
  type        = string
  description = "Name of the subnet's secondary range for services."
}

variable "cluster_ranges" {
  type        = list(string)
  description = "The subnet's primary range and the pod and service ranges: the cluster's own traffic."

  validation {
    condition     = length(var.cluster_ranges) > 0 && alltrue([for r in var.cluster_ranges : can(cidrhost(r, 0)) && r != "0.0.0.0/0"])
    error_message = "cluster_ranges must be IPv4 CIDR blocks, never 0.0.0.0/0."
  }
}

variable "authorized_networks" {
  type        = map(string)
  description = "Name => CIDR block allowed to reach the control plane."

  validation {
    condition     = length(var.authorized_networks) > 0 && alltrue([for r in values(var.authorized_networks) : can(cidrhost(r, 0)) && !endswith(r, "/0")])
    error_message = "authorized_networks must list at least one CIDR block, never a /0."
  }
}

variable "private_endpoint" {
  type        = bool
  description = "The control plane has no public endpoint at all (reached from the VPC only)."
  default     = true
}

variable "release_channel" {
  type        = string
  description = "GKE release channel: RAPID, REGULAR or STABLE."
  default     = "REGULAR"

  validation {
    condition     = contains(["RAPID", "REGULAR", "STABLE"], var.release_channel)
    error_message = "release_channel must be RAPID, REGULAR or STABLE."
  }
}

variable "machine_type" {
  type        = string
  description = "Machine type of the nodes."
}

variable "disk_size_gb" {
  type        = number
  description = "Boot disk size of a node in GB."
  default     = 100

  validation {
    condition     = var.disk_size_gb >= 20
    error_message = "disk_size_gb must be at least 20."
  }
}

variable "min_nodes" {
  type        = number
  description = "Minimum nodes per zone of the pool."

  validation {
    condition     = var.min_nodes >= 0
    error_message = "min_nodes must be 0 or more."
  }
}

variable "max_nodes" {
  type        = number
  description = "Maximum nodes per zone of the pool."

  validation {
    condition     = var.max_nodes >= 1
    error_message = "max_nodes must be at least 1."
  }
}

variable "node_tag" {
  type        = string
  description = "Network tag of the nodes (the firewall's egress rules select it)."
}

variable "node_roles" {
  type        = list(string)
  description = "Project roles of the node service account: log, metric and metadata writers only."
  default     = ["roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/stackdriver.resourceMetadata.writer"]

  validation {
    condition     = alltrue([for r in var.node_roles : !contains(["roles/owner", "roles/editor", "roles/viewer"], r)])
    error_message = "node_roles must not hold a basic role."
  }
}

variable "kms_key" {
  type        = string
  description = "Cloud KMS key encrypting Kubernetes Secrets in etcd (GKE's service agent must hold encrypter/decrypter on it)."
}

variable "boot_disk_kms_key" {
  type        = string
  description = "Cloud KMS key encrypting the nodes' boot disks (Compute Engine's service agent must hold encrypter/decrypter on it)."
}

variable "rbac_security_group" {
  type        = string
  description = "The organization's gke-security-groups@DOMAIN group (Google Groups for RBAC), or null."
  default     = null

  validation {
    condition     = var.rbac_security_group == null || can(regex("^gke-security-groups@[a-z0-9.-]+$", var.rbac_security_group))
    error_message = "rbac_security_group must be gke-security-groups@ followed by the organization's domain."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Terraform refuses to destroy the cluster."
  default     = true
}

variable "deployer_member" {
  type        = string
  description = "IAM member applying this configuration (may attach the node service account), or null."
  default     = null
}

variable "labels" {
  type        = map(string)
  description = "Labels of the cluster and its nodes (the stack's mandatory labels)."

  validation {
    condition     = length(var.labels) > 0
    error_message = "Give the cluster its labels (the stack's mandatory labels)."
  }
}
