variable "name" {
  type        = string
  description = "Base bucket name. With append_account_region_suffix the bucket is <name>-<account id>-<region>."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,35}[a-z0-9]$", var.name))
    error_message = "name must be 3-37 characters of lowercase letters, digits and hyphens (the account/region suffix is appended)."
  }
}

variable "append_account_region_suffix" {
  type        = bool
  description = "Append -<account id>-<region> to name to make the bucket name globally unique and predictable."
  default     = true
}

variable "force_destroy" {
  type        = bool
  description = "Allow terraform destroy to delete a non-empty bucket (all object versions are lost). Keep false in production."
  default     = false
}

variable "kms_key_arn" {
  type        = string
  description = "CMK ARN for SSE-KMS default encryption. null selects SSE-S3 (AES256), required for buckets that receive ALB access logs or S3 server access logs."
  default     = null
}

variable "access_logging_enabled" {
  type        = bool
  description = "Send S3 server access logs of this bucket to access_log_bucket_name. false only for the access-log bucket itself."
  default     = true
}

variable "access_log_bucket_name" {
  type        = string
  description = "Name of the bucket that receives this bucket's S3 server access logs (required when access_logging_enabled)."
  default     = null
}

variable "access_log_prefix" {
  type        = string
  description = "Key prefix for this bucket's server access logs in the access-log bucket. null means <bucket name>/."
  default     = null
}

variable "allow_elb_log_delivery" {
  type        = bool
  description = "Add bucket policy statements allowing Elastic Load Balancing to write access logs under <elb_log_prefix>/AWSLogs/<account id>/."
  default     = false
}

variable "elb_legacy_account_principal" {
  type        = bool
  description = "Also allow the legacy regional ELB account (needed in regions opened before August 2022). Set false in regions that the aws_elb_service_account data source does not know."
  default     = true
}

variable "elb_log_prefix" {
  type        = string
  description = "Key prefix that the load balancer writes its access logs under (must match the ALB's access_logs prefix)."
  default     = ""
}

variable "allow_s3_access_log_delivery" {
  type        = bool
  description = "Allow the S3 logging service (logging.s3.amazonaws.com) of this account to write server access logs into this bucket."
  default     = false
}

variable "access_log_source_buckets" {
  type        = list(string)
  description = "With allow_s3_access_log_delivery: the buckets whose server access logs this bucket receives (aws:SourceArn), each by the name given to its own s3_bucket module; with append_account_region_suffix the same -<account id>-<region> suffix is appended, as it is to their real names. Empty allows any bucket of this account."
  default     = []
}

variable "abort_incomplete_multipart_upload_days" {
  type        = number
  description = "Days after which incomplete multipart uploads are aborted."
  default     = 7
}

variable "transition_to_ia_days" {
  type        = number
  description = "Days after which current objects move to STANDARD_IA (minimum 30)."
  default     = 30

  validation {
    condition     = var.transition_to_ia_days >= 30
    error_message = "transition_to_ia_days must be at least 30."
  }
}

variable "transition_to_glacier_days" {
  type        = number
  description = "Days after which current objects move to GLACIER_IR (must be at least 30 days after the STANDARD_IA transition)."
  default     = 90
}

variable "expiration_days" {
  type        = number
  description = "Days after which current objects expire. null keeps them forever."
  default     = null
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days after which noncurrent object versions are permanently deleted."
  default     = 90
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for the bucket (the provider's default_tags carry the mandatory ones)."
  default     = {}
}

variable "object_ownership" {
  type        = string
  description = "S3 Object Ownership. BucketOwnerEnforced disables ACLs; BucketOwnerPreferred only for a bucket that receives CloudFront standard logs, which are delivered through an ACL grant."
  default     = "BucketOwnerEnforced"

  validation {
    condition     = contains(["BucketOwnerEnforced", "BucketOwnerPreferred"], var.object_ownership)
    error_message = "object_ownership must be BucketOwnerEnforced or BucketOwnerPreferred."
  }
}

variable "cloudfront_distribution_arn" {
  type        = string
  description = "ARN of the CloudFront distribution allowed to read objects through origin access control (s3:GetObject, condition AWS:SourceArn). null adds no statement."
  default     = null
}
