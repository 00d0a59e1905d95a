variable "name" {
  description = "Container app name: 2 to 32 lower-case letters, digits and hyphens, starting with a letter."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "A container app name is 2 to 32 lower-case letters, digits and single hyphens, starting with a letter."
  }
}

variable "location" {
  description = "Azure region (of the identity; the app runs in its environment's)."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the worker."
  type        = string
}

variable "environment_id" {
  description = "Container Apps environment the worker runs in."
  type        = string
}

variable "workload_profile_name" {
  description = "Workload profile of the environment the worker runs on."
  type        = string
  default     = "Consumption"
}

variable "container_image" {
  description = "Image the worker runs (NAME:TAG or NAME@sha256:DIGEST, without the registry)."
  type        = string
}

variable "container_registry_server" {
  description = "Registry of the image (NAME.azurecr.io), pulled with the worker's identity."
  type        = string
}

variable "container_registry_id" {
  description = "Resource id of that Azure Container Registry, to grant AcrPull to the identity (empty: granted elsewhere)."
  type        = string
  default     = ""
}

variable "cpu" {
  description = "vCPU of a replica (0.25 to 4, by 0.25); its memory is twice that in GiB."
  type        = number
  default     = 0.5

  validation {
    condition     = var.cpu >= 0.25 && var.cpu <= 4 && floor(var.cpu * 4) == var.cpu * 4
    error_message = "A Consumption replica has 0.25 to 4 vCPU, by steps of 0.25."
  }
}

variable "min_replicas" {
  description = "Replicas always running (0: scaled to zero when its queue is empty)."
  type        = number
  default     = 1
}

variable "max_replicas" {
  description = "Replicas the scale rules may run at most."
  type        = number
  default     = 3

  validation {
    condition     = var.max_replicas >= 1 && var.max_replicas <= 300
    error_message = "A container app runs 1 to 300 replicas at most."
  }
}

variable "scale_rules" {
  description = "KEDA scale rules read with the scaler identity: name, type (azure-servicebus), metadata, and the scaled entity's id (scope of the scaler's role)."
  type        = list(object({ name = string, type = string, metadata = map(string), scope = string }))
  default     = []
}

variable "settings" {
  description = "Environment variables without secret values."
  type        = map(string)
  default     = {}
}

variable "key_vault_references" {
  description = "Environment variables whose value is a Key Vault secret, read with the worker's identity."
  type        = list(object({ setting = string, name = string }))
  default     = []
}

variable "key_vault_id" {
  description = "Key Vault holding the referenced secrets."
  type        = string
}

variable "key_vault_uri" {
  description = "URI of that Key Vault (https://NAME.vault.azure.net/)."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (the project's mandatory tags)."
  type        = map(string)
}
