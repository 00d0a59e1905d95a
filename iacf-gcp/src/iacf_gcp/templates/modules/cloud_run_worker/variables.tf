variable "name" {
  type        = string
  description = "Name of the worker pool (and prefix of its secrets)."
}

variable "service_account_email" {
  type        = string
  description = "Email of the worker's own service account (created by the caller, so that other modules can grant it)."
}

variable "description" {
  type        = string
  description = "What the worker does."
  default     = ""
}

variable "region" {
  type        = string
  description = "Region of the worker pool and of its secrets' replica."
}

variable "image" {
  type        = string
  description = "Container image (Artifact Registry), by tag or digest."
}

variable "cpu" {
  type        = string
  description = "CPU limit of an instance (\"1\", \"2\", \"4\"...)."
}

variable "memory" {
  type        = string
  description = "Memory limit of an instance (512Mi, 1Gi...)."
}

variable "instances" {
  type        = number
  description = "Instances always running (a worker pool does not scale to zero)."

  validation {
    condition     = var.instances >= 1
    error_message = "A worker pool runs at least one instance."
  }
}

variable "network" {
  type        = string
  description = "VPC the worker's egress goes through (Direct VPC egress)."
}

variable "subnetwork" {
  type        = string
  description = "Subnet the worker's instances take their addresses from."
}

variable "network_tags" {
  type        = list(string)
  description = "Network tags of the instances (the firewall's egress rules target them)."
}

variable "env" {
  type        = map(string)
  description = "Plain environment variables (never a secret)."
  default     = {}
}

variable "secrets" {
  type        = list(string)
  description = "Environment variables read from Secret Manager: each becomes a secret the worker alone reads."
  default     = []
}

variable "key_of_stored_values" {
  type        = string
  description = "Cloud KMS key of the secrets (region of the worker); needed only with secrets."
  default     = null
}

variable "kms_key" {
  type        = string
  description = "Cloud KMS key of the worker pool (Cloud Run's service agent must be allowed to use it)."
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to destroy the worker pool and its secrets."
}
