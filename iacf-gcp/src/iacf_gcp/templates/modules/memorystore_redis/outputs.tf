output "host" {
  description = "Private IP of the primary endpoint."
  value       = google_redis_instance.this.host
}

output "port" {
  description = "Port of the primary endpoint (TLS)."
  value       = google_redis_instance.this.port
}

output "read_endpoint" {
  description = "Private IP of the read endpoint (STANDARD_HA)."
  value       = google_redis_instance.this.read_endpoint
}

output "server_ca_cert" {
  description = "CA certificate clients verify the server's TLS certificate with (public)."
  value       = try(google_redis_instance.this.server_ca_certs[0].cert, "")
}
