variable "project" {
  type        = string
  description = "Project name (prefix of every resource name)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,13}[a-z0-9]$", var.project))
    error_message = "project must be 3-15 lowercase letters, digits or dashes."
  }
}

variable "environment" {
  type        = string
  description = "Environment whose state and CI identities this creates."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "project_id" {
  type        = string
  description = "ID of the Google Cloud project (created beforehand, with billing)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a Google Cloud project ID (6-30 lowercase letters, digits, dashes)."
  }
}

variable "region" {
  type        = string
  description = "Region of the state bucket and its key."
}

variable "owner" {
  type        = string
  description = "Team accountable for the resources (owner label)."
}

variable "cost_center" {
  type        = string
  description = "Cost center (cost_center label)."
}

variable "data_classification" {
  type        = string
  description = "Data classification label."
  default     = "internal"
}

variable "github_owner" {
  type        = string
  description = "Owner (user or organization) of the GitHub repository whose workflows plan and apply."

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+$", var.github_owner))
    error_message = "github_owner must be a GitHub user or organization name."
  }
}

variable "github_repository_name" {
  type        = string
  description = "Name of the GitHub repository (without the owner)."

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+$", var.github_repository_name))
    error_message = "github_repository_name must be a repository name, without the owner."
  }
}

variable "state_retention_versions" {
  type        = number
  description = "Noncurrent versions of each state object kept."
  default     = 20
}

variable "apply_roles" {
  type        = list(string)
  description = "Predefined roles of the apply service account on the project: those of the services the stack creates (DECISIONS.md, gcp.delivery.apply-roles)."

  validation {
    condition     = alltrue([for r in var.apply_roles : !can(regex("^roles/(owner|editor|viewer|resourcemanager\\.projectIamAdmin|iam\\.(securityAdmin|roleAdmin|serviceAccountUser|serviceAccountTokenCreator))$", r))])
    error_message = "apply_roles holds no basic role, no project IAM role (projectIamAdmin is granted with its condition) and no service account user or token creator role on the project."
  }
}

variable "workload_roles" {
  type        = list(string)
  description = "Project-level roles the project's modules grant to workloads: the only ones the apply identity may grant or revoke (empty: none, only the audit configuration)."
  default     = []

  validation {
    condition     = alltrue([for r in var.workload_roles : !can(regex("^roles/(owner|editor|viewer|resourcemanager\\.projectIamAdmin|iam\\.(securityAdmin|roleAdmin|serviceAccountAdmin|serviceAccountUser|serviceAccountTokenCreator))$", r))])
    error_message = "workload_roles holds no basic role and no role that administers IAM or acts as a service account."
  }
}

variable "plan_roles" {
  type        = list(string)
  description = "Predefined read-only roles of the plan service account on the project (no basic role)."

  validation {
    condition     = alltrue([for r in var.plan_roles : !can(regex("^roles/viewer$", r)) && can(regex("(?i)(viewer|reader|browser|reviewer)$", r))])
    error_message = "plan_roles holds read-only predefined roles only (viewer, reader, browser, security reviewer), no basic role."
  }
}
