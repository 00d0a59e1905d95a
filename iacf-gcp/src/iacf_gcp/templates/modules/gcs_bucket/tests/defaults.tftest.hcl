# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  name                    = "demo-prod-storage-123456"
  location                = "europe-west9"
  kms_key                 = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/storage"
  noncurrent_version_days = 365
  clients = {
    app    = { email = "demo-prod-app@demo.iam.gserviceaccount.com", access = "read_write" }
    report = { email = "demo-prod-report@demo.iam.gserviceaccount.com", access = "read" }
  }
}

run "private_encrypted_versioned_logged" {
  command = apply

  assert {
    condition     = google_storage_bucket.this.uniform_bucket_level_access && google_storage_bucket.this.public_access_prevention == "enforced"
    error_message = "uniform access and public access prevention enforced"
  }

  assert {
    condition     = google_storage_bucket.this.encryption[0].default_kms_key_name == var.kms_key && google_storage_bucket.access_logs.encryption[0].default_kms_key_name == var.kms_key
    error_message = "both buckets use the customer-managed key"
  }

  assert {
    condition     = google_storage_bucket.this.versioning[0].enabled && length(google_storage_bucket.this.retention_policy) == 0
    error_message = "versioned, no retention policy unless asked"
  }

  assert {
    condition     = google_storage_bucket.this.logging[0].log_bucket == "demo-prod-storage-123456-logs"
    error_message = "usage logs go to the log bucket"
  }

  assert {
    condition     = google_storage_bucket_iam_member.client["app"].role == "roles/storage.objectUser" && google_storage_bucket_iam_member.client["report"].role == "roles/storage.objectViewer"
    error_message = "each client gets the object role of its access, on this bucket only"
  }
}

run "a_retention_policy_replaces_versioning" {
  command = apply

  variables {
    retention_days = 30
  }

  assert {
    condition     = tostring(google_storage_bucket.this.retention_policy[0].retention_period) == "2592000"
    error_message = "30 days of retention"
  }

  assert {
    condition     = google_storage_bucket.this.versioning[0].enabled == false
    error_message = "versioning off (Cloud Storage refuses it with a retention policy)"
  }
}

run "an_unknown_access_is_refused" {
  command = plan

  variables {
    clients = { app = { email = "a@demo.iam.gserviceaccount.com", access = "admin" } }
  }

  expect_failures = [var.clients]
}
