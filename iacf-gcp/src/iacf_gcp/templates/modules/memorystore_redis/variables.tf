variable "name" {
  type        = string
  description = "Instance ID (lowercase letters, digits, dashes; up to 40)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,38}[a-z0-9]$", var.name))
    error_message = "name must be 2-40 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "Region of the instance (the region of its key)."
}

variable "tier" {
  type        = string
  description = "BASIC (one node) or STANDARD_HA (a replica in another zone, automatic failover)."

  validation {
    condition     = contains(["BASIC", "STANDARD_HA"], var.tier)
    error_message = "tier must be BASIC or STANDARD_HA."
  }
}

variable "memory_size_gb" {
  type        = number
  description = "Memory of the instance in GB."
}

variable "redis_version" {
  type        = string
  description = "Redis version (REDIS_7_2, REDIS_7_0, REDIS_6_X)."
  default     = "REDIS_7_2"
}

variable "replica_count" {
  type        = number
  description = "Read replicas of a STANDARD_HA instance (1-5)."
  default     = 1

  validation {
    condition     = var.replica_count >= 1 && var.replica_count <= 5
    error_message = "replica_count must be between 1 and 5."
  }
}

variable "snapshots" {
  type        = bool
  description = "RDB snapshots every 12 hours."
  default     = true
}

variable "network" {
  type        = string
  description = "VPC peered through Private Service Access."
}

variable "kms_key" {
  type        = string
  description = "Cloud KMS key of the instance (Memorystore's service agent must hold encrypter/decrypter on it)."
}

variable "labels" {
  type        = map(string)
  description = "Labels of the instance."
  default     = {}
}
