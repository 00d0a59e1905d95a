# A Cloud Run (v2) service reachable only through the external HTTPS load balancer, running as the service
# account it is given (its own, created by the caller), reading its secrets from Secret Manager (CMEK) and sending all its egress through the VPC.

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

# the service's identity may read these secrets' versions, and nothing else in Secret Manager
resource "google_secret_manager_secret_iam_member" "accessor" {
  for_each = google_secret_manager_secret.this

  secret_id = each.value.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${var.service_account_email}"
}

resource "google_cloud_run_v2_service" "this" {
  name                = var.name
  location            = var.region
  description         = var.description
  ingress             = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
  deletion_protection = var.deletion_protection
  # no *.run.app address: the load balancer (Cloud Armor in front) is the only way in
  default_uri_disabled = true
  # callers are anonymous internet users arriving through the load balancer; ingress above refuses any other path
  invoker_iam_disabled = true

  template {
    service_account                  = var.service_account_email
    execution_environment            = "EXECUTION_ENVIRONMENT_GEN2"
    max_instance_request_concurrency = var.concurrency
    timeout                          = "60s"

    scaling {
      min_instance_count = var.min_instances
      max_instance_count = var.max_instances
    }

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

      ports {
        container_port = var.port
      }

      resources {
        limits = {
          cpu    = var.cpu
          memory = var.memory
        }
        cpu_idle          = true
        startup_cpu_boost = true
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

      startup_probe {
        initial_delay_seconds = 0
        period_seconds        = 5
        failure_threshold     = 24
        timeout_seconds       = 3

        http_get {
          path = var.health_check_path
          port = var.port
        }
      }

      liveness_probe {
        period_seconds    = 15
        failure_threshold = 3
        timeout_seconds   = 3

        http_get {
          path = var.health_check_path
          port = var.port
        }
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.accessor]
}
