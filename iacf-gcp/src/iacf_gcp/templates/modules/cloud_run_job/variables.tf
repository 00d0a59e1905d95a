variable "name" {
  type        = string
  description = "Name of the job and of its schedule (and prefix of its secrets)."
}

variable "service_account_email" {
  type        = string
  description = "Email of the job's own service account (created by the caller, so that other modules can grant it)."
}

variable "invoker_service_account_email" {
  type        = string
  description = "Email of the service account Cloud Scheduler starts the job as (granted run.invoker on this job only)."
}

variable "description" {
  type        = string
  description = "What the job does."
  default     = ""
}

variable "region" {
  type        = string
  description = "Region of the job, its schedule and its secrets' replica."
}

variable "image" {
  type        = string
  description = "Container image (Artifact Registry), by tag or digest."
}

variable "cpu" {
  type        = string
  description = "CPU limit of a task (\"1\", \"2\", \"4\"...)."
}

variable "memory" {
  type        = string
  description = "Memory limit of a task (512Mi, 1Gi...)."
}

variable "tasks" {
  type        = number
  description = "Tasks of one execution (each reads its index in CLOUD_RUN_TASK_INDEX)."
  default     = 1
}

variable "timeout_seconds" {
  type        = number
  description = "Time a task may run before it is stopped."

  validation {
    condition     = var.timeout_seconds >= 10 && var.timeout_seconds <= 86400
    error_message = "The task timeout is 10 to 86400 seconds."
  }
}

variable "max_retries" {
  type        = number
  description = "Retries of a failed task."

  validation {
    condition     = var.max_retries >= 0 && var.max_retries <= 10
    error_message = "A task is retried 0 to 10 times."
  }
}

variable "schedule" {
  type        = string
  description = "When the job runs, in unix cron (minute hour day-of-month month day-of-week)."

  validation {
    condition     = length(split(" ", trimspace(var.schedule))) == 5
    error_message = "The schedule is a unix cron expression of 5 fields."
  }
}

variable "time_zone" {
  type        = string
  description = "IANA time zone the schedule reads its hours in (UTC, Europe/Paris...)."
}

variable "network" {
  type        = string
  description = "VPC the job's egress goes through (Direct VPC egress)."
}

variable "subnetwork" {
  type        = string
  description = "Subnet the job's tasks take their addresses from."
}

variable "network_tags" {
  type        = list(string)
  description = "Network tags of the tasks (the firewall's egress rules target them)."
}

variable "env" {
  type        = map(string)
  description = "Plain environment variables (never a secret)."
  default     = {}
}

variable "secrets" {
  type        = list(string)
  description = "Environment variables read from Secret Manager: each becomes a secret the job alone reads."
  default     = []
}

variable "key_of_stored_values" {
  type        = string
  description = "Cloud KMS key of the secrets (region of the job); needed only with secrets."
  default     = null
}

variable "kms_key" {
  type        = string
  description = "Cloud KMS key of the job (Cloud Run's service agent must be allowed to use it)."
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to destroy the job and its secrets."
}
