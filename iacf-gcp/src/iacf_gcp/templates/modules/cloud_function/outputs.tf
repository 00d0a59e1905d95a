output "name" {
  description = "Name of the function."
  value       = google_cloudfunctions2_function.this.name
}

output "url" {
  description = "Internal URL of the function (reachable from the VPC only)."
  value       = google_cloudfunctions2_function.this.url
}

output "service" {
  description = "Cloud Run service serving the function."
  value       = google_cloudfunctions2_function.this.service_config[0].service
}
