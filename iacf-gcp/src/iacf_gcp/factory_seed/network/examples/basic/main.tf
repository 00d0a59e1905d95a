# The smallest useful call of the network module; the identifiers it is given are placeholders of
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

module "network" {
  source = "../.."

  name          = "demo-dev"
  region        = "europe-west9"
  cidr          = "10.10.0.0/20"
  flow_sampling = 0.5
  egress = {
    app-db = { description = "app to database", target_tags = ["app"], ports = ["5432"], to_private_services = true }
  }
}

output "network_id" {
  description = "The module's network_id output."
  value       = module.network.network_id
}

output "network_name" {
  description = "The module's network_name output."
  value       = module.network.network_name
}
