# Remote state on S3 with a DynamoDB lock table, both encrypted with a KMS key.
# Partial configuration: copy backend.hcl.example to backend.hcl, fill it, then
#   terraform init -backend-config=backend.hcl
# encrypt is set here, for every init (CI's too): the state bucket refuses an object that is not sent encrypted
# with its KMS key, and the backend sends the key only when encrypt is true.
terraform {
  backend "s3" {
    encrypt = true
  }
}
