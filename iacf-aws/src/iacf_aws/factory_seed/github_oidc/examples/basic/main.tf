# GitHub Actions OIDC access for one repository: a plan role, an apply role for "prod" and the permissions
# boundary every role of "prod" must carry; the stack's services in eu-west-3, and only Route 53 in us-east-1.
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
  regions             = ["eu-west-3"]
  apply_services      = ["ec2", "ecs", "elasticloadbalancing", "kms", "logs", "route53", "s3"]
  plan_actions        = ["ec2:Describe*", "ecs:Describe*", "ecs:List*", "elasticloadbalancing:Describe*", "kms:Describe*", "kms:Get*", "kms:List*", "logs:Describe*", "logs:List*", "route53:Get*", "route53:List*", "s3:Get*", "s3:List*"]

  # Route 53 is a global service: its API answers in us-east-1, the only service the roles may call there
  us_east_1_services = ["route53"]
}
