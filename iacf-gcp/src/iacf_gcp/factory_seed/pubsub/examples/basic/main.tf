# The smallest useful call of the pubsub module; the identifiers it is given are placeholders of
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

module "pubsub" {
  source = "../.."

  name         = "demo-prod-orders"
  region       = "europe-west9"
  kms_key      = "projects/example-project/locations/europe-west9/keyRings/demo/cryptoKeys/messages"
  pubsub_agent = "service-123@gcp-sa-pubsub.iam.gserviceaccount.com"
  publishers   = { app = "demo-prod-app@example-project.iam.gserviceaccount.com" }
  consumers    = { fn = "demo-prod-fn@example-project.iam.gserviceaccount.com" }
}

output "topic_id" {
  description = "The module's topic_id output."
  value       = module.pubsub.topic_id
}

output "subscription_id" {
  description = "The module's subscription_id output."
  value       = module.pubsub.subscription_id
}
