# The smallest useful call: a key for CloudWatch Logs of one application.
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

module "kms_logs" {
  source = "../.."

  name                  = "example-dev-logs"
  description           = "CloudWatch Logs of example-dev"
  allow_cloudwatch_logs = true
}

output "key_arn" {
  description = "ARN of the key."
  value       = module.kms_logs.key_arn
}
