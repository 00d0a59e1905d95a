# GitHub Actions OIDC access for one repository: a read-only plan role and an apply role for "prod".
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

module "github_oidc" {
  source = "../.."

  project            = "example"
  github_repository  = "acme/example-infra"
  apply_environments = ["prod"]
  state_bucket_arn   = "arn:aws:s3:::example-tfstate-123456789012"
  state_key_prefix   = "example/"
  state_kms_key_arn  = "arn:aws:kms:eu-west-3:123456789012:key/00000000-0000-0000-0000-000000000000"
  lock_table_arn     = "arn:aws:dynamodb:eu-west-3:123456789012:table/example-tflock"
}
