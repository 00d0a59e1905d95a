output "name" {
  description = "Name of the cluster."
  value       = google_container_cluster.this.name
}

output "id" {
  description = "ID of the cluster."
  value       = google_container_cluster.this.id
}

output "endpoint" {
  description = "Address of the control plane (private when private_endpoint is on)."
  value       = google_container_cluster.this.endpoint
}

output "node_service_account" {
  description = "Email of the nodes' service account."
  value       = google_service_account.nodes.email
}

output "workload_pool" {
  description = "Workload Identity pool: Kubernetes service accounts are principals of it."
  value       = "${var.project_id}.svc.id.goog"
}
