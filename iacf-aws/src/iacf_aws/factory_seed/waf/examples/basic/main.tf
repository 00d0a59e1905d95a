# A regional web ACL (AWS managed rules, rate limit) on an existing load balancer, logging to an encrypted group.
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

module "waf" {
  source = "../.."

  name                  = "example-dev"
  resource_arn          = "arn:aws:elasticloadbalancing:eu-west-3:123456789012:loadbalancer/app/example-dev/0123456789abcdef"
  log_retention_in_days = 365
  log_kms_key_arn       = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
}
