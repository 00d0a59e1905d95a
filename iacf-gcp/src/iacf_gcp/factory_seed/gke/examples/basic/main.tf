# The smallest useful call of the gke module; the identifiers it is given are placeholders of
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

module "gke" {
  source = "../.."

  project_id          = "example-project"
  name                = "example-dev-k8s"
  location            = "europe-west9"
  network             = "projects/example-project/global/networks/example-dev"
  subnetwork          = "projects/example-project/regions/europe-west9/subnetworks/example-dev-europe-west9"
  pods_range_name     = "k8s-pods"
  services_range_name = "k8s-services"
  cluster_ranges      = ["10.10.0.0/20", "100.64.0.0/14", "100.96.0.0/20"]
  authorized_networks = { subnet = "10.10.0.0/20" }
  machine_type        = "e2-standard-2"
  min_nodes           = 1
  max_nodes           = 3
  node_tag            = "example-dev-k8s"
  kms_key             = "projects/example-project/locations/europe-west9/keyRings/example-dev/cryptoKeys/cluster"
  boot_disk_kms_key   = "projects/example-project/locations/europe-west9/keyRings/example-dev/cryptoKeys/disks"
  labels = {
    project             = "example"
    environment         = "dev"
    owner               = "platform"
    cost_center         = "cc-1234"
    managed_by          = "terraform"
    data_classification = "internal"
  }
}

output "name" {
  description = "The module's name output."
  value       = module.gke.name
}

output "workload_pool" {
  description = "The module's workload_pool output."
  value       = module.gke.workload_pool
}
