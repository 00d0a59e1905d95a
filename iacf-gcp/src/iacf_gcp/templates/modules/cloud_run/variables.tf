variable "name" {
  type        = string
  description = "Name of the service (and prefix of its secrets)."
}

variable "service_account_email" {
  type        = string
  description = "Email of the service's own service account (created by the caller, so that other modules can grant it)."
}

variable "description" {
  type        = string
  description = "What the service is."
  default     = ""
}

variable "region" {
  type        = string
  description = "Region of the service and of its secrets' replica."
}

variable "image" {
  type        = string
  description = "Container image (Artifact Registry), by tag or digest."
}

variable "port" {
  type        = number
  description = "Port the container listens on."
}

variable "health_check_path" {
  type        = string
  description = "Path of the startup and liveness probes."
}

variable "cpu" {
  type        = string
  description = "CPU limit of an instance (\"1\", \"2\", \"4\"...)."
}

variable "memory" {
  type        = string
  description = "Memory limit of an instance (512Mi, 1Gi...)."
}

variable "concurrency" {
  type        = number
  description = "Requests an instance serves at once."
  default     = 80
}

variable "min_instances" {
  type        = number
  description = "Instances kept warm (0: scale to zero)."
}

variable "max_instances" {
  type        = number
  description = "Autoscaling ceiling."

  validation {
    condition     = var.max_instances >= 1
    error_message = "max_instances must be at least 1."
  }
}

variable "network" {
  type        = string
  description = "VPC the service's egress goes through (Direct VPC egress)."
}

variable "subnetwork" {
  type        = string
  description = "Subnet the service's instances take their addresses from."
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
  description = "Environment variables read from Secret Manager: each becomes a secret the service alone reads."
  default     = []
}

variable "key_of_stored_values" {
  type        = string
  description = "Cloud KMS key of the secrets (region of the service)."
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to destroy the service and its secrets."
}
