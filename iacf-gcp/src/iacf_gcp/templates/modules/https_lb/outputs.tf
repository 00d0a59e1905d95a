output "ip_address" {
  description = "The load balancer's address: point the domains' A records at it."
  value       = google_compute_global_address.this.address
}

output "security_policy" {
  description = "ID of the Cloud Armor policy."
  value       = google_compute_security_policy.this.id
}
