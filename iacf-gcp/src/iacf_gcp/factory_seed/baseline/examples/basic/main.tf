# The smallest useful call of the baseline module; the identifiers it is given are placeholders of
# the resources a project creates around it (see the project's main.tf).
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 7.0"
    }
  }
}

provider "google" {
  project = "example-project"
  region  = "europe-west9"

  # the mandatory labels, on every labelable resource
  default_labels = {
    project             = "example"
    environment         = "dev"
    owner               = "platform"
    cost_center         = "cc-1234"
    managed_by          = "terraform"
    data_classification = "internal"
  }
}

module "baseline" {
  source = "../.."

  project_id          = "example-project"
  project_number      = "123456789012"
  name                = "demo-prod"
  region              = "europe-west9"
  labels              = { project = "example" }
  log_retention_days  = 400
  lock_log_bucket     = true
  logs_kms_key        = "projects/example-project/locations/europe-west9/keyRings/demo/cryptoKeys/logs"
  pubsub_kms_key      = "projects/example-project/locations/europe-west9/keyRings/demo/cryptoKeys/events"
  billing_account     = "012345-6789AB-CDEF01"
  budget_amount       = 2000
  notification_emails = ["secops@example.com"]
}

output "audit_log_bucket" {
  description = "The module's audit_log_bucket output."
  value       = module.baseline.audit_log_bucket
}

output "security_findings_topic" {
  description = "The module's security_findings_topic output."
  value       = module.baseline.security_findings_topic
}
