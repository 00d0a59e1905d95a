# The smallest useful call of the cloud_run module; the identifiers it is given are placeholders of
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

module "cloud_run" {
  source = "../.."

  name                  = "demo-dev-web"
  service_account_email = "demo-dev-web@example-project.iam.gserviceaccount.com"
  region                = "europe-west9"
  image                 = "europe-west9-docker.pkg.dev/example-project/app/web:1.0.0"
  port                  = 8000
  health_check_path     = "/health/"
  cpu                   = "1"
  memory                = "512Mi"
  min_instances         = 0
  max_instances         = 2
  network               = "projects/example-project/global/networks/demo-dev"
  subnetwork            = "projects/example-project/regions/europe-west9/subnetworks/demo-dev-europe-west9"
  network_tags          = ["demo-dev-web"]
  secrets               = ["DJANGO_SECRET_KEY"]
  key_of_stored_values  = "projects/example-project/locations/europe-west9/keyRings/demo/cryptoKeys/secrets"
  deletion_protection   = false
}

output "service_name" {
  description = "The module's service_name output."
  value       = module.cloud_run.service_name
}

output "secret_ids" {
  description = "The module's secret_ids output."
  value       = module.cloud_run.secret_ids
}
