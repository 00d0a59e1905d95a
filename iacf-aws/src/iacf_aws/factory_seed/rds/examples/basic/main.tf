# A production PostgreSQL 16 instance (AWS's default minor version, upgraded automatically): Multi-AZ, deletion
# protection, final snapshot, 30 days of backups.
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

module "db" {
  source = "../.."

  identifier                     = "example-prod-db"
  engine_version                 = "16"
  instance_class                 = "db.t4g.medium"
  db_name                        = "app"
  allocated_storage              = 20
  max_allocated_storage          = 100
  storage_kms_key_arn            = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
  master_user_secret_kms_key_arn = "arn:aws:kms:eu-west-3:123456789012:key/66666666-7777-8888-9999-000000000000"
  multi_az                       = true
  db_subnet_group_name           = "example-prod-db"
  vpc_id                         = "vpc-0123456789abcdef0"
  backup_retention_period        = 30
  deletion_protection            = true
  skip_final_snapshot            = false
  log_retention_in_days          = 365
  log_kms_key_arn                = "arn:aws:kms:eu-west-3:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
  event_topic_arn                = "arn:aws:sns:eu-west-3:123456789012:example-prod-notifications"
}
