output "arn" {
  description = "ARN of the certificate, issued or not: for reference and monitoring. A listener or a distribution takes validated_arn."
  value       = aws_acm_certificate.this.arn
}

output "validated_arn" {
  description = "ARN of the certificate once ACM has issued it (through aws_acm_certificate_validation, so a consumer waits for it); null while wait_for_validation is false."
  value       = one(aws_acm_certificate_validation.this[*].certificate_arn)
}

output "status" {
  description = "Status of the certificate at the last refresh (PENDING_VALIDATION, ISSUED...)."
  value       = aws_acm_certificate.this.status
}

output "validation_records" {
  description = "DNS records that let ACM validate and renew the certificate; created here with route53_zone_id, else by whoever owns the zone. Keep them: ACM renews with them."
  value = [
    for o in aws_acm_certificate.this.domain_validation_options : {
      domain_name = o.domain_name
      name        = o.resource_record_name
      type        = o.resource_record_type
      value       = o.resource_record_value
    }
  ]
}

output "records_managed" {
  description = "true when the validation records are created here (route53_zone_id given)."
  value       = var.route53_zone_id != null
}
