# The smallest useful call of the firestore module; the identifiers it is given are placeholders of
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

module "firestore" {
  source = "../.."

  project_id          = "example-project"
  name                = "demo-prod-table"
  region              = "europe-west9"
  kms_key             = "projects/example-project/locations/europe-west9/keyRings/demo/cryptoKeys/documents"
  weekly_backup_weeks = 14
  clients = {
    app    = { email = "demo-prod-app@example-project.iam.gserviceaccount.com", access = "read_write" }
    report = { email = "demo-prod-report@example-project.iam.gserviceaccount.com", access = "read" }
  }
}

output "name" {
  description = "The module's name output."
  value       = module.firestore.name
}

output "id" {
  description = "The module's id output."
  value       = module.firestore.id
}
