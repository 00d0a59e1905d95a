# The smallest useful call of the cdn_site module; the identifiers it is given are placeholders of
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

module "cdn_site" {
  source = "../.."

  name     = "example-dev-site"
  location = "europe-west9"
  kms_key  = "projects/example-project/locations/europe-west9/keyRings/example-dev/cryptoKeys/storage"
  domains  = ["www.example.com"]
}

output "bucket" {
  description = "The module's bucket output."
  value       = module.cdn_site.bucket
}

output "ip_address" {
  description = "The module's ip_address output."
  value       = module.cdn_site.ip_address
}
