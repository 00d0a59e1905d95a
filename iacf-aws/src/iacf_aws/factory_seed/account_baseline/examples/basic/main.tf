# The account baseline of a new account: every control on, a monthly budget with e-mail alerts.
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

module "baseline" {
  source = "../.."

  name_prefix                = "example"
  budget_limit_amount        = 500
  budget_notification_emails = ["finops@example.com"]
}
