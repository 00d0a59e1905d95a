# The account baseline of a new account: every control on, the CIS alarms and the budget alerts sent to the
# account's alerts topic, audit buckets locked for a year.
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

  name_prefix             = "example"
  notifications_topic_arn = "arn:aws:sns:eu-west-3:123456789012:example-alerts"

  audit_object_lock_mode    = "GOVERNANCE"
  cloudtrail_s3_data_events = "All"
  cloudtrail_insights       = true

  budget_limit_amount        = 500
  budget_notification_emails = ["finops@example.com"]
}
