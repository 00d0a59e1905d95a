# Daily and monthly recovery points of a production database and table, in a locked vault with its own key.
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

module "backup" {
  source = "../.."

  name                    = "example-prod"
  kms_key_arn             = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
  notifications_topic_arn = "arn:aws:sns:eu-west-3:123456789012:example-prod-notifications"
  resource_arns = [
    "arn:aws:rds:eu-west-3:123456789012:db:example-prod",
    "arn:aws:dynamodb:eu-west-3:123456789012:table/example-prod-orders",
  ]
}

output "vault_name" {
  description = "Vault of the recovery points."
  value       = module.backup.vault_name
}
