# An internet-facing HTTPS load balancer for a container service, with access logs and deletion protection.
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

# An issued certificate of the account (the data source returns ISSUED certificates only).
data "aws_acm_certificate" "app" {
  domain      = "app.example.com"
  most_recent = true
}

module "alb" {
  source = "../.."

  name                = "example-prod"
  vpc_id              = "vpc-0123456789abcdef0"
  subnet_ids          = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  https_enabled       = true
  certificate_arn     = data.aws_acm_certificate.app.arn
  deletion_protection = true
  access_logs_bucket  = "example-prod-alb-logs-123456789012-eu-west-3"
  target_port         = 8000
}

# Public load balancers are protected by a web ACL (the waf module of this factory creates one).
resource "aws_wafv2_web_acl_association" "alb" {
  resource_arn = module.alb.arn
  web_acl_arn  = "arn:aws:wafv2:eu-west-3:123456789012:regional/webacl/example-prod/11111111-2222-3333-4444-555555555555"
}
