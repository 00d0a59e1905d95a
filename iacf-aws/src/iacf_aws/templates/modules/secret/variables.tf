variable "name" {
  type        = string
  description = "Name of the secret (e.g. <project>/<environment>/django-secret-key)."

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_+=.@-]{1,512}$", var.name))
    error_message = "name may only contain alphanumerics and /_+=.@- (1-512 characters)."
  }
}

variable "description" {
  type        = string
  description = "What the secret holds and who sets it."
}

variable "kms_key_arn" {
  type        = string
  description = "ARN of the CMK encrypting the secret. Readers need kms:Decrypt on it (via secretsmanager)."
}

variable "recovery_window_in_days" {
  type        = number
  description = "Days during which a deleted secret can be restored (0 deletes immediately, otherwise 7-30)."
  default     = 30

  validation {
    condition     = var.recovery_window_in_days == 0 || (var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30)
    error_message = "recovery_window_in_days must be 0 or between 7 and 30."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for the secret (the provider's default_tags carry the mandatory ones)."
  default     = {}
}

variable "reader_role_arns" {
  type        = list(string)
  description = "IAM roles that may read the secret's value (e.g. an ECS execution role); the resource policy denies GetSecretValue to every other principal of any account."
}
