# The rules between an internet-facing load balancer, the application and its database.
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

module "rules" {
  source = "../.."

  name                  = "example-dev"
  alb_security_group_id = "sg-0123456789abcdef0"
  app_security_group_id = "sg-0123456789abcdef1"
  alb_ingress_cidr_ipv4 = ["0.0.0.0/0"]
  app_port              = 8000
  databases = {
    db = {
      security_group_id = "sg-0123456789abcdef2"
      port              = 5432
    }
  }
}
