output "name" {
  description = "Name of the Cloud Run worker pool."
  value       = google_cloud_run_v2_worker_pool.this.name
}

output "secret_ids" {
  description = "Environment variable => Secret Manager secret ID (add the values: README)."
  value       = { for k, s in google_secret_manager_secret.this : k => s.secret_id }
}
