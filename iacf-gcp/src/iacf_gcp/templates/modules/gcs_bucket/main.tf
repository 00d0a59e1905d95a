# A private Cloud Storage bucket for the application's objects: uniform bucket-level access, public access
# prevention enforced, CMEK, versioning (or a retention policy when one is asked), soft delete, usage logs to a
# second bucket, and object roles granted on this bucket only (CIS GCP 5.1, 5.2).

resource "google_storage_bucket" "access_logs" {
  #checkov:skip=CKV_GCP_62:This bucket receives the data bucket's usage logs; logging it into itself would loop
  name                        = "${var.name}-logs"
  location                    = var.location
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = var.labels

  versioning {
    enabled = true
  }

  encryption {
    default_kms_key_name = var.kms_key
  }

  lifecycle_rule {
    condition {
      age = var.access_log_days
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = 1
    }
    action {
      type = "Delete"
    }
  }
}

# Cloud Storage's own logging identity writes the usage logs, and nothing else
resource "google_storage_bucket_iam_member" "access_logs_writer" {
  bucket = google_storage_bucket.access_logs.name
  role   = "roles/storage.objectCreator"
  member = "group:cloud-storage-analytics@google.com"
}

resource "google_storage_bucket" "this" {
  name                        = var.name
  location                    = var.location
  storage_class               = var.storage_class
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = var.labels

  # Cloud Storage refuses versioning together with a retention policy: the policy then protects every object
  versioning {
    enabled = var.retention_days == 0
  }

  dynamic "retention_policy" {
    for_each = var.retention_days > 0 ? [var.retention_days] : []
    content {
      retention_period = retention_policy.value * 86400
      is_locked        = false
    }
  }

  soft_delete_policy {
    retention_duration_seconds = var.soft_delete_days * 86400
  }

  encryption {
    default_kms_key_name = var.kms_key
  }

  logging {
    log_bucket = google_storage_bucket.access_logs.name
  }

  # replaced and deleted versions are kept for recovery, not forever
  lifecycle_rule {
    condition {
      days_since_noncurrent_time = var.noncurrent_version_days
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      age = 7
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }

  dynamic "lifecycle_rule" {
    for_each = var.expiration_days > 0 ? [var.expiration_days] : []
    content {
      condition {
        age        = lifecycle_rule.value
        with_state = "LIVE"
      }
      action {
        type = "Delete"
      }
    }
  }
}

locals {
  # access level => the predefined object role that gives it, and nothing on the bucket's configuration
  roles = {
    read       = "roles/storage.objectViewer"
    write      = "roles/storage.objectCreator"
    read_write = "roles/storage.objectUser"
  }
}

resource "google_storage_bucket_iam_member" "client" {
  for_each = var.clients

  bucket = google_storage_bucket.this.name
  role   = local.roles[each.value.access]
  member = "serviceAccount:${each.value.email}"
}
