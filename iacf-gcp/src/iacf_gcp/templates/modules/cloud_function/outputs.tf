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

output "trigger" {
  description = "Eventarc trigger delivering the topic's messages or the bucket's events (projects/PROJECT/locations/REGION/triggers/ID); null for an HTTP function."
  value       = one(google_cloudfunctions2_function.this.event_trigger[*].trigger)
}
