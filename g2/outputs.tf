output "cloudtrail_arn" {
  description = "ARN of the multi-region CloudTrail trail (null when left to the account baseline)."
  value       = module.governance.cloudtrail_arn
}

output "guardduty_detector_id" {
  description = "ID of the GuardDuty detector (null when left to the account baseline)."
  value       = module.governance.guardduty_detector_id
}

output "config_recorder_name" {
  description = "Name of the AWS Config recorder (null when left to the account baseline)."
  value       = module.governance.config_recorder_name
}

output "budget_name" {
  description = "Name of the monthly cost budget (null when left to the account baseline)."
  value       = module.governance.budget_name
}

output "site_distribution_domain_name" {
  description = "Domain name of the CloudFront distribution (null until HTTPS is on); point the site's domain name at it (CNAME or Route 53 alias)."
  value       = one(aws_cloudfront_distribution.site[*].domain_name)
}

output "site_distribution_hosted_zone_id" {
  description = "Hosted zone ID of the distribution, for a Route 53 alias record."
  value       = one(aws_cloudfront_distribution.site[*].hosted_zone_id)
}

output "site_distribution_id" {
  description = "ID of the CloudFront distribution (cache invalidations after a deployment)."
  value       = one(aws_cloudfront_distribution.site[*].id)
}

output "site_bucket" {
  description = "Name of the private bucket the pipeline uploads the site's files to."
  value       = module.site.bucket_id
}

output "site_waf_web_acl_arn" {
  description = "ARN of the CLOUDFRONT-scope WAF web ACL protecting the distribution."
  value       = module.site_waf.web_acl_arn
}

output "site_acm_certificate_arn" {
  description = "ARN of the ACM certificate, issued or not (aws acm describe-certificate shows its status)."
  value       = module.site_certificate.arn
}

output "site_acm_certificate_status" {
  description = "Status of the ACM certificate at the last refresh: PENDING_VALIDATION until its validation records exist, then ISSUED."
  value       = module.site_certificate.status
}

output "site_acm_certificate_validation_records" {
  description = "DNS records that let ACM validate and renew the certificate: created by Terraform with dns_zone_id, else create them in the zone of the domain. Keep them."
  value       = module.site_certificate.validation_records
}

output "site_https_next_step" {
  description = "What HTTPS needs next (first deployment)."
  value       = var.site_https_enabled ? (var.dns_zone_id != null ? "HTTPS is on; the alias record of ${var.site_domain_name} is in zone ${var.dns_zone_id}." : "HTTPS is on; point ${var.site_domain_name} at ${one(aws_cloudfront_distribution.site[*].domain_name)} (CNAME, or an alias record).") : (var.dns_zone_id != null ? "Set site_https_enabled = true in iacf.auto.tfvars and apply: Terraform validates the certificate in zone ${var.dns_zone_id}." : "Create the CNAME records of output site_acm_certificate_validation_records in the zone of ${var.site_domain_name}; once site_acm_certificate_status is ISSUED (terraform apply -refresh-only), set site_https_enabled = true in iacf.auto.tfvars and apply again.")
}
