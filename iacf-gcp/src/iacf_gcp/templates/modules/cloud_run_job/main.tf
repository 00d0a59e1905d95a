# A Cloud Run (v2) job started by Cloud Scheduler: the job runs as the service account it is given (its own,
# created by the caller), reads its secrets from Secret Manager (CMEK), is encrypted with a customer-managed key and
# sends all its egress through the VPC; the scheduler calls the Cloud Run Admin API with an OAuth token of a
# dedicated invoker service account, which may run this job and nothing else.

# Secrets: created empty, stored in the region with the project's key; the operator adds the value (README).
resource "google_secret_manager_secret" "this" {
  for_each = toset(var.secrets)

  secret_id           = "${var.name}-${lower(replace(each.value, "_", "-"))}"
  deletion_protection = var.deletion_protection

  replication {
    user_managed {
      replicas {
        location = var.region

        customer_managed_encryption {
          kms_key_name = var.key_of_stored_values
        }
      }
    }
  }
}

# the job's identity may read these secrets' versions, and nothing else in Secret Manager
resource "google_secret_manager_secret_iam_member" "accessor" {
  for_each = google_secret_manager_secret.this

  secret_id = each.value.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${var.service_account_email}"
}

resource "google_cloud_run_v2_job" "this" {
  name                = var.name
  location            = var.region
  deletion_protection = var.deletion_protection

  template {
    task_count = var.tasks

    template {
      service_account       = var.service_account_email
      encryption_key        = var.kms_key
      execution_environment = "EXECUTION_ENVIRONMENT_GEN2"
      timeout               = "${var.timeout_seconds}s"
      max_retries           = var.max_retries

      vpc_access {
        egress = "ALL_TRAFFIC"

        network_interfaces {
          network    = var.network
          subnetwork = var.subnetwork
          tags       = var.network_tags
        }
      }

      containers {
        image = var.image

        resources {
          limits = {
            cpu    = var.cpu
            memory = var.memory
          }
        }

        dynamic "env" {
          for_each = var.env
          content {
            name  = env.key
            value = env.value
          }
        }

        dynamic "env" {
          for_each = toset(var.secrets)
          content {
            name = env.value
            value_source {
              secret_key_ref {
                secret  = google_secret_manager_secret.this[env.value].secret_id
                version = "latest"
              }
            }
          }
        }
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.accessor]
}

# the scheduler's identity may run this job (run.jobs.run) and nothing else
resource "google_cloud_run_v2_job_iam_member" "invoker" {
  name     = google_cloud_run_v2_job.this.name
  location = google_cloud_run_v2_job.this.location
  role     = "roles/run.invoker"
  member   = "serviceAccount:${var.invoker_service_account_email}"
}

resource "google_cloud_scheduler_job" "this" {
  name             = var.name
  region           = var.region
  description      = var.description
  schedule         = var.schedule
  time_zone        = var.time_zone
  attempt_deadline = "60s"

  # retries of the start request only (a failed task is retried by the job itself: max_retries)
  retry_config {
    retry_count          = 2
    min_backoff_duration = "30s"
    max_backoff_duration = "300s"
  }

  http_target {
    http_method = "POST"
    uri         = "https://run.googleapis.com/v2/projects/${google_cloud_run_v2_job.this.project}/locations/${var.region}/jobs/${google_cloud_run_v2_job.this.name}:run"

    oauth_token {
      service_account_email = var.invoker_service_account_email
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }

  depends_on = [google_cloud_run_v2_job_iam_member.invoker]
}
