# A Cloud Run (v2) worker pool: instances that pull their work (a Pub/Sub subscription...) and serve no request at
# all (no ingress, no URL, no invoker), with CPU always allocated, running as the service account it is given (its
# own, created by the caller), reading its secrets from Secret Manager (CMEK), encrypted with a customer-managed
# key and sending all its egress through the VPC.

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

# the worker's identity may read these secrets' versions, and nothing else in Secret Manager
resource "google_secret_manager_secret_iam_member" "accessor" {
  for_each = google_secret_manager_secret.this

  secret_id = each.value.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${var.service_account_email}"
}

resource "google_cloud_run_v2_worker_pool" "this" {
  name                = var.name
  location            = var.region
  description         = var.description
  deletion_protection = var.deletion_protection

  # a fixed number of always-on instances: a worker pool has no request to scale on
  scaling {
    scaling_mode          = "MANUAL"
    manual_instance_count = var.instances
  }

  template {
    service_account = var.service_account_email
    encryption_key  = var.kms_key
    # a revoked key stops the instances (after the shortest delay Cloud Run allows) instead of letting them run
    encryption_key_revocation_action = "SHUTDOWN"
    encryption_key_shutdown_duration = "3600s"

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

  depends_on = [google_secret_manager_secret_iam_member.accessor]
}
