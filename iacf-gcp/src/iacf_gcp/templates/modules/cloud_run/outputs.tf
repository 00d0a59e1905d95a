output "service_name" {
  description = "Name of the Cloud Run service."
  value       = google_cloud_run_v2_service.this.name
}

output "secret_ids" {
  description = "Environment variable => Secret Manager secret ID (add the values: README)."
  value       = { for k, s in google_secret_manager_secret.this : k => s.secret_id }
}
