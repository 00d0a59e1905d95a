# The smallest useful call of the cloud_sql_mysql module; the identifiers it is given are placeholders of
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

module "cloud_sql_mysql" {
  source = "../.."

  project_id             = "example-project"
  name                   = "demo-prod-db"
  region                 = "europe-west9"
  database_version       = "MYSQL_8_0"
  tier                   = "db-custom-4-15360"
  availability_type      = "REGIONAL"
  disk_size              = 100
  backup_retention_days  = 30
  point_in_time_recovery = true
  deletion_protection    = true
  kms_key                = "projects/example-project/locations/europe-west9/keyRings/demo/cryptoKeys/data"
  network                = "projects/example-project/global/networks/demo-prod"
  database_name          = "app"
  iam_service_accounts   = { web = "demo-prod-web@example-project.iam.gserviceaccount.com" }
  labels                 = { project = "example" }
}

output "connection_name" {
  description = "The module's connection_name output."
  value       = module.cloud_sql_mysql.connection_name
}

output "private_ip" {
  description = "The module's private_ip output."
  value       = module.cloud_sql_mysql.private_ip
}
