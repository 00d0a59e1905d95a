# The smallest useful call of the https_lb module; the identifiers it is given are placeholders of
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

module "https_lb" {
  source = "../.."

  name                  = "demo-prod-web"
  region                = "europe-west9"
  cloud_run_service     = "demo-prod-web"
  domains               = ["app.example.com"]
  rate_limit_per_minute = 3000
}

output "ip_address" {
  description = "The module's ip_address output."
  value       = module.https_lb.ip_address
}

output "security_policy" {
  description = "The module's security_policy output."
  value       = module.https_lb.security_policy
}
