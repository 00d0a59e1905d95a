# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  project_id             = "demo-project"
  name                   = "demo-prod-db"
  region                 = "europe-west9"
  database_version       = "POSTGRES_16"
  tier                   = "db-custom-4-15360"
  availability_type      = "REGIONAL"
  disk_size              = 100
  backup_retention_days  = 30
  point_in_time_recovery = true
  deletion_protection    = false
  kms_key                = "projects/demo-project/locations/europe-west9/keyRings/demo/cryptoKeys/data"
  network                = "projects/demo-project/global/networks/demo-prod"
  database_name          = "app"
  iam_service_accounts   = { web = "demo-prod-web@demo-project.iam.gserviceaccount.com" }
  labels                 = { project = "demo" }
}

run "private_encrypted_iam_authenticated" {
  command = apply

  assert {
    condition     = google_sql_database_instance.this.settings[0].ip_configuration[0].ipv4_enabled == false
    error_message = "no public IP"
  }

  assert {
    condition     = google_sql_database_instance.this.settings[0].ip_configuration[0].ssl_mode == "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    error_message = "TLS with a client certificate (the Cloud SQL connectors) required"
  }

  assert {
    condition     = google_sql_user.iam["web"].name == "demo-prod-web@demo-project.iam" && google_sql_user.iam["web"].type == "CLOUD_IAM_SERVICE_ACCOUNT"
    error_message = "the workload logs in with IAM"
  }

  assert {
    condition     = contains([for f in google_sql_database_instance.this.settings[0].database_flags : f.name if f.value == "on"], "cloudsql.enable_pgaudit")
    error_message = "pgaudit is on"
  }
}

run "an_unknown_version_is_refused" {
  command = plan

  variables {
    database_version = "SQLSERVER_2019_STANDARD"
  }

  expect_failures = [var.database_version]
}
