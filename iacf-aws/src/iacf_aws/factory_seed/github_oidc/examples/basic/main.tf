# GitHub Actions OIDC access for one repository: a plan role, an apply role for "prod" and the permissions
# boundary every role of "prod" must carry.
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

  project             = "example"
  github_repository   = "acme/example-infra"
  apply_environments  = ["prod"]
  account_environment = "prod"
  state_bucket_arn    = "arn:aws:s3:::example-tfstate-123456789012"
  state_key_prefix    = "example/"
  state_kms_key_alias = "alias/example-tfstate"
  lock_table_arn      = "arn:aws:dynamodb:eu-west-3:123456789012:table/example-tflock"
  regions             = ["eu-west-3", "us-east-1"]
  apply_services      = ["ec2", "ecs", "elasticloadbalancing", "kms", "logs", "s3"]
  plan_actions        = ["ec2:Describe*", "ecs:Describe*", "ecs:List*", "elasticloadbalancing:Describe*", "kms:Describe*", "kms:Get*", "kms:List*", "logs:Describe*", "logs:List*", "s3:Get*", "s3:List*"]
}
