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

variable "github_repository" {
  description = "GitHub repository (OWNER/NAME) whose workflows plan and apply the project."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "Give the repository as OWNER/NAME."
  }
}

variable "plan_branches" {
  description = "Branches whose pushes run a plan (pull requests always do)."
  type        = list(string)
  default     = ["main"]
}

variable "subscription_baseline" {
  description = "The project manages the subscription's baseline (activity log, Defender for Cloud, benchmark policy)."
  type        = bool
  default     = true
}

variable "network_watcher_resource_group" {
  description = "Resource group of the region's Network Watcher holding the VNet flow logs; empty when the project creates its own."
  type        = string
  default     = "NetworkWatcherRG"
}

variable "assignable_role_ids" {
  description = "Role definition ids (GUIDs) the apply identity may assign inside the project's resource group."
  type        = list(string)
  default = [
    "e147488a-f6f5-4113-8e2d-b22465e65bf6", # Key Vault Crypto Service Encryption User
    "4633458b-17de-408a-b874-0445c86b69e6", # Key Vault Secrets User
    "14b46e9e-c2b7-41b4-b07b-48a6ebf60603", # Key Vault Crypto Officer
    "a4417e6f-fecd-4de8-b567-7b0420556985", # Key Vault Certificates Officer
    "7f951dda-4ed3-4680-a7ca-43fe172d538d", # AcrPull
    "ba92f5b4-2d11-453d-a403-e96b0029c9fe", # Storage Blob Data Contributor
    "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", # Storage Blob Data Reader
    "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", # Storage Blob Data Owner (a function's host containers)
    "3913510d-42f4-4e42-8a64-420c390055eb", # Monitoring Metrics Publisher (a function's Application Insights)
    "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", # Azure Service Bus Data Sender
    "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", # Azure Service Bus Data Receiver
    "090c5cfd-751d-490a-894a-3ce6f1109419", # Azure Service Bus Data Owner (a worker's KEDA scaler, on one queue)
  ]
}
