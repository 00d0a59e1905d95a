# A Cloud Functions (2nd gen) function: built by its own build service account into a CMEK Artifact Registry
# repository, run as its own service account, reachable only from inside the VPC (or through a load balancer),
# all of its egress through the VPC (Direct VPC egress), invocable only by the workloads named for it; with
# pubsub_trigger, each message of a Pub/Sub topic triggers it, with storage_trigger each new object of a bucket
# (Eventarc), pushed as the trigger's own identity.

locals {
  # the identity Eventarc delivers the events as: null for an HTTP function
  trigger_account = var.pubsub_trigger != null ? var.pubsub_trigger.service_account_email : (var.storage_trigger != null ? var.storage_trigger.service_account_email : null)
}

resource "google_artifact_registry_repository" "this" {
  repository_id = var.name
  location      = var.region
  format        = "DOCKER"
  description   = "Build images of the function ${var.name}"
  kms_key_name  = var.artifacts_kms_key
  labels        = var.labels

  # images of past builds are deleted: only the most recent ones serve a rollback
  cleanup_policy_dry_run = false

  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 10
    }
  }

  cleanup_policies {
    id     = "delete-old"
    action = "DELETE"
    condition {
      older_than = "2592000s"
    }
  }
}

# the build identity pushes to this repository only
resource "google_artifact_registry_repository_iam_member" "build" {
  repository = google_artifact_registry_repository.this.name
  location   = var.region
  role       = "roles/artifactregistry.writer"
  member     = "serviceAccount:${var.build_service_account_email}"
}

resource "google_cloudfunctions2_function" "this" {
  name         = var.name
  location     = var.region
  description  = var.description
  kms_key_name = var.kms_key
  labels       = var.labels

  build_config {
    runtime           = var.runtime
    entry_point       = var.entry_point
    docker_repository = google_artifact_registry_repository.this.id
    service_account   = "projects/${var.project_id}/serviceAccounts/${var.build_service_account_email}"

    source {
      storage_source {
        bucket = var.source_bucket
        object = var.source_object
      }
    }
  }

  service_config {
    available_memory               = var.memory
    timeout_seconds                = var.timeout_seconds
    min_instance_count             = var.min_instances
    max_instance_count             = var.max_instances
    ingress_settings               = var.ingress_settings
    all_traffic_on_latest_revision = true
    service_account_email          = var.service_account_email
    environment_variables          = var.env
    direct_vpc_egress              = "VPC_EGRESS_ALL_TRAFFIC"

    direct_vpc_network_interface {
      network    = var.network
      subnetwork = var.subnetwork
      tags       = var.network_tags
    }
  }

  # Eventarc's push subscription on the topic delivers each message; a failed delivery is retried with backoff
  dynamic "event_trigger" {
    for_each = var.pubsub_trigger == null ? [] : [var.pubsub_trigger]

    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = event_trigger.value.topic
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = event_trigger.value.service_account_email
    }
  }

  # each object created or overwritten in the bucket; the trigger lives in the bucket's location, as Eventarc
  # requires, and a failed delivery is retried with backoff
  dynamic "event_trigger" {
    for_each = var.storage_trigger == null ? [] : [var.storage_trigger]

    content {
      trigger_region        = event_trigger.value.location
      event_type            = "google.cloud.storage.object.v1.finalized"
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = event_trigger.value.service_account_email

      event_filters {
        attribute = "bucket"
        value     = event_trigger.value.bucket
      }
    }
  }

  lifecycle {
    precondition {
      condition     = local.trigger_account == null || var.timeout_seconds <= 540
      error_message = "An event-driven function runs at most 540 seconds: lower timeout_seconds."
    }

    precondition {
      condition     = var.pubsub_trigger == null || var.storage_trigger == null
      error_message = "A function has one event trigger: set pubsub_trigger or storage_trigger, not both."
    }
  }

  depends_on = [google_artifact_registry_repository_iam_member.build]
}

# a 2nd gen function is served by a Cloud Run service: invoking it is run.invoker on that service only
resource "google_cloud_run_v2_service_iam_member" "invoker" {
  for_each = var.invokers

  name     = google_cloudfunctions2_function.this.service_config[0].service
  location = var.region
  role     = "roles/run.invoker"
  member   = "serviceAccount:${each.value}"
}

# the trigger's identity may invoke this function's service, and nothing else
resource "google_cloud_run_v2_service_iam_member" "trigger" {
  count = local.trigger_account == null ? 0 : 1

  name     = google_cloudfunctions2_function.this.service_config[0].service
  location = var.region
  role     = "roles/run.invoker"
  member   = "serviceAccount:${local.trigger_account}"
}
