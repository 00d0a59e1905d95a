# A Fargate service behind an existing target group, image from its own encrypted ECR repository.
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

module "app" {
  source = "../.."

  name                  = "example-dev-app"
  vpc_id                = "vpc-0123456789abcdef0"
  subnet_ids            = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  image_tag             = "1.0.0"
  cpu                   = 512
  memory                = 1024
  desired_count         = 1
  target_group_arn      = "arn:aws:elasticloadbalancing:eu-west-3:123456789012:targetgroup/example-dev/0123456789abcdef"
  log_retention_in_days = 365
  log_kms_key_arn       = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
  ecr_kms_key_arn       = "arn:aws:kms:eu-west-3:123456789012:key/66666666-7777-8888-9999-000000000000"
}
