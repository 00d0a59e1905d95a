# A VPC over two availability zones with one NAT gateway, network ACLs for a web application with PostgreSQL,
# encrypted flow logs and an S3 gateway endpoint limited to ECR's image layers.
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

module "network" {
  source = "../.."

  name                       = "example-dev"
  cidr_block                 = "10.20.0.0/16"
  az_count                   = 2
  single_nat_gateway         = true
  flow_log_retention_in_days = 365
  flow_log_kms_key_arn       = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"

  internet_ingress_ports = [443, 80]
  app_ports              = [8000]
  data_ports             = [5432]

  s3_endpoint = {
    bucket_arns      = []
    ecr_image_layers = true
  }
}
