output "name" {
  description = "Name of the bucket."
  value       = google_storage_bucket.this.name
}

output "location" {
  description = "Location of the bucket, lowercase (europe-west9, eu): the region of an Eventarc trigger on its events."
  value       = lower(google_storage_bucket.this.location)
}

output "url" {
  description = "gs:// URL of the bucket."
  value       = google_storage_bucket.this.url
}

output "access_log_bucket" {
  description = "Name of the bucket receiving the usage logs."
  value       = google_storage_bucket.access_logs.name
}
