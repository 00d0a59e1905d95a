output "app_secrets" {
  description = "Secret Manager secrets of app: add their values before its first revision (README)."
  value       = module.app.secret_ids
}

output "app_lb_ip_address" {
  description = "Address of app_lb: the A record of every domain it serves."
  value       = module.app_lb.ip_address
}

output "db_connection_name" {
  description = "Connection name of db (Cloud SQL connectors)."
  value       = module.db.connection_name
}

output "security_findings_topic" {
  description = "Pub/Sub topic of the Security Command Center findings: subscribe the SIEM to it."
  value       = module.baseline.security_findings_topic
}
