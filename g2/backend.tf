# Remote state on S3 with a DynamoDB lock table, both encrypted with a KMS key.
# Partial configuration: copy backend.hcl.example to backend.hcl, fill it, then
#   terraform init -backend-config=backend.hcl
terraform {
  backend "s3" {}
}
