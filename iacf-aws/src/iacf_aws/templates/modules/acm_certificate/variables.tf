variable "domain_name" {
  type        = string
  description = "Fully qualified domain name the certificate is issued for."

  validation {
    condition     = can(regex("^(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lowercase fully qualified domain name."
  }
}

variable "subject_alternative_names" {
  type        = list(string)
  description = "Additional names on the certificate."
  default     = []
}

variable "route53_zone_id" {
  type        = string
  description = "Public Route 53 hosted zone (in the account of this provider) holding every name of the certificate: the validation records are created there and the validation waits for ACM. null: the records are the validation_records output, created by whoever owns the zone."
  default     = null

  validation {
    condition     = var.route53_zone_id == null || can(regex("^[A-Z0-9]{1,32}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ."
  }
}

variable "wait_for_validation" {
  type        = bool
  description = "Create the aws_acm_certificate_validation, so that validated_arn is set once ACM has issued the certificate. Without route53_zone_id, set it only once the certificate is ISSUED: plan refuses otherwise, with the records to create."
}

variable "validation_timeout" {
  type        = string
  description = "How long the validation may wait for ACM. null: 30m with route53_zone_id (records just created), 5m without (the certificate is already issued)."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for the certificate (the provider's default_tags carry the mandatory ones)."
  default     = {}
}
