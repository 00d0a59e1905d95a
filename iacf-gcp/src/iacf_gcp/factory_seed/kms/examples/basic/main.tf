# The smallest useful call of the kms module; the identifiers it is given are placeholders of
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

module "kms" {
  source = "../.."

  name     = "demo-dev"
  location = "europe-west9"
  keys = {
    data = ["serviceAccount:app@example-project.iam.gserviceaccount.com"]
    logs = ["serviceAccount:logs@example-project.iam.gserviceaccount.com", "serviceAccount:other@example-project.iam.gserviceaccount.com"]
  }
}

output "key_ring_id" {
  description = "The module's key_ring_id output."
  value       = module.kms.key_ring_id
}

output "key_ids" {
  description = "The module's key_ids output."
  value       = module.kms.key_ids
}
