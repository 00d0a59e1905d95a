# A Firestore database in Native mode: regional, CMEK, point-in-time recovery and delete protection where asked,
# daily (and weekly) backups, and data roles granted to the named workloads on this database only (IAM condition).

resource "google_firestore_database" "this" {
  project                           = var.project_id
  name                              = var.name
  location_id                       = var.region
  type                              = "FIRESTORE_NATIVE"
  concurrency_mode                  = var.concurrency_mode
  app_engine_integration_mode       = "DISABLED"
  point_in_time_recovery_enablement = var.point_in_time_recovery ? "POINT_IN_TIME_RECOVERY_ENABLED" : "POINT_IN_TIME_RECOVERY_DISABLED"
  delete_protection_state           = var.delete_protection ? "DELETE_PROTECTION_ENABLED" : "DELETE_PROTECTION_DISABLED"
  deletion_policy                   = var.delete_protection ? "ABANDON" : "DELETE"

  cmek_config {
    kms_key_name = var.kms_key
  }
}

resource "google_firestore_backup_schedule" "daily" {
  project   = var.project_id
  database  = google_firestore_database.this.name
  retention = "604800s"

  daily_recurrence {}
}

resource "google_firestore_backup_schedule" "weekly" {
  count = var.weekly_backup_weeks > 0 ? 1 : 0

  project   = var.project_id
  database  = google_firestore_database.this.name
  retention = "${var.weekly_backup_weeks * 604800}s"

  weekly_recurrence {
    day = "SUNDAY"
  }
}

locals {
  # access level => the predefined Firestore role (Firestore has no write-only role: write gets datastore.user)
  roles = {
    read       = "roles/datastore.viewer"
    write      = "roles/datastore.user"
    read_write = "roles/datastore.user"
  }
}

# Firestore roles exist at project level only: each grant is conditioned on this database
resource "google_project_iam_member" "client" {
  for_each = var.clients

  project = var.project_id
  role    = local.roles[each.value.access]
  member  = "serviceAccount:${each.value.email}"

  condition {
    title       = "only-${var.name}"
    description = "Data of the Firestore database ${var.name} only"
    expression  = "resource.name == \"projects/${var.project_id}/databases/${var.name}\""
  }
}
