output "ip_address" {
  description = "The load balancer's address: point the domains' A records at it."
  value       = google_compute_global_address.this.address
}

output "bucket" {
  description = "Name of the site bucket: publish the files there (gcloud storage rsync)."
  value       = google_storage_bucket.site.name
}

output "url_map" {
  description = "Name of the HTTPS URL map: invalidate the CDN cache with it after a release."
  value       = google_compute_url_map.https.name
}

output "edge_security_policy" {
  description = "ID of the Cloud Armor edge security policy."
  value       = google_compute_security_policy.edge.id
}
