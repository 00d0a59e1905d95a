variable "subscription_id" {
  description = "Subscription (GUID) the state is created in."
  type        = string
}

variable "project" {
  description = "Project name (the Project tag)."
  type        = string
}

variable "environment" {
  description = "Environment (the Environment tag)."
  type        = string
}

variable "owner" {
  description = "Owner tag."
  type        = string
}

variable "cost_center" {
  description = "CostCenter tag."
  type        = string
}

variable "location" {
  description = "Azure region of the state."
  type        = string
}

variable "allowed_ip_ranges" {
  description = "Public address ranges (CIDR) allowed to reach the state and its key: the runners' and administrators'."
  type        = list(string)

  validation {
    condition     = length(var.allowed_ip_ranges) > 0
    error_message = "List at least one address range: nothing else can reach the state."
  }
}

variable "state_writer_object_ids" {
  description = "Object ids of the other identities applying the project (the CI workload identity...)."
  type        = list(string)
  default     = []
}
