output "name" {
  description = "Name of the Cloud Run job."
  value       = google_cloud_run_v2_job.this.name
}

output "scheduler_job" {
  description = "ID of the Cloud Scheduler job that starts it."
  value       = google_cloud_scheduler_job.this.id
}

output "secret_ids" {
  description = "Environment variable => Secret Manager secret ID (add the values: README)."
  value       = { for k, s in google_secret_manager_secret.this : k => s.secret_id }
}
