# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  project_id          = "demo"
  name                = "demo-prod-table"
  region              = "europe-west9"
  kms_key             = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/documents"
  weekly_backup_weeks = 14
  clients = {
    app    = { email = "demo-prod-app@demo.iam.gserviceaccount.com", access = "read_write" }
    report = { email = "demo-prod-report@demo.iam.gserviceaccount.com", access = "read" }
  }
}

run "protected_encrypted_backed_up" {
  command = apply

  assert {
    condition     = google_firestore_database.this.cmek_config[0].kms_key_name == var.kms_key
    error_message = "the database uses the customer-managed key"
  }

  assert {
    condition     = google_firestore_database.this.point_in_time_recovery_enablement == "POINT_IN_TIME_RECOVERY_ENABLED" && google_firestore_database.this.delete_protection_state == "DELETE_PROTECTION_ENABLED"
    error_message = "PITR and delete protection by default"
  }

  assert {
    condition     = google_firestore_backup_schedule.weekly[0].retention == "8467200s" && google_firestore_backup_schedule.daily.retention == "604800s"
    error_message = "daily backups 7 days, weekly 14 weeks"
  }

  assert {
    condition     = google_project_iam_member.client["report"].role == "roles/datastore.viewer" && strcontains(google_project_iam_member.client["app"].condition[0].expression, "databases/demo-prod-table")
    error_message = "each client is granted its role on this database only"
  }
}

run "dev_can_be_torn_down" {
  command = apply

  variables {
    point_in_time_recovery = false
    delete_protection      = false
    weekly_backup_weeks    = 0
  }

  assert {
    condition     = google_firestore_database.this.deletion_policy == "DELETE" && length(google_firestore_backup_schedule.weekly) == 0
    error_message = "no delete protection, no weekly backup"
  }
}

run "unknown_access_is_refused" {
  command = plan

  variables {
    clients = { app = { email = "a@demo.iam.gserviceaccount.com", access = "admin" } }
  }

  expect_failures = [var.clients]
}
