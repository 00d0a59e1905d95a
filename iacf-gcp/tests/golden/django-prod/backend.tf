# Remote state in the GCS bucket bootstrap/ creates (CMEK, versioned); the gcs backend locks with a lock object.
# Partial configuration: `terraform output -raw backend_hcl > ../backend.hcl` in bootstrap/, then
#   terraform init -backend-config=backend.hcl
terraform {
  backend "gcs" {}
}
