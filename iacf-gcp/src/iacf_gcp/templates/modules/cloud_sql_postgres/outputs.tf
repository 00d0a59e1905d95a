output "connection_name" {
  description = "PROJECT:REGION:INSTANCE, for the Cloud SQL connectors."
  value       = google_sql_database_instance.this.connection_name
}

output "private_ip" {
  description = "Private IP address of the instance."
  value       = google_sql_database_instance.this.private_ip_address
}

output "database_name" {
  description = "Name of the database."
  value       = google_sql_database.this.name
}

output "iam_users" {
  description = "Name => database user name of each IAM-authenticated service account."
  value       = { for k, u in google_sql_user.iam : k => u.name }
}
