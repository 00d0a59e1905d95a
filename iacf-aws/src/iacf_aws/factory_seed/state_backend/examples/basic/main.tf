# The remote state of a project: KMS-encrypted, versioned S3 bucket with its access-log bucket and a lock table.
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

module "state" {
  source = "../.."

  name_prefix = "example-dev"
}
