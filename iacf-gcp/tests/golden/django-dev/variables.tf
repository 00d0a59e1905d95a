variable "project" {
  type        = string
  description = "Project name, used in resource names and the project label."
  default     = "django-app"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,13}[a-z0-9]$", var.project))
    error_message = "The project must be 3-15 lowercase letters, digits or dashes (it prefixes names with tight length limits, such as service account IDs)."
  }
}

variable "environment" {
  type        = string
  description = "Deployment environment, used in names and the environment label. This configuration holds the decisions for dev only."
  default     = "dev"

  validation {
    condition     = contains(["dev"], var.environment)
    error_message = "This root module holds the dev configuration (DECISIONS.md); regenerate it for another environment."
  }
}

variable "project_id" {
  type        = string
  description = "ID of the existing Google Cloud project to deploy to."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a Google Cloud project ID (6-30 lowercase letters, digits, dashes)."
  }
}

variable "region" {
  type        = string
  description = "Google Cloud region to deploy to."
  default     = "europe-west9"
}

variable "owner" {
  type        = string
  description = "Team or person accountable for the resources (owner label)."
  default     = "platform-team"
}

variable "cost_center" {
  type        = string
  description = "Cost center charged for the resources (cost_center label)."
  default     = "unassigned"
}

variable "billing_account" {
  type        = string
  description = "Billing account ID (XXXXXX-XXXXXX-XXXXXX) of the project's budget."
}

variable "notification_emails" {
  type        = list(string)
  description = "Addresses of the budget alerts, besides the billing account's budget recipients."
  default     = []
}

variable "deployer_member" {
  type        = string
  description = "IAM member that applies this project (CI's apply service account from bootstrap/); it may attach the workloads' service accounts. null: the person applying already may."
  default     = null
}

variable "app_image" {
  type        = string
  description = "Container image of app in Artifact Registry (REGION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE:TAG or @sha256:...)."

  validation {
    condition     = can(regex("^[a-z0-9-]+-docker\\.pkg\\.dev/[a-z0-9-]+/[a-z0-9._-]+/[a-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$", var.app_image))
    error_message = "The image must be an Artifact Registry image with a tag or a digest."
  }
}

variable "app_lb_domains" {
  type        = list(string)
  description = "Domain names served by app_lb (managed certificate); point their A records at its address."
}
