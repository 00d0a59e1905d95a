output "name" {
  description = "Database ID (the client libraries' database argument)."
  value       = google_firestore_database.this.name
}

output "id" {
  description = "Resource ID of the database."
  value       = google_firestore_database.this.id
}
