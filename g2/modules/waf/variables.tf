variable "name" {
  type        = string
  description = "Name of the web ACL; the log group is aws-waf-logs-<name>."

  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,100}$", var.name))
    error_message = "name must be 1-100 alphanumeric or hyphen characters."
  }
}

variable "resource_arn" {
  type        = string
  description = "ARN of the regional resource (ALB) protected by the web ACL; required with scope REGIONAL. null for a CLOUDFRONT web ACL, which the distribution names itself (web_acl_id)."
  default     = null
}

variable "scope" {
  type        = string
  description = "REGIONAL (ALB, API Gateway) or CLOUDFRONT (the module must then be given a us-east-1 provider)."
  default     = "REGIONAL"

  validation {
    condition     = contains(["REGIONAL", "CLOUDFRONT"], var.scope)
    error_message = "scope must be REGIONAL or CLOUDFRONT."
  }
}

variable "rate_limit" {
  type        = number
  description = "Maximum requests per client IP in any 5-minute window before the rate-based rule blocks it."
  default     = 2000

  validation {
    condition     = var.rate_limit >= 10 && var.rate_limit <= 2000000000
    error_message = "rate_limit must be between 10 and 2,000,000,000."
  }
}

variable "log_retention_in_days" {
  type        = number
  description = "Retention of the WAF log group, in days."
}

variable "log_kms_key_arn" {
  type        = string
  description = "ARN of the CMK that encrypts the WAF log group."
}

variable "redacted_headers" {
  type        = list(string)
  description = "Request headers (lower case) replaced by REDACTED in WAF logs."
  default     = ["authorization", "cookie"]
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource (the provider's default_tags carry the mandatory ones)."
  default     = {}
}
