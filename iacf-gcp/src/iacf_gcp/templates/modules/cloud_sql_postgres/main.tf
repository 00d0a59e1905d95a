# Cloud SQL for PostgreSQL on a private IP only, encrypted with a customer-managed key, TLS required,
# IAM database authentication for the workloads (no password exists), the database flags CIS asks for, and
# backups with point-in-time recovery.

locals {
  # the IAM database user of a service account: its email without ".gserviceaccount.com"
  iam_users = {
    for name, email in var.iam_service_accounts :
    name => trimsuffix(email, ".gserviceaccount.com")
  }
}

resource "google_sql_database_instance" "this" {
  name                = var.name
  region              = var.region
  database_version    = var.database_version
  encryption_key_name = var.kms_key
  deletion_protection = var.deletion_protection

  settings {
    tier                        = var.tier
    edition                     = "ENTERPRISE"
    availability_type           = var.availability_type
    disk_type                   = "PD_SSD"
    disk_size                   = var.disk_size
    disk_autoresize             = true
    disk_autoresize_limit       = var.disk_autoresize_limit
    deletion_protection_enabled = var.deletion_protection
    retain_backups_on_delete    = true
    # Cloud SQL's labels are settings.user_labels, out of reach of the provider's default_labels
    user_labels = var.labels

    ip_configuration {
      ipv4_enabled                                  = false
      private_network                               = var.network
      ssl_mode                                      = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
      enable_private_path_for_google_cloud_services = true
    }

    backup_configuration {
      enabled                        = true
      start_time                     = "02:00"
      location                       = var.region
      point_in_time_recovery_enabled = var.point_in_time_recovery
      transaction_log_retention_days = var.transaction_log_retention_days

      backup_retention_settings {
        retained_backups = var.backup_retention_days
        retention_unit   = "COUNT"
      }
    }

    maintenance_window {
      day          = 7
      hour         = 3
      update_track = "stable"
    }

    insights_config {
      query_insights_enabled  = true
      record_application_tags = false
      record_client_address   = false
    }

    password_validation_policy {
      enable_password_policy      = true
      min_length                  = 16
      complexity                  = "COMPLEXITY_DEFAULT"
      disallow_username_substring = true
      reuse_interval              = 5
    }

    # CIS GCP 6.2 (PostgreSQL) database flags, and IAM database authentication
    database_flags {
      name  = "cloudsql.iam_authentication"
      value = "on"
    }

    database_flags {
      name  = "cloudsql.enable_pgaudit"
      value = "on"
    }

    database_flags {
      name  = "pgaudit.log"
      value = "ddl,role"
    }

    database_flags {
      name  = "log_checkpoints"
      value = "on"
    }

    database_flags {
      name  = "log_connections"
      value = "on"
    }

    database_flags {
      name  = "log_disconnections"
      value = "on"
    }

    database_flags {
      name  = "log_duration"
      value = "on"
    }

    database_flags {
      name  = "log_error_verbosity"
      value = "default"
    }

    database_flags {
      name  = "log_hostname"
      value = "on"
    }

    database_flags {
      name  = "log_lock_waits"
      value = "on"
    }

    database_flags {
      name  = "log_min_duration_statement"
      value = "-1"
    }

    database_flags {
      name  = "log_min_error_statement"
      value = "error"
    }

    database_flags {
      name  = "log_min_messages"
      value = "warning"
    }

    database_flags {
      name  = "log_statement"
      value = "ddl"
    }

    database_flags {
      name  = "log_temp_files"
      value = "0"
    }
  }
}

resource "google_sql_database" "this" {
  name     = var.database_name
  instance = google_sql_database_instance.this.name
}

# one IAM database user per workload identity: it logs in with a short-lived token, never a password
resource "google_sql_user" "iam" {
  for_each = local.iam_users

  name     = each.value
  instance = google_sql_database_instance.this.name
  type     = "CLOUD_IAM_SERVICE_ACCOUNT"
}

# Cloud SQL roles exist at project level only: each grant is conditioned on this instance
resource "google_project_iam_member" "client" {
  for_each = var.iam_service_accounts

  project = var.project_id
  role    = "roles/cloudsql.client"
  member  = "serviceAccount:${each.value}"

  condition {
    title       = "only-${var.name}"
    description = "Connect to ${var.name} only"
    expression  = "resource.name == \"projects/${var.project_id}/instances/${var.name}\" && resource.type == \"sqladmin.googleapis.com/Instance\""
  }
}

resource "google_project_iam_member" "instance_user" {
  for_each = var.iam_service_accounts

  project = var.project_id
  role    = "roles/cloudsql.instanceUser"
  member  = "serviceAccount:${each.value}"

  condition {
    title       = "only-${var.name}"
    description = "Log in to ${var.name} only"
    expression  = "resource.name == \"projects/${var.project_id}/instances/${var.name}\" && resource.type == \"sqladmin.googleapis.com/Instance\""
  }
}
