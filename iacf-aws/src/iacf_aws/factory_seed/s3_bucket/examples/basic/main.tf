# A private, versioned, encrypted bucket whose access logs go to an existing log bucket.
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }
}

provider "aws" {
  region = "eu-west-3"
}

module "bucket" {
  source = "../.."

  name                   = "example-dev-assets"
  kms_key_arn            = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
  access_log_bucket_name = "example-dev-access-logs-123456789012-eu-west-3"
}
