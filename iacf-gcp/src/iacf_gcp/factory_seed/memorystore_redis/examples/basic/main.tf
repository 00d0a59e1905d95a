# The smallest useful call of the memorystore_redis module; the identifiers it is given are placeholders of
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

module "memorystore_redis" {
  source = "../.."

  name           = "demo-prod-cache"
  region         = "europe-west9"
  tier           = "STANDARD_HA"
  memory_size_gb = 5
  network        = "projects/example-project/global/networks/demo-prod"
  kms_key        = "projects/example-project/locations/europe-west9/keyRings/demo/cryptoKeys/cache"
}

output "host" {
  description = "The module's host output."
  value       = module.memorystore_redis.host
}

output "port" {
  description = "The module's port output."
  value       = module.memorystore_redis.port
}
