# A secret encrypted with a customer-managed key, readable by one role only; its value is set out of band (never
# in Terraform).
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

module "secret" {
  source = "../.."

  name        = "example/dev/django-secret-key"
  description = "Django SECRET_KEY of example-dev, set by the application team."
  kms_key_arn = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"

  reader_role_arns = ["arn:aws:iam::123456789012:role/example-dev-exec"]
}

output "secret_arn" {
  description = "ARN of the secret."
  value       = module.secret.arn
}
