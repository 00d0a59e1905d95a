variable "name" {
  type        = string
  description = "Name of the topic and of its subscription; the dead-letter ones add -dead-letter."

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9._~+%-]{2,243}$", var.name))
    error_message = "name must start with a letter and be 3-244 letters, digits or ._~+%- characters."
  }
}

variable "region" {
  type        = string
  description = "The only region where messages are stored (message storage policy)."
}

variable "kms_key" {
  type        = string
  description = "Cloud KMS key ID of both topics (Pub/Sub's service agent must hold encrypter/decrypter on it)."
}

variable "pubsub_agent" {
  type        = string
  description = "Email of the project's Pub/Sub service agent (service-NUMBER@gcp-sa-pubsub.iam.gserviceaccount.com)."
}

variable "message_retention_days" {
  type        = number
  description = "Days unacknowledged messages are kept (1-7)."
  default     = 7

  validation {
    condition     = var.message_retention_days >= 1 && var.message_retention_days <= 7 && floor(var.message_retention_days) == var.message_retention_days
    error_message = "message_retention_days must be a whole number between 1 and 7."
  }
}

variable "ack_deadline_seconds" {
  type        = number
  description = "Seconds a consumer has to acknowledge a message before it is delivered again (10-600)."
  default     = 60

  validation {
    condition     = var.ack_deadline_seconds >= 10 && var.ack_deadline_seconds <= 600
    error_message = "ack_deadline_seconds must be between 10 and 600."
  }
}

variable "max_delivery_attempts" {
  type        = number
  description = "Deliveries before a message goes to the dead-letter topic (5-100)."
  default     = 5

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100."
  }
}

variable "pull_subscription" {
  type        = bool
  description = "Create the pull subscription its consumers read; false when only Eventarc triggers (their own push subscriptions) receive the messages."
  default     = true
}

variable "publishers" {
  type        = map(string)
  description = "Workload => service account email granted roles/pubsub.publisher on the topic only."
  default     = {}
}

variable "consumers" {
  type        = map(string)
  description = "Workload => service account email granted roles/pubsub.subscriber on the subscription only."
  default     = {}
}

variable "labels" {
  type        = map(string)
  description = "Labels of the topics and subscriptions (the provider's default_labels are added)."
  default     = {}
}
