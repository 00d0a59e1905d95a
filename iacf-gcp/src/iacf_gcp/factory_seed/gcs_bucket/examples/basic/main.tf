# The smallest useful call of the gcs_bucket module; the identifiers it is given are placeholders of
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

module "gcs_bucket" {
  source = "../.."

  name                    = "demo-prod-storage-123456"
  location                = "europe-west9"
  kms_key                 = "projects/example-project/locations/europe-west9/keyRings/demo/cryptoKeys/storage"
  noncurrent_version_days = 365
  clients = {
    app    = { email = "demo-prod-app@example-project.iam.gserviceaccount.com", access = "read_write" }
    report = { email = "demo-prod-report@example-project.iam.gserviceaccount.com", access = "read" }
  }
}

output "name" {
  description = "The module's name output."
  value       = module.gcs_bucket.name
}

output "url" {
  description = "The module's url output."
  value       = module.gcs_bucket.url
}
