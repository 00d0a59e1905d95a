# The smallest useful call of the cloud_function module; the identifiers it is given are placeholders of
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

module "cloud_function" {
  source = "../.."

  project_id                  = "example-project"
  name                        = "demo-prod-fn"
  region                      = "europe-west9"
  runtime                     = "python313"
  entry_point                 = "handler"
  source_bucket               = "demo-prod-fn-source-123"
  source_object               = "fn/abc123.zip"
  service_account_email       = "demo-prod-fn@example-project.iam.gserviceaccount.com"
  build_service_account_email = "demo-prod-fn-build@example-project.iam.gserviceaccount.com"
  kms_key                     = "projects/example-project/locations/europe-west9/keyRings/demo/cryptoKeys/functions"
  artifacts_kms_key           = "projects/example-project/locations/europe-west9/keyRings/demo/cryptoKeys/artifacts"
  network                     = "projects/example-project/global/networks/demo-prod"
  subnetwork                  = "projects/example-project/regions/europe-west9/subnetworks/demo-prod"
  network_tags                = ["demo-prod-fn"]
  invokers                    = { app = "demo-prod-app@example-project.iam.gserviceaccount.com" }
}

output "name" {
  description = "The module's name output."
  value       = module.cloud_function.name
}

output "url" {
  description = "The module's url output."
  value       = module.cloud_function.url
}
