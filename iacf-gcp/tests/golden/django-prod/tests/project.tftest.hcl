# terraform test of the whole project with a mocked google provider: no credentials, no API call.
# `terraform init -backend=false && terraform test` (a plan of every module with placeholder values).
mock_provider "google" {}

variables {
  project_id      = "mock-project-id"
  billing_account = "012345-6789AB-CDEF01"
  app_image       = "europe-west9-docker.pkg.dev/mock-project-id/django-app/app:1.0.0"
}

run "plan_holds_the_governance_baseline" {
  command = plan

  assert {
    condition     = var.environment == "prod"
    error_message = "this configuration is the prod one"
  }

  assert {
    condition     = contains(keys(google_project_service.this), "cloudkms.googleapis.com")
    error_message = "the project enables Cloud KMS"
  }
}
