output "network_id" {
  description = "ID of the VPC."
  value       = google_compute_network.this.id
}

output "network_name" {
  description = "Name of the VPC."
  value       = google_compute_network.this.name
}

output "subnet_id" {
  description = "ID of the subnet."
  value       = google_compute_subnetwork.this.id
}

output "private_services_connection" {
  description = "The Private Service Access connection (managed services depend on it)."
  value       = google_service_networking_connection.private_services.id
}

output "google_apis_range" {
  description = "The private.googleapis.com range the workloads reach Google APIs on (Private Google Access)."
  value       = local.google_apis_range
}
