# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  project_id          = "demo-project"
  project_number      = "123456789012"
  name                = "demo-prod"
  region              = "europe-west9"
  labels              = { project = "demo" }
  log_retention_days  = 400
  lock_log_bucket     = true
  logs_kms_key        = "projects/demo-project/locations/europe-west9/keyRings/demo/cryptoKeys/logs"
  pubsub_kms_key      = "projects/demo-project/locations/europe-west9/keyRings/demo/cryptoKeys/events"
  billing_account     = "012345-6789AB-CDEF01"
  budget_amount       = 2000
  notification_emails = ["secops@example.com"]
}

run "audit_logs_cover_every_service" {
  command = apply

  assert {
    condition     = google_project_iam_audit_config.all_services.service == "allServices"
    error_message = "audit logs cover all services"
  }

  assert {
    condition     = length(google_project_iam_audit_config.all_services.audit_log_config) == 3
    error_message = "admin read, data read and data write are logged"
  }

  assert {
    condition     = google_logging_project_bucket_config.audit.locked && google_logging_project_bucket_config.audit.retention_days == 400
    error_message = "the audit bucket is locked with the environment's retention"
  }

  assert {
    condition     = length(google_org_policy_policy.enforced) == 4
    error_message = "the four boolean organization policies are enforced"
  }

  assert {
    condition     = length(google_billing_budget.monthly.threshold_rules) == 4
    error_message = "the budget alerts at 50, 90, 100 % and on forecast"
  }
}

run "a_static_site_moves_public_access_prevention_to_buckets" {
  command = apply

  variables {
    enforce_public_access_prevention = false
  }

  assert {
    condition     = length(google_org_policy_policy.enforced) == 3 && !contains(keys(google_org_policy_policy.enforced), "storage.publicAccessPrevention")
    error_message = "only the public access prevention policy is left to the buckets"
  }
}

run "a_bad_billing_account_is_refused" {
  command = plan

  variables {
    billing_account = "not-an-account"
  }

  expect_failures = [var.billing_account]
}
