output "audit_log_bucket" {
  description = "ID of the audit log bucket."
  value       = google_logging_project_bucket_config.audit.id
}

output "security_findings_topic" {
  description = "Topic of the Security Command Center findings (subscribe the SIEM to it)."
  value       = google_pubsub_topic.security_findings.id
}

output "asset_changes_topic" {
  description = "Topic of the Cloud Asset Inventory change feed."
  value       = google_pubsub_topic.asset_changes.id
}
