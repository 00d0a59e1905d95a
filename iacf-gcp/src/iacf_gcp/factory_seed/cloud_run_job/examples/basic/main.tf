# The smallest useful call of the cloud_run_job module; the identifiers it is given are placeholders of
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

module "cloud_run_job" {
  source = "../.."

  name                          = "demo-dev-job"
  service_account_email         = "demo-dev-job@demo.iam.gserviceaccount.com"
  invoker_service_account_email = "demo-dev-job-sched@demo.iam.gserviceaccount.com"
  image                         = "europe-west9-docker.pkg.dev/demo/app/job:1.0.0"
  region                        = "europe-west9"
  cpu                           = "1"
  memory                        = "512Mi"
  network                       = "projects/demo/global/networks/demo-dev"
  subnetwork                    = "projects/demo/regions/europe-west9/subnetworks/demo-dev-europe-west9"
  timeout_seconds               = 600
  max_retries                   = 1
  schedule                      = "0 3 * * *"
  time_zone                     = "Europe/Paris"
  network_tags                  = ["demo-dev-job"]
  secrets                       = ["API_TOKEN"]
  key_of_stored_values          = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/secrets"
  kms_key                       = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/containers"
  deletion_protection           = false
}

output "name" {
  description = "The module's name output."
  value       = module.cloud_run_job.name
}

output "scheduler_job" {
  description = "The module's scheduler_job output."
  value       = module.cloud_run_job.scheduler_job
}

output "secret_ids" {
  description = "The module's secret_ids output."
  value       = module.cloud_run_job.secret_ids
}
