variable "name" {
  description = "Container Apps job name: 2 to 32 lower-case letters, digits and hyphens, starting with a letter."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "A job name is 2 to 32 lower-case letters, digits and single hyphens, starting with a letter."
  }
}

variable "location" {
  description = "Azure region (of the job and its identity)."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the job."
  type        = string
}

variable "environment_id" {
  description = "Container Apps environment the job runs in."
  type        = string
}

variable "workload_profile_name" {
  description = "Workload profile of the environment the job runs on."
  type        = string
  default     = "Consumption"
}

variable "container_image" {
  description = "Image the job runs (NAME:TAG or NAME@sha256:DIGEST, without the registry)."
  type        = string
}

variable "container_registry_server" {
  description = "Registry of the image (NAME.azurecr.io), pulled with the job's identity."
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

variable "cron_expression" {
  description = "When the job runs: a 5-field cron expression (minute hour day-of-month month day-of-week), in UTC."
  type        = string

  validation {
    condition     = length(split(" ", var.cron_expression)) == 5
    error_message = "A Container Apps job schedule is a 5-field cron expression."
  }
}

variable "timeout_seconds" {
  description = "Seconds a replica may run before it is stopped (and retried)."
  type        = number
  default     = 1800

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 86400
    error_message = "A replica times out after 1 to 86400 seconds."
  }
}

variable "retry_limit" {
  description = "Retries of a failed replica before the execution fails."
  type        = number
  default     = 1

  validation {
    condition     = var.retry_limit >= 0 && var.retry_limit <= 10
    error_message = "A job retries a replica 0 to 10 times."
  }
}

variable "parallelism" {
  description = "Replicas started by each execution (all must complete)."
  type        = number
  default     = 1

  validation {
    condition     = var.parallelism >= 1 && var.parallelism <= 100
    error_message = "An execution starts 1 to 100 replicas."
  }
}

variable "settings" {
  description = "Environment variables without secret values."
  type        = map(string)
  default     = {}
}

variable "key_vault_references" {
  description = "Environment variables whose value is a Key Vault secret, read with the job's identity."
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
