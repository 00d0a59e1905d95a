# The IAM-authenticated users of two workloads on a PostgreSQL instance, created by a one-off ECS task.
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

module "db_users" {
  source = "../.."

  name                      = "example-prod"
  engine                    = "postgres"
  client_image              = "public.ecr.aws/docker/library/postgres:16-alpine"
  users                     = ["app_user", "worker_user"]
  db_address                = "example-prod.abcdefghijkl.eu-west-3.rds.amazonaws.com"
  db_port                   = 5432
  db_name                   = "app"
  db_security_group_id      = "sg-0123456789abcdef0"
  master_secret_arn         = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:rds!db-0000-abcdef"
  master_secret_kms_key_arn = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
  vpc_id                    = "vpc-0123456789abcdef0"
  subnet_ids                = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  log_retention_in_days     = 365
  log_kms_key_arn           = "arn:aws:kms:eu-west-3:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
}

output "run_task_command" {
  description = "Creates the users once the database exists."
  value       = module.db_users.run_task_command
}
