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

output "alb_dns_name" {
  description = "DNS name of the load balancer; point the domain name at it (CNAME or alias)."
  value       = module.alb.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone ID of the load balancer, for a Route 53 alias record."
  value       = module.alb.zone_id
}

output "acm_certificate_validation_records" {
  description = "DNS records to create in the zone of the domain so that ACM issues (and renews) the certificate."
  value       = module.alb.certificate_validation_records
}

output "waf_web_acl_arn" {
  description = "ARN of the WAF web ACL protecting the load balancer."
  value       = module.waf.web_acl_arn
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
