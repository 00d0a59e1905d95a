output "notifications_topic_arn" {
  description = "SNS topic that receives the budget alerts, security alarms and service events (subscribe chat or incident tools to it)."
  value       = local.notifications_topic_arn
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = module.network.vpc_id
}

output "nat_gateway_public_ips" {
  description = "Egress IP addresses of the private subnets (allow-list them at third parties)."
  value       = module.network.nat_gateway_public_ips
}

output "app_ecr_repository_url" {
  description = "ECR repository to push the app image to, as <url>:<image_tag>."
  value       = module.app.ecr_repository_url
}

output "app_ecs_cluster_name" {
  description = "Name of the ECS cluster of app."
  value       = module.app.cluster_name
}

output "app_ecs_service_name" {
  description = "Name of the ECS service of app."
  value       = module.app.service_name
}

output "app_secret_key_arn" {
  description = "ARN of the secret the operator fills with DJANGO_SECRET_KEY before the first deployment."
  value       = module.app_secret_key.arn
}

output "db_endpoint" {
  description = "Endpoint (host:port) of the postgres instance db, reachable from the application only."
  value       = module.db.endpoint
}

output "db_master_user_secret_arn" {
  description = "ARN of the RDS-managed secret holding the master credentials of db (break-glass only: no workload reads it)."
  value       = module.db.master_user_secret_arn
}

output "db_create_users_command" {
  description = "Runs the task that creates the workloads' IAM-authenticated users on db (app_user); run it once the database exists."
  value       = module.db_users.run_task_command
}

output "backup_vault_name" {
  description = "AWS Backup vault holding the recovery points of db."
  value       = module.backup.vault_name
}

output "alb_dns_name" {
  description = "DNS name of the load balancer; point the domain name at it (CNAME or alias)."
  value       = module.alb.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone ID of the load balancer, for a Route 53 alias record."
  value       = module.alb.zone_id
}

output "waf_web_acl_arn" {
  description = "ARN of the WAF web ACL protecting the load balancer."
  value       = module.waf.web_acl_arn
}

output "acm_certificate_arn" {
  description = "ARN of the ACM certificate, issued or not (aws acm describe-certificate shows its status)."
  value       = module.certificate.arn
}

output "acm_certificate_status" {
  description = "Status of the ACM certificate at the last refresh: PENDING_VALIDATION until its validation records exist, then ISSUED."
  value       = module.certificate.status
}

output "acm_certificate_validation_records" {
  description = "DNS records that let ACM validate and renew the certificate: created by Terraform with dns_zone_id, else create them in the zone of the domain. Keep them."
  value       = module.certificate.validation_records
}

output "https_next_step" {
  description = "What HTTPS needs next (first deployment)."
  value       = var.https_enabled ? (var.dns_zone_id != null ? "HTTPS is on; the alias record of ${var.domain_name} is in zone ${var.dns_zone_id}." : "HTTPS is on; point ${var.domain_name} at ${module.alb.dns_name} (CNAME, or an alias record).") : (var.dns_zone_id != null ? "Set https_enabled = true in iacf.auto.tfvars and apply: Terraform validates the certificate in zone ${var.dns_zone_id}." : "Create the CNAME records of output acm_certificate_validation_records in the zone of ${var.domain_name}; once acm_certificate_status is ISSUED (terraform apply -refresh-only), set https_enabled = true in iacf.auto.tfvars and apply again.")
}

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
