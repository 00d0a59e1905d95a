# Offline: the aws provider is mocked, so no account or credentials are needed.
mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  identifier                     = "test-prod-db"
  engine_version                 = "16"
  instance_class                 = "db.t4g.medium"
  db_name                        = "app"
  allocated_storage              = 20
  max_allocated_storage          = 100
  storage_kms_key_arn            = "arn:aws:kms:eu-west-3:123456789012:key/11111111-2222-3333-4444-555555555555"
  master_user_secret_kms_key_arn = "arn:aws:kms:eu-west-3:123456789012:key/66666666-7777-8888-9999-000000000000"
  multi_az                       = true
  db_subnet_group_name           = "test-prod-db"
  vpc_id                         = "vpc-0123456789abcdef0"
  backup_retention_period        = 30
  deletion_protection            = true
  skip_final_snapshot            = false
  log_retention_in_days          = 365
  log_kms_key_arn                = "arn:aws:kms:eu-west-3:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
  event_topic_arn                = "arn:aws:sns:eu-west-3:123456789012:example-prod-notifications"
}

run "private_and_encrypted" {
  command = plan

  assert {
    condition     = aws_db_instance.this.storage_encrypted && aws_db_instance.this.kms_key_id == var.storage_kms_key_arn
    error_message = "storage must be encrypted with the customer-managed key"
  }
  assert {
    condition     = aws_db_instance.this.publicly_accessible == false
    error_message = "the database must not be publicly accessible"
  }
  assert {
    condition     = aws_db_instance.this.manage_master_user_password == true
    error_message = "the master password must be generated and kept in Secrets Manager by RDS"
  }
  assert {
    condition     = aws_db_instance.this.iam_database_authentication_enabled == true
    error_message = "IAM database authentication must be on"
  }
  assert {
    condition     = aws_db_parameter_group.this.parameter != null && contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "rds.force_ssl=1")
    error_message = "TLS must be enforced by the parameter group"
  }
}

run "production_keeps_the_data" {
  command = plan

  assert {
    condition     = aws_db_instance.this.deletion_protection == true
    error_message = "deletion protection must be on in production"
  }
  assert {
    condition     = aws_db_instance.this.final_snapshot_identifier == "test-prod-db-final"
    error_message = "a final snapshot must be taken"
  }
  assert {
    condition     = aws_cloudwatch_log_group.this["postgresql"].kms_key_id == var.log_kms_key_arn
    error_message = "exported logs must be encrypted with the customer-managed key"
  }
}

run "operators_hear_of_failures" {
  command = plan

  assert {
    condition     = aws_db_event_subscription.instance.sns_topic == var.event_topic_arn && aws_db_event_subscription.instance.source_type == "db-instance"
    error_message = "instance events go to the operators' topic"
  }
  assert {
    condition     = length(setsubtract(["failure", "failover", "low storage", "maintenance", "configuration change"], aws_db_event_subscription.instance.event_categories)) == 0
    error_message = "failures, failovers, low storage, maintenance and configuration changes are notified"
  }
  assert {
    condition     = aws_db_event_subscription.parameters.source_type == "db-parameter-group" && contains(aws_db_event_subscription.parameters.event_categories, "configuration change")
    error_message = "parameter group changes are notified"
  }
}

run "a_major_version_is_upgraded_by_aws" {
  command = plan

  assert {
    condition     = aws_db_instance.this.engine_version == "16" && aws_db_instance.this.auto_minor_version_upgrade == true
    error_message = "a major version is passed as a prefix, with automatic minor upgrades"
  }
  assert {
    condition     = aws_db_parameter_group.this.family == "postgres16"
    error_message = "the parameter group family is derived from the major version"
  }
}

run "a_full_version_is_pinned" {
  command = plan

  variables {
    engine_version             = "16.4"
    auto_minor_version_upgrade = false
  }

  assert {
    condition     = aws_db_instance.this.engine_version == "16.4" && aws_db_instance.this.auto_minor_version_upgrade == false
    error_message = "a full version is kept, without automatic minor upgrades"
  }
  assert {
    condition     = aws_db_parameter_group.this.family == "postgres16"
    error_message = "the parameter group family is derived from the full version too"
  }
}

run "backup_retention_is_bounded" {
  command = plan

  variables {
    backup_retention_period = 0
  }

  expect_failures = [var.backup_retention_period]
}
